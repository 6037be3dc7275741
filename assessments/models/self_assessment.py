"""The candidate's self-assessment on a standard: for each criterion, how well they say they
can do it. One answer per candidate and criterion; answering again replaces it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from competencies.models import Criterion


class SelfAssessment(models.Model):
    class Level(models.TextChoices):
        ALONE = "alone", _("I can do this without help")
        WITH_HELP = "with_help", _("I can do this with help")
        NOT_YET = "not_yet", _("I cannot do this yet")

    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("candidate"),
        on_delete=models.CASCADE,
        related_name="self_assessments",
    )
    criterion = models.ForeignKey(
        Criterion,
        verbose_name=_("criterion"),
        on_delete=models.CASCADE,
        related_name="self_assessments",
    )
    level = models.CharField(_("answer"), max_length=10, choices=Level)
    answered_at = models.DateTimeField(_("answered at"))

    class Meta:
        verbose_name = _("self-assessment answer")
        verbose_name_plural = _("self-assessment answers")
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "criterion"], name="assessments_self_assessment_once"
            ),
            models.CheckConstraint(
                condition=models.Q(level__in=["alone", "with_help", "not_yet"]),
                name="assessments_self_assessment_level_valid",
            ),
        ]

    def __str__(self):
        return f"{self.candidate} · {self.criterion.code} · {self.get_level_display()}"
