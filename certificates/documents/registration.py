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
from .render import document_date, document_language, document_render
from .terms import TERMS


def _rows(rows, language: str) -> list[dict]:
    terms = TERMS[language]
    return [
        {
            "code": row.result.code,
            "kind": terms["kinds"][row.criterion.kind],
            "text": translated(row.criterion, "text", language),
            "result": terms["pending"] if row.result.is_pending else terms["not_met"],
            "percent": row.result.percent,
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
        "to_study": _rows(diagnosis.to_study, language),
        "generated_on": document_date(timezone.localdate(), language),
    }


def registration_pdf(candidate: User, standard: Standard, *, language: str) -> bytes:
    document_language(language)
    with translation.override(language):  # the modules' titles and links in that language
        diagnosis = diagnosis_of(candidate=candidate, standard=standard)
    context = registration_context(candidate, standard, diagnosis, language)
    return document_render("certificates/documents/registration.html", context, language=language)
