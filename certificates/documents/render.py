"""WeasyPrint for the evaluation documents: the certificate's fetcher (the project's static
files only) and fonts, a portrait stylesheet, the fixed terms of each language; and the issue
of a document: its version in the registry, its code and QR printed on it."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation

from accounts.models import User
from competencies.models import Standard

from ..links import document_verification_url
from ..pdf import DATE_FORMATS, PDF_VARIANT, STATIC_ORIGIN, StaticFilesURLFetcher, qr_data_uri
from ..services.documents import document_copy_record, document_version_issue
from ..weasyprint_import import CSS, HTML, FontConfiguration
from .terms import TERMS

STYLESHEET = "certificates/css/document.css"
LANGUAGES = tuple(TERMS)


class UnknownDocumentLanguage(ValueError):
    """The documents exist in Spanish and English only."""


@functools.lru_cache(maxsize=1)
def _renderer():
    font_config = FontConfiguration()
    fetcher = StaticFilesURLFetcher()
    stylesheet = CSS(
        url=f"{STATIC_ORIGIN}{settings.STATIC_URL}{STYLESHEET}",
        url_fetcher=fetcher,
        font_config=font_config,
    )
    return font_config, fetcher, stylesheet


def document_date(value, language: str) -> str:
    if value is None:
        return ""
    with translation.override(language):
        return formats.date_format(value, DATE_FORMATS[language])


def document_language(language: str) -> str:
    """``language`` if the documents are written in it; otherwise ``UnknownDocumentLanguage``."""
    if language not in TERMS:
        raise UnknownDocumentLanguage(language)
    return language


def document_render(template: str, context: dict, *, language: str) -> bytes:
    """``template`` rendered with ``context`` and the fixed terms of ``language``, as PDF."""
    document_language(language)
    font_config, fetcher, stylesheet = _renderer()
    with translation.override(language):
        html = render_to_string(template, {**context, "t": TERMS[language], "lang": language})
    document = HTML(string=html, base_url=f"{STATIC_ORIGIN}/", url_fetcher=fetcher)
    return document.write_pdf(
        stylesheets=[stylesheet],
        font_config=font_config,
        pdf_variant=PDF_VARIANT,
        custom_metadata=False,
    )


@dataclass(frozen=True)
class Document:
    """One evaluation document about its subject, ready to print in either language: whose
    it is (for the registry) and how to state it (``context_of(language)``)."""

    kind: str
    template: str
    context_of: Callable[[str], dict]
    standard: Standard
    candidate: User | None = None
    evaluator: User | None = None
    judgement: object | None = None
    plan: object | None = None


# The language whose text the registry fingerprints (one code for both languages' PDFs).
FINGERPRINT_LANGUAGE = "es"


def document_fingerprint(document: Document, context: dict | None = None) -> str:
    """SHA-256 of what the document states: its Spanish HTML without code, QR or date."""
    language = FINGERPRINT_LANGUAGE
    context = context if context is not None else document.context_of(language)
    with translation.override(language):
        html = render_to_string(
            document.template,
            {**context, "generated_on": "", "t": TERMS[language], "lang": language},
        )
    return hashlib.sha256(html.encode("utf-8")).hexdigest()


def document_issue(document: Document, *, language: str) -> bytes:
    """The PDF of ``document`` in ``language``, with the verification code and QR of its
    version in the registry (the same for the same data) and that version's date."""
    document_language(language)
    spanish = document.context_of(FINGERPRINT_LANGUAGE)
    version = document_version_issue(
        kind=document.kind,
        standard=document.standard,
        candidate=document.candidate,
        evaluator=document.evaluator,
        judgement=document.judgement,
        plan=document.plan,
        data_sha256=document_fingerprint(document, spanish),
    )
    context = spanish if language == FINGERPRINT_LANGUAGE else document.context_of(language)
    url = document_verification_url(version, language)
    stamp = {
        "generated_on": document_date(timezone.localtime(version.issued_at).date(), language),
        "verification": {
            "code": version.display_code,
            "url": url,
            "qr_src": qr_data_uri(url),
        },
    }
    content = document_render(document.template, {**context, **stamp}, language=language)
    document_copy_record(document=version, language=language, content=content)
    return content
