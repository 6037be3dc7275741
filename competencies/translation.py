"""Bilingual text on domain models (DESIGN principle 2, applied to data rather than pages).

A standard, its elements and criteria, and the question items that measure them are one row
each: structure, codes, thresholds and answer keys exist once, so they cannot diverge
between languages. Only text exists once per language of ``settings.LANGUAGES``, as
``<name>_<language>`` columns that django-translated-fields generates from one declaration
(:class:`TranslatedText`). Reading ``<name>`` gives the active language and falls back to the
instance's source language (or, failing that, any language with text) while a translation is
missing: the one fallback rule, :func:`translated_value`.
"""

from collections.abc import Mapping
from functools import lru_cache

from django.conf import settings
from django.utils import translation
from django.utils.text import format_lazy

from translated_fields import TranslatedField, to_attribute

from accounts.languages import LANGUAGE_CODES, language_codes


def active_language() -> str:
    """The active language if Puente speaks it (``fr-ca`` as such, ``es-mx`` as ``es``);
    otherwise the default."""
    language = (translation.get_language() or settings.LANGUAGE_CODE).lower()
    codes = language_codes()
    for candidate in (language, language.split("-")[0]):
        if candidate in codes:
            return candidate
    return settings.LANGUAGE_CODE


@lru_cache(maxsize=512)
def column(field: str, language: str) -> str:
    """The attribute holding ``field`` in ``language``: ``title_es``, ``title_fr_ca`` (a pure
    function of its arguments, remembered: every text read on every page asks it)."""
    return to_attribute(field, language)


def columns(field: str) -> list[str]:
    """The attributes holding ``field`` in every language (``search_fields``, lookups across a
    relation such as ``standard__title``)."""
    return [column(field, code) for code in LANGUAGE_CODES]


def texts(instance, field: str) -> dict[str, str]:
    """``field`` of ``instance`` in every language, ``{language: text}`` (empty when missing)."""
    return {code: getattr(instance, column(field, code), "") or "" for code in language_codes()}


class TranslatedText(TranslatedField):
    """A text written once per language in ``settings.LANGUAGES``.

    ``title = TranslatedText(models.CharField(_("title"), max_length=200, blank=True))`` makes
    one column per language (``title_es``, ``title_en``; ``title_fr_ca`` once Canadian French is
    added to the setting and migrated), each labelled "title (Spanish)" and so on, and reads
    ``title`` in the active language with :func:`translated`'s fallback. Writing ``title``
    writes the active language's column. ``specific`` sets arguments per language, as
    django-translated-fields does (``{"es": {"default": "…"}}``).
    """

    def __init__(self, field, specific=None):
        specific = specific or {}
        names = dict(settings.LANGUAGES)
        labels = {
            code: {"verbose_name": _labelled(field.verbose_name, names[code])} for code in names
        }
        super().__init__(
            field,
            {code: labels[code] | specific.get(code, {}) for code in names},
            attrgetter=lambda name, field: lambda instance: translated(instance, name),
        )


def _labelled(verbose_name, language_name):
    return format_lazy("{field} ({language})", field=verbose_name, language=language_name)


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
