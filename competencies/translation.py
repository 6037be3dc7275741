"""Bilingual text on domain models (DESIGN principle 2, applied to data rather than pages).

A standard, its elements and criteria, and the question items that measure them are one row
each: structure, codes, thresholds and answer keys exist once, so they cannot diverge
between languages. Only text exists twice, as ``<name>_es`` and ``<name>_en`` columns. The
``TranslatedText`` descriptor reads the active language and falls back to the source
language (or, failing that, any language with text) while a translation is missing.
"""

import re
from collections.abc import Mapping

from django.conf import settings
from django.utils import translation

from accounts.languages import language_codes


def active_language() -> str:
    """The active language if Puente speaks it (``fr-ca`` as such, ``es-mx`` as ``es``);
    otherwise the default."""
    language = (translation.get_language() or settings.LANGUAGE_CODE).lower()
    codes = language_codes()
    for candidate in (language, language.split("-")[0]):
        if candidate in codes:
            return candidate
    return settings.LANGUAGE_CODE


def column(field: str, language: str) -> str:
    """The attribute holding ``field`` in ``language``: ``title_es``, ``title_fr_ca``."""
    return re.sub(r"[^a-z0-9_]+", "_", f"{field}_{language}".lower())


def texts(instance, field: str) -> dict[str, str]:
    """``field`` of ``instance`` in every language, ``{language: text}`` (empty when missing)."""
    return {code: getattr(instance, column(field, code), "") or "" for code in language_codes()}


class TranslatedText:
    """``title = TranslatedText()`` reads ``title_es`` or ``title_en`` by the active language."""

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return translated(instance, self.name)


def translated(instance, field: str, language: str | None = None) -> str:
    """``field`` in ``language`` (the active one by default); while it is missing, in the
    instance's source language; failing that, in whichever language it was written."""
    return translated_value(
        texts(instance, field), language, source=getattr(instance, "source_language", None)
    )


def translated_value(
    texts: Mapping[str, str] | None, language: str | None = None, *, source: str | None = None
) -> str:
    """The one fallback rule, for texts kept as ``{language: text}`` (frozen item content,
    JSON snapshots) as for ``<field>_<language>`` columns: the text in ``language`` (the
    active one by default); while it is missing, in ``source`` (the default language when
    unknown); failing that, in any language that has it."""
    texts = texts or {}
    language = language or active_language()
    for candidate in dict.fromkeys((language, source or settings.LANGUAGE_CODE, *language_codes())):
        if texts.get(candidate):
            return texts[candidate]
    return ""


def missing_languages(instance, fields: tuple[str, ...]) -> list[str]:
    """Languages in which any of ``fields`` is still empty."""
    return [
        language
        for language in language_codes()
        if any(not getattr(instance, column(field, language), "") for field in fields)
    ]


def require_source_text(instance, fields: tuple[str, ...]) -> None:
    """Raise ``ValidationError`` for each of ``fields`` empty in the source language.

    The other language may stay empty (pages fall back to the source); the source may not.
    Does nothing while the source language cannot be known yet (an unsaved parent).
    """
    from django.core.exceptions import ObjectDoesNotExist, ValidationError
    from django.utils.translation import gettext

    try:
        source = instance.source_language
    except ObjectDoesNotExist:
        return
    if source not in language_codes():
        return
    errors = {
        column(field, source): gettext("Required in the source language.")
        for field in fields
        if not (getattr(instance, column(field, source), "") or "").strip()
    }
    if errors:
        raise ValidationError(errors)
