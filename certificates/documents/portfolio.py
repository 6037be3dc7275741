"""The portfolio of evidence as one PDF (records, photos, quiz results) and as a ZIP of the
original files with that PDF."""

from __future__ import annotations

import base64
import io
import zipfile
from pathlib import PurePosixPath

from django.utils import timezone

from assessments.selectors.portfolio import Portfolio
from competencies.translation import translated

from .iec import standard_heading
from .models import IssuedDocument
from .render import Document, document_date, document_issue
from .terms import TERMS

PHOTO_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
}


def photo_name(record) -> str:
    """The photo's name inside the ZIP, which the PDF prints beside the record."""
    suffix = PurePosixPath(record.photo.name).suffix.lower()
    code = record.criterion.code.replace(" ", "-")
    return f"evidencias/{code}-{record.pk}{suffix}"


def _photo_data(record) -> str:
    suffix = PurePosixPath(record.photo.name).suffix.lower()
    with record.photo.open("rb") as handle:
        data = base64.b64encode(handle.read()).decode()
    return f"data:{PHOTO_TYPES.get(suffix, 'image/jpeg')};base64,{data}"


def portfolio_context(portfolio: Portfolio, language: str) -> dict:
    terms = TERMS[language]
    return {
        "standard": standard_heading(portfolio.standard, language),
        "candidate": portfolio.candidate,
        "records": [
            {
                "code": record.criterion.code,
                "kind": terms["kinds"][record.criterion.kind],
                "text": translated(record.criterion, "text", language),
                "result": terms["met"] if record.met else terms["not_met"],
                "observed_on": document_date(record.observed_on, language),
                "place": record.place,
                "evaluator": record.evaluator.printed_name,
                "notes": record.notes,
                "correction": record.correction_reason,
                "photo": _photo_data(record) if record.photo else "",
                "photo_name": photo_name(record) if record.photo else "",
            }
            for record in portfolio.records
        ],
        "attempts": [
            {
                "quiz": translated(attempt.quiz, "title", language),
                "number": attempt.number,
                "date": document_date(timezone.localtime(attempt.submitted_at).date(), language),
                "score": attempt.score,
                "passed": attempt.passed,
            }
            for attempt in portfolio.attempts
        ],
        "generated_on": document_date(timezone.localdate(), language),
    }


def portfolio_document(portfolio: Portfolio) -> Document:
    return Document(
        kind=IssuedDocument.Kind.PORTFOLIO,
        template="certificates/documents/portfolio.html",
        context_of=lambda language: portfolio_context(portfolio, language),
        standard=portfolio.standard,
        candidate=portfolio.candidate,
    )


def portfolio_pdf(portfolio: Portfolio, *, language: str) -> bytes:
    return document_issue(portfolio_document(portfolio), language=language)


def portfolio_zip(portfolio: Portfolio, *, language: str) -> bytes:
    """The PDF and every photo the records name, under the names the PDF prints."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        code = portfolio.standard.code
        archive.writestr(
            f"portafolio-{code}-{language}.pdf", portfolio_pdf(portfolio, language=language)
        )
        for record in portfolio.photos:
            with record.photo.open("rb") as handle:
                archive.writestr(photo_name(record), handle.read())
    return buffer.getvalue()
