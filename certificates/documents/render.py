"""WeasyPrint for the evaluation documents: the certificate's fetcher (the project's static
files only) and fonts, a portrait stylesheet, the fixed terms of each language."""

from __future__ import annotations

import functools

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats, translation

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from ..pdf import DATE_FORMATS, PDF_VARIANT, STATIC_ORIGIN, StaticFilesURLFetcher
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
