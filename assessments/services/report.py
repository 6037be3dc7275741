"""Writes for the cédula de evaluación: the evaluator's text beside a recorded judgement.

Who may write it: the evaluator who recorded the judgement, while they may still evaluate the
candidate (the same rule as every evaluation write), and only for the candidate's current
judgement (a newer one has its own cédula). A draft may be saved any number of times;
confirming it needs best practices and areas of opportunity, and freezes it.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role, user_has_role
from competencies.models import Standard

from ..models import EvaluationReport, Judgement
from ..selectors.judgement import judgement_current
from .evidence import EvaluationRefused, evaluation_check, evaluation_refusal


@transaction.atomic
def report_save(
    *,
    evaluator: User,
    judgement: Judgement,
    best_practices: str,
    opportunity_areas: str,
    recommendations: str,
    confirm: bool = False,
    now: datetime | None = None,
) -> EvaluationReport:
    """Save the cédula of ``judgement`` as a draft, or confirm it (then it is frozen)."""
    now = now or timezone.now()
    evaluation_check(
        evaluator=evaluator, candidate=judgement.candidate, standard=judgement.standard
    )
    if judgement.evaluator_id != evaluator.pk:
        raise EvaluationRefused(
            _("Only the evaluator who recorded this judgement writes its cédula."),
            code="not_author",
        )
    current = judgement_current(candidate=judgement.candidate, standard=judgement.standard)
    if current is None or current.pk != judgement.pk:
        raise EvaluationRefused(
            _("A newer judgement was recorded; write the cédula of that one."), code="superseded"
        )
    report = EvaluationReport.objects.select_for_update().filter(
        judgement=judgement
    ).first() or EvaluationReport(judgement=judgement, evaluator=evaluator)
    if report.is_confirmed:
        raise EvaluationRefused(
            _("This cédula was confirmed on %(date)s and can no longer change.")
            % {"date": timezone.localtime(report.confirmed_at).strftime("%Y-%m-%d %H:%M")},
            code="confirmed",
        )
    report.best_practices = best_practices.strip()
    report.opportunity_areas = opportunity_areas.strip()
    report.recommendations = recommendations.strip()
    report.evaluator = evaluator
    report.updated_at = now
    if confirm:
        missing = [
            label
            for label, text in (
                (_("best practices"), report.best_practices),
                (_("areas of opportunity"), report.opportunity_areas),
            )
            if not text
        ]
        if missing:
            raise EvaluationRefused(
                _("Write the %(parts)s before confirming the cédula.")
                % {"parts": _(" and ").join(missing)},
                code="incomplete",
            )
        report.confirmed_at = now
    report.full_clean()
    report.save()
    return report


def report_may_read(*, user: User, judgement: Judgement) -> bool:
    """Who may read a judgement's cédula: the candidate once it is confirmed, administrators,
    and evaluators the evaluation rule lets assess the candidate on the standard."""
    if not user.is_authenticated:
        return False
    if judgement.candidate_id == user.pk:
        report = EvaluationReport.objects.filter(judgement=judgement).first()
        return report is not None and report.is_confirmed
    if user_has_role(user, Role.ADMINISTRATOR):
        return True
    refusal = evaluation_refusal(
        evaluator=user, candidate=judgement.candidate, standard=judgement.standard
    )
    return refusal is None


def documents_may_read(*, user: User, candidate: User, standard: Standard) -> bool:
    """Who may read a candidate's evaluation documents on a standard (plan, portfolio): the
    candidate, administrators, and evaluators the evaluation rule lets assess the candidate."""
    if not user.is_authenticated:
        return False
    if candidate.pk == user.pk or user_has_role(user, Role.ADMINISTRATOR):
        return True
    return evaluation_refusal(evaluator=user, candidate=candidate, standard=standard) is None
