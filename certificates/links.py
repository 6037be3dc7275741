"""Absolute links to a certificate or an evaluation document, for QR codes and e-mails (no
request at hand)."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from accounts.notifications import absolute_url


def verification_url(certificate, language: str | None = None) -> str:
    """``<PUENTE_BASE_URL>/<lang>/verify/<code>/``; the holder's language unless told."""
    language = language or certificate.holder.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        return code_verification_url(certificate.code)


def code_verification_url(code: str) -> str:
    """``<PUENTE_BASE_URL>/<lang>/verify/<code>/`` in the active language."""
    return absolute_url(reverse("certificates:verify", kwargs={"code": code}))


def my_certificates_url(language: str) -> str:
    with translation.override(language):
        return absolute_url(reverse("certificates:mine"))


def document_verification_url(document, language: str) -> str:
    """``<PUENTE_BASE_URL>/<lang>/verify/document/<code>/``: an evaluation document's page."""
    with translation.override(language):
        return absolute_url(reverse("certificates:verify_document", kwargs={"code": document.code}))
