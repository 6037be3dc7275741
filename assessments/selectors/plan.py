"""Reads for the plan de evaluación."""

from __future__ import annotations

from django.db.models import Prefetch

from accounts.models import User
from competencies.models import Standard

from ..models import EvaluationPlan, EvaluationPlanElement


def plan_current(*, candidate: User, standard: Standard) -> EvaluationPlan | None:
    """The candidate's plan in force for ``standard`` (the latest proposed), with its evidence
    per element (2 queries)."""
    return _with_elements(EvaluationPlan.objects.filter(candidate=candidate, standard=standard))


def plan_of(*, pk: int) -> EvaluationPlan | None:
    """Plan ``pk`` with its evidence per element (2 queries)."""
    return _with_elements(EvaluationPlan.objects.filter(pk=pk))


def _with_elements(plans) -> EvaluationPlan | None:
    plan = (
        plans.select_related("evaluator", "candidate", "standard__framework")
        .prefetch_related(
            Prefetch(
                "elements",
                queryset=EvaluationPlanElement.objects.select_related("element").order_by(
                    "element__number"
                ),
            )
        )
        .order_by("-proposed_at", "-pk")
        .first()
    )
    if plan is not None:
        for row in plan.elements.all():
            row.element.standard = plan.standard
    return plan
