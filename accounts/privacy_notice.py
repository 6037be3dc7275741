"""The privacy notice (aviso de privacidad) and its versions.

Each version is a pair of templates, ``privacy/notice/<version>_<language>.html`` (in the
``privacy`` app, which shows the notice and handles the rights it describes), kept once
published: a consent names the version its person accepted, so what they accepted can always be
shown. Publishing a change means adding templates under a new version and making it
``CURRENT_VERSION``; everyone is then asked to accept it again at their next login.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation


@dataclass(frozen=True)
class NoticeVersion:
    code: str
    published_on: datetime.date

    def template_name(self, language: str | None = None) -> str:
        language = language or translation.get_language() or settings.LANGUAGE_CODE
        if language not in dict(settings.LANGUAGES) or language not in NOTICE_LANGUAGES:
            language = settings.LANGUAGE_CODE
        return f"privacy/notice/{self.code}_{language}.html"


#: The languages the notice is written in (its text is legal prose, one template per language).
NOTICE_LANGUAGES = ("es", "en")

VERSIONS = {
    version.code: version for version in (NoticeVersion("2026-11", datetime.date(2026, 11, 28)),)
}
CURRENT_VERSION = VERSIONS["2026-11"]
