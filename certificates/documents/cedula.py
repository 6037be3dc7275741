"""A judgement's cédula de evaluación as a PDF: verdict, criteria not covered, the evaluator's
text and each criterion's result, as recorded (the judgement's frozen basis)."""

from __future__ import annotations

from django.utils import timezone

from assessments.models import Judgement
from assessments.selectors.report import CriterionOutcome, JudgementRecord, judgement_record_of
from competencies.translation import translated

from .iec import standard_heading
from .models import IssuedDocument
from .render import Document, document_date, document_issue
from .terms import TERMS


def _outcome(outcome: CriterionOutcome, language: str) -> dict:
    terms = TERMS[language]
    criterion = outcome.criterion
    if outcome.status == "pending":
        result = terms["pending"]
    else:
        result = terms["met"] if outcome.is_covered else terms["not_met"]
    return {
        "code": outcome.code,
        "kind": terms["kinds"].get(outcome.kind, outcome.kind),
        "text": translated(criterion, "text", language) if criterion else "",
        "result": result,
        "percent": outcome.percent,
        "threshold": outcome.threshold_percent,
        "observed": bool(outcome.evidence_ids),
    }


def cedula_context(record: JudgementRecord, language: str) -> dict:
    judgement = record.judgement
    report = record.report
    return {
        "standard": standard_heading(judgement.standard, language),
        "candidate": judgement.candidate,
        "evaluator": judgement.evaluator,
        "decided_on": document_date(timezone.localtime(judgement.decided_at).date(), language),
        "verdict": TERMS[language]["competent" if judgement.is_competent else "not_yet"],
        "is_competent": judgement.is_competent,
        "report": report,
        "confirmed_on": report
        and report.confirmed_at
        and document_date(timezone.localtime(report.confirmed_at).date(), language),
        "not_covered": [_outcome(o, language) for o in record.not_covered],
        "elements": [
            {
                "number": element.element.number if element.element else None,
                "title": translated(element.element, "title", language) if element.element else "",
                "criteria": [_outcome(o, language) for o in element.criteria],
            }
            for element in record.elements
        ],
        "generated_on": document_date(timezone.localdate(), language),
    }


def cedula_document(judgement: Judgement) -> Document:
    record = judgement_record_of(judgement)
    return Document(
        kind=IssuedDocument.Kind.CEDULA,
        template="certificates/documents/cedula.html",
        context_of=lambda language: cedula_context(record, language),
        standard=judgement.standard,
        candidate=judgement.candidate,
        evaluator=judgement.evaluator,
        judgement=judgement,
    )


def cedula_pdf(judgement: Judgement, *, language: str) -> bytes:
    """The cédula of ``judgement`` in ``language`` (``es`` or ``en``)."""
    return document_issue(cedula_document(judgement), language=language)
