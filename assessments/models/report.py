"""The cédula de evaluación: the evaluator's written record beside one recorded judgement.

The verdict and the criteria not covered are not stored here: they are the judgement's, read
from its frozen basis, so the cédula can never disagree with the judgement it documents. What
the evaluator adds (best practices, areas of opportunity, training recommendations) is a
draft until confirmed; a confirmed cédula is frozen, and a later judgement (new evidence)
gets a cédula of its own.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .judgement import Judgement


class FrozenReportError(RuntimeError):
    """A confirmed cédula is never changed; a new judgement gets a new one."""


class EvaluationReport(models.Model):
    """*Cédula de evaluación* for one judgement: the evaluator's observations and confirmation."""

    judgement = models.OneToOneField(
        Judgement,
        verbose_name=_("judgement"),
        on_delete=models.PROTECT,
        related_name="report",
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("evaluator"),
        on_delete=models.PROTECT,
        related_name="evaluation_reports",
    )
    best_practices = models.TextField(_("best practices"), blank=True)
    opportunity_areas = models.TextField(_("areas of opportunity"), blank=True)
    recommendations = models.TextField(_("training recommendations"), blank=True)
    updated_at = models.DateTimeField(_("last saved at"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("evaluation record (cédula)")
        verbose_name_plural = _("evaluation records (cédulas)")
        ordering = ["-updated_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(confirmed_at__isnull=True)
                | (~models.Q(best_practices="") & ~models.Q(opportunity_areas="")),
                name="assessments_report_confirmed_is_complete",
                violation_error_message=_(
                    "A confirmed cédula states best practices and areas of opportunity."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.judgement} · {self.confirmed_at or '—'}"

    def save(self, *args, **kwargs):
        if not self._state.adding and self._confirmed_in_database():
            raise FrozenReportError("A confirmed cédula is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._confirmed_in_database():
            raise FrozenReportError("A confirmed cédula is never deleted.")
        return super().delete(*args, **kwargs)

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    def _confirmed_in_database(self) -> bool:
        return type(self).objects.filter(pk=self.pk, confirmed_at__isnull=False).exists()
