"""Assessment records. The judgement is the CONOCER verdict per candidate and standard."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from competencies.models import Standard


class Judgement(models.Model):
    """*Competente* / *Todavía no competente* for one candidate and standard, with its basis.

    Recorded once by ``assessments.services``; never recomputed afterwards. A later judgement
    for the same candidate and standard is a new row.
    """

    class Result(models.TextChoices):
        COMPETENT = "competent", _("Competent")
        NOT_YET_COMPETENT = "not_yet", _("Not yet competent")

    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("candidate"),
        on_delete=models.PROTECT,
        related_name="judgements",
    )
    standard = models.ForeignKey(
        Standard, verbose_name=_("standard"), on_delete=models.PROTECT, related_name="judgements"
    )
    result = models.CharField(_("result"), max_length=10, choices=Result)
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("evaluator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="judgements_given",
    )
    decided_at = models.DateTimeField(_("decided at"))
    basis = models.JSONField(
        _("basis"),
        default=dict,
        help_text=_("The attempts, evidence records and per-criterion results behind it."),
    )

    class Meta:
        verbose_name = _("judgement")
        verbose_name_plural = _("judgements")
        ordering = ["-decided_at"]
        indexes = [models.Index(fields=["candidate", "standard", "-decided_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(result__in=["competent", "not_yet"]),
                name="assessments_judgement_result_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(evaluator=models.F("candidate")),
                name="assessments_judgement_no_self_evaluation",
                violation_error_message=_("Nobody can judge themselves."),
            ),
        ]

    def __str__(self):
        return f"{self.candidate} · {self.standard.code} · {self.get_result_display()}"

    @property
    def is_competent(self) -> bool:
        return self.result == self.Result.COMPETENT
