"""Writes for the candidate's self-assessment on a standard (the diagnosis reads it:
``assessments.selectors.portfolio.Diagnosis``)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from competencies.models import Standard

from ..models import SelfAssessment
from ..selectors.report import standard_elements
from .evidence import EvaluationRefused


@transaction.atomic
def self_assessment_save(
    *,
    candidate: User,
    standard: Standard,
    answers: Mapping[int, str],
    now: datetime | None = None,
) -> list[SelfAssessment]:
    """Record the candidate's answer for every criterion of ``standard`` (criterion id →
    ``SelfAssessment.Level``), replacing earlier answers; all of them or none."""
    now = now or timezone.now()
    criteria = [c for element in standard_elements(standard) for c in element.criteria.all()]
    if not criteria:
        raise EvaluationRefused(
            _("%(standard)s has no criteria yet.") % {"standard": standard.code}, code="empty"
        )
    missing = [c.code for c in criteria if answers.get(c.pk) not in SelfAssessment.Level.values]
    if missing:
        raise EvaluationRefused(
            _("Answer every criterion: %(codes)s.") % {"codes": ", ".join(missing)},
            code="missing",
        )
    saved = []
    for criterion in criteria:
        answer, _created = SelfAssessment.objects.update_or_create(
            candidate=candidate,
            criterion=criterion,
            defaults={"level": answers[criterion.pk], "answered_at": now},
        )
        saved.append(answer)
    return saved
