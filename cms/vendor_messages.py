"""Spanish for the interface strings of the libraries Puente installs.

Wagtail, wagtail-localize and django-taggit ship Spanish catalogues that leave a few hundred of
their admin strings in English ("Exploring", "24 Pages created in Puente", "Usage count"), so a
Spanish editor's screen mixes the two languages. ``locale_vendor/`` completes them: it is the
second entry of ``LOCALE_PATHS``, after Puente's own catalogue and before every app's, and holds
only what the libraries leave out. ``untranslated`` says what is still missing; the test suite
fails when an upgrade brings new strings, and ``manage.py vendor_messages --add`` appends them
for translating.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.utils.translation import trans_real

import polib

SOURCE_LANGUAGE = "en"  # the libraries' msgids; their "en" catalogue lists every one


@dataclass(frozen=True)
class Message:
    app: str
    entry: polib.POEntry


def catalogue_path(language: str) -> Path:
    return settings.LOCALE_PATHS[1] / language / "LC_MESSAGES" / "django.po"


def untranslated(language: str) -> Iterator[Message]:
    """The installed apps' interface strings that have no translation in ``language``."""
    catalogue = trans_real.translation(language)._catalog  # every catalogue, merged
    seen = set()
    for app in apps.get_app_configs():
        source = Path(app.path) / "locale" / SOURCE_LANGUAGE / "LC_MESSAGES" / "django.po"
        if not source.exists():
            continue
        for entry in polib.pofile(str(source)):
            key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
            if entry.obsolete or (entry.msgctxt, entry.msgid) in seen:
                continue
            translated = (key, 0) in catalogue if entry.msgid_plural else key in catalogue
            if not translated:
                seen.add((entry.msgctxt, entry.msgid))
                yield Message(app.name, entry)
