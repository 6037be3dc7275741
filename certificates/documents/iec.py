"""The IEC of a standard as a PDF: guía de observación, lista de cotejo, cuestionario."""

from __future__ import annotations

from decimal import Decimal

from django.utils import formats, timezone, translation
from django.utils.html import strip_tags

from assessments.selectors.instrument import Instrument, Reactivo, Section, instrument_of
from competencies.models import Standard
from competencies.translation import translated

from .models import IssuedDocument
from .render import Document, document_date, document_issue
from .terms import TERMS


def standard_heading(standard: Standard, language: str) -> dict:
    return {
        "code": standard.code,
        "title": translated(standard, "title", language),
        "level": standard.level,
        "version": standard.version,
        "is_sample": standard.is_sample,
    }


def _number(value: Decimal, language: str) -> str:
    """``50``, ``33,33`` (es) / ``33.33`` (en): no trailing zeros, the language's separator."""
    with translation.override(language):
        return formats.number_format(value.normalize(), use_l10n=True)


def _row(reactivo: Reactivo, language: str) -> dict:
    criterion = reactivo.criterion
    link = reactivo.item_link
    return {
        "number": reactivo.number,
        "code": criterion.code,
        "kind": TERMS[language]["kinds"][criterion.kind],
        "text": translated(criterion, "text", language),
        "element": reactivo.element.number,
        "weight": _number(reactivo.weight, language),
        "question": strip_tags(translated(link.item, "stem", language)).strip() if link else "",
        "question_name": link.item.name if link else "",
        "question_weight": _number(link.weight, language) if link else None,
        "points": _number(link.item.points, language) if link else None,
    }


def iec_context(instrument: Instrument, language: str) -> dict:
    standard = instrument.standard
    return {
        "standard": standard_heading(standard, language),
        "elements": [
            {"number": e.number, "title": translated(e, "title", language)}
            for e in instrument.elements
        ],
        "element_count": len(instrument.elements),
        "sections": [
            {
                "key": str(section),
                "rows": [_row(r, language) for r in instrument.sections[section]],
            }
            for section in Section
        ],
        "missing_questions": [
            {"code": c.code, "text": translated(c, "text", language)}
            for c in instrument.criteria_without_reactivo
        ],
        "generated_on": document_date(timezone.localdate(), language),
    }


def iec_document(standard: Standard) -> Document:
    instrument = instrument_of(standard)
    return Document(
        kind=IssuedDocument.Kind.IEC,
        template="certificates/documents/iec.html",
        context_of=lambda language: iec_context(instrument, language),
        standard=standard,
    )


def iec_pdf(standard: Standard, *, language: str) -> bytes:
    """The IEC of ``standard`` in ``language`` (``es`` or ``en``)."""
    return document_issue(iec_document(standard), language=language)
