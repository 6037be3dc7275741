"""Writes for the plan de evaluación: the evaluator proposes, the candidate accepts.

Proposing asks the same rule as every evaluation write (``evaluation_check``) and needs the
evidence to collect for every element of the standard; a new proposal replaces the plan in
force. Only the candidate accepts, only the plan in force, once.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from competencies.models import Standard

from ..models import EvaluationPlan, EvaluationPlanElement
from ..selectors.plan import plan_current
from ..selectors.report import standard_elements
from .evidence import EvaluationRefused, evaluation_check
from .report import documents_may_read


@transaction.atomic
def plan_propose(
    *,
    evaluator: User,
    candidate: User,
    standard: Standard,
    scheduled_on: date,
    place: str,
    evidence: Mapping[int, str],
    now: datetime | None = None,
) -> EvaluationPlan:
    """Propose a plan: ``evidence`` maps each element id of ``standard`` to what to collect."""
    now = now or timezone.now()
    evaluation_check(evaluator=evaluator, candidate=candidate, standard=standard)
    if scheduled_on < timezone.localdate(now):
        raise EvaluationRefused(_("The evaluation date cannot be in the past."), code="past_date")
    if not place.strip():
        raise EvaluationRefused(_("Say where the evaluation takes place."), code="place")
    elements = standard_elements(standard)
    missing = [e.number for e in elements if not (evidence.get(e.pk) or "").strip()]
    if not elements:
        raise EvaluationRefused(
            _("%(standard)s has no elements yet.") % {"standard": standard.code}, code="empty"
        )
    if missing:
        raise EvaluationRefused(
            _("Say what evidence to collect for element(s) %(numbers)s.")
            % {"numbers": ", ".join(str(n) for n in missing)},
            code="evidence",
        )
    plan = EvaluationPlan(
        candidate=candidate,
        standard=standard,
        evaluator=evaluator,
        scheduled_on=scheduled_on,
        place=place.strip(),
        proposed_at=now,
    )
    plan.full_clean()
    plan.save()
    EvaluationPlanElement.objects.bulk_create(
        EvaluationPlanElement(plan=plan, element=e, evidence=evidence[e.pk].strip())
        for e in elements
    )
    return plan


@transaction.atomic
def plan_accept(
    *, candidate: User, plan: EvaluationPlan, now: datetime | None = None
) -> EvaluationPlan:
    """The candidate agrees to the plan in force."""
    now = now or timezone.now()
    plan = EvaluationPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.candidate_id != candidate.pk:
        raise EvaluationRefused(_("Only the candidate accepts their plan."), code="not_candidate")
    current = plan_current(candidate=candidate, standard=plan.standard)
    if current is None or current.pk != plan.pk:
        raise EvaluationRefused(
            _("The evaluator proposed a newer plan; review that one."), code="superseded"
        )
    if plan.is_accepted:
        raise EvaluationRefused(_("You already accepted this plan."), code="accepted")
    plan.accepted_at = now
    plan.save(update_fields=["accepted_at"])
    return plan


def plan_may_read(*, user: User, plan: EvaluationPlan) -> bool:
    """Who may read a plan: as for every evaluation document of its candidate."""
    return documents_may_read(user=user, candidate=plan.candidate, standard=plan.standard)
