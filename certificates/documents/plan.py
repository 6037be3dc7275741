"""A plan de evaluación as a PDF: date, place, the evidence per element, acceptance."""

from __future__ import annotations

from django.utils import timezone

from assessments.models import EvaluationPlan
from competencies.translation import translated

from .iec import standard_heading
from .models import IssuedDocument
from .render import Document, document_date, document_issue


def plan_context(plan: EvaluationPlan, language: str) -> dict:
    return {
        "standard": standard_heading(plan.standard, language),
        "candidate": plan.candidate,
        "evaluator": plan.evaluator,
        "scheduled_on": document_date(plan.scheduled_on, language),
        "place": plan.place,
        "elements": [
            {
                "number": row.element.number,
                "title": translated(row.element, "title", language),
                "evidence": row.evidence,
            }
            for row in plan.elements.all()
        ],
        "proposed_on": document_date(timezone.localtime(plan.proposed_at).date(), language),
        "accepted_on": plan.accepted_at
        and document_date(timezone.localtime(plan.accepted_at).date(), language),
        "generated_on": document_date(timezone.localdate(), language),
    }


def plan_document(plan: EvaluationPlan) -> Document:
    """``plan``, its elements prefetched (see ``assessments.selectors.plan``)."""
    return Document(
        kind=IssuedDocument.Kind.PLAN,
        template="certificates/documents/plan.html",
        context_of=lambda language: plan_context(plan, language),
        standard=plan.standard,
        candidate=plan.candidate,
        evaluator=plan.evaluator,
        plan=plan,
    )


def plan_pdf(plan: EvaluationPlan, *, language: str) -> bytes:
    """``plan`` (its elements prefetched, see ``assessments.selectors.plan``) in ``language``."""
    return document_issue(plan_document(plan), language=language)
