"""The ficha de registro and the diagnóstico of a candidate on a standard, as one PDF: who the
candidate is and where they prepare, then whether to train first (and what) or to go to the
evaluation, from their results so far."""

from __future__ import annotations

from django.utils import timezone, translation

from accounts.models import User
from assessments.selectors.portfolio import Diagnosis, diagnosis_of, enrollments_for
from competencies.models import Standard
from competencies.translation import translated

from .iec import standard_heading
from .models import IssuedDocument
from .render import Document, document_date, document_issue
from .terms import TERMS


def _result(row, terms) -> str:
    if row.result.is_mastered:
        return terms["met"]
    return terms["pending"] if row.result.is_pending else terms["not_met"]


def _rows(diagnosis: Diagnosis, rows, language: str) -> list[dict]:
    terms = TERMS[language]
    return [
        {
            "code": row.result.code,
            "kind": terms["kinds"][row.criterion.kind],
            "text": translated(row.criterion, "text", language),
            "result": _result(row, terms),
            "percent": row.result.percent,
            "self_level": terms["self_levels"].get(diagnosis.self_level(row) or "", ""),
            "modules": [link.title for link in row.modules],
        }
        for row in rows
    ]


def registration_context(
    candidate: User, standard: Standard, diagnosis: Diagnosis, language: str
) -> dict:
    progress = diagnosis.progress
    return {
        "standard": standard_heading(standard, language),
        "candidate": candidate,
        "enrollments": [
            {
                "course": translated(enrollment.course, "title", language),
                "cohort": enrollment.cohort.name if enrollment.cohort else "",
                "enrolled_on": document_date(
                    timezone.localtime(enrollment.enrolled_at).date(), language
                ),
            }
            for enrollment in enrollments_for(candidate=candidate, standard=standard)
        ],
        "mastered": progress.result.mastered_count,
        "total": len(progress.criteria),
        "ready": diagnosis.ready_for_evaluation,
        "to_study": _rows(diagnosis, diagnosis.to_study, language),
        "self_assessed": bool(diagnosis.self_levels),
        "self_assessment": _rows(diagnosis, diagnosis.progress.criteria, language),
        "generated_on": document_date(timezone.localdate(), language),
    }


def _registration_context(candidate: User, standard: Standard, language: str) -> dict:
    with translation.override(language):  # the modules' titles and links in that language
        diagnosis = diagnosis_of(candidate=candidate, standard=standard)
    return registration_context(candidate, standard, diagnosis, language)


def registration_document(candidate: User, standard: Standard) -> Document:
    return Document(
        kind=IssuedDocument.Kind.REGISTRATION,
        template="certificates/documents/registration.html",
        context_of=lambda language: _registration_context(candidate, standard, language),
        standard=standard,
        candidate=candidate,
    )


def registration_pdf(candidate: User, standard: Standard, *, language: str) -> bytes:
    return document_issue(registration_document(candidate, standard), language=language)
