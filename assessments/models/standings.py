"""Per-candidate, per-criterion standings: the cohort reports' summary table.

A standing is what ``assessments.scoring.competency`` says of one candidate on one criterion
with evidence (mastered or not yet; the score; whether an evaluator's record decided it),
stored so that a report over ten thousand candidates reads and counts rows in SQL instead of
scoring every learner in Python; a criterion without evidence has no row (pending). It is
derived data: ``assessments.services.standings`` writes it in the same transaction as
whatever changes it (an attempt graded, evidence recorded), and ``manage.py
standings_rebuild`` recomputes it from scratch; the progress pages a candidate reads still
compute from the evidence itself.

``StandingsBasis`` records, per standard, a digest of the rules the standings were computed
with (criteria, thresholds, the quizzes' attempt policies); when a report finds the rules
changed, it asks for the standard's standings to be recomputed.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from competencies.models import Criterion, Standard

from ..scoring.competency import CriterionStatus


class CriterionStanding(models.Model):
    class Status(models.TextChoices):
        MASTERED = CriterionStatus.MASTERED, _("Mastered")
        NOT_YET = CriterionStatus.NOT_YET, _("Not yet mastered")
        PENDING = CriterionStatus.PENDING, _("Pending: no evidence yet")

    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("candidate"),
        on_delete=models.CASCADE,
        related_name="criterion_standings",
    )
    standard = models.ForeignKey(
        Standard, verbose_name=_("standard"), on_delete=models.CASCADE, related_name="+"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(_("status"), max_length=8, choices=Status.choices)
    percent = models.PositiveSmallIntegerField(_("score (%)"), null=True, blank=True)
    observed = models.BooleanField(_("decided by an evaluator's record"), default=False)

    class Meta:
        verbose_name = _("criterion standing")
        verbose_name_plural = _("criterion standings")
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "criterion"], name="assessments_standing_one_per_criterion"
            ),
            models.CheckConstraint(
                condition=models.Q(percent__isnull=True) | models.Q(percent__lte=100),
                name="assessments_standing_percent_range",
            ),
        ]
        indexes = [
            models.Index(fields=["standard", "candidate"], name="assessments_standing_std_cand"),
        ]

    def __str__(self):
        return f"{self.candidate_id} · {self.criterion_id}: {self.status}"


class StandingsBasis(models.Model):
    """The rules a standard's standings were last computed with (a digest)."""

    standard = models.OneToOneField(
        Standard, verbose_name=_("standard"), on_delete=models.CASCADE, related_name="+"
    )
    digest = models.CharField(_("digest of the rules"), max_length=64)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("basis of the standings")
        verbose_name_plural = _("bases of the standings")

    def __str__(self):
        return f"{self.standard_id}: {self.digest[:12]}"
