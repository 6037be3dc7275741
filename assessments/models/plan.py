"""The plan de evaluación: what evidence will be collected for each element, where and when,
proposed by the evaluator and accepted by the candidate.

A plan is proposed whole and never edited: changing it is proposing a new one, and the
candidate's latest plan for a standard is the one in force. Acceptance is recorded once.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from competencies.models import Element, Standard


class EvaluationPlan(models.Model):
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("candidate"),
        on_delete=models.PROTECT,
        related_name="evaluation_plans",
    )
    standard = models.ForeignKey(
        Standard,
        verbose_name=_("standard"),
        on_delete=models.PROTECT,
        related_name="evaluation_plans",
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("evaluator"),
        on_delete=models.PROTECT,
        related_name="evaluation_plans_proposed",
    )
    scheduled_on = models.DateField(_("evaluation date"))
    place = models.CharField(_("place"), max_length=200)
    proposed_at = models.DateTimeField(_("proposed at"))
    accepted_at = models.DateTimeField(_("accepted by the candidate at"), null=True, blank=True)

    class Meta:
        verbose_name = _("evaluation plan")
        verbose_name_plural = _("evaluation plans")
        ordering = ["-proposed_at", "-pk"]
        indexes = [models.Index(fields=["candidate", "standard", "-proposed_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(evaluator=models.F("candidate")),
                name="assessments_plan_no_self_evaluation",
                violation_error_message=_("Nobody can evaluate themselves."),
            ),
            models.CheckConstraint(
                condition=models.Q(accepted_at__isnull=True)
                | models.Q(accepted_at__gte=models.F("proposed_at")),
                name="assessments_plan_accepted_after_proposed",
            ),
        ]

    def __str__(self):
        return f"{self.candidate} · {self.standard.code} · {self.scheduled_on}"

    @property
    def is_accepted(self) -> bool:
        return self.accepted_at is not None


class EvaluationPlanElement(models.Model):
    """The evidence the evaluator will collect for one element of the standard."""

    plan = models.ForeignKey(
        EvaluationPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="elements"
    )
    element = models.ForeignKey(
        Element, verbose_name=_("element"), on_delete=models.PROTECT, related_name="+"
    )
    evidence = models.TextField(_("evidence to collect"))

    class Meta:
        verbose_name = _("evidence planned for an element")
        verbose_name_plural = _("evidence planned for the elements")
        ordering = ["plan", "element__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "element"], name="assessments_plan_element_once"
            ),
        ]

    def __str__(self):
        return f"{self.plan_id} · E{self.element_id}"
