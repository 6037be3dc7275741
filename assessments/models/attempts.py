"""Attempts: one trainee's frozen sitting of a quiz and the answer to each question."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .items import ItemVersion
from .quizzes import Quiz


def new_public_id() -> str:
    """192 random bits, URL-safe: attempt URLs cannot be guessed (DESIGN principle 7)."""
    return secrets.token_urlsafe(24)


class Attempt(models.Model):
    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        SUBMITTED = "submitted", _("Awaiting grading")
        GRADED = "graded", _("Graded")

    class Closure(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted by the trainee")
        DEADLINE = "deadline", _("Closed at the deadline")

    public_id = models.CharField(
        _("public identifier"), max_length=40, unique=True, default=new_public_id, editable=False
    )
    quiz = models.ForeignKey(
        Quiz, verbose_name=_("quiz"), on_delete=models.PROTECT, related_name="attempts"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainee"),
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
    )
    number = models.PositiveSmallIntegerField(_("attempt number"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status, default=Status.IN_PROGRESS
    )
    language = models.CharField(_("language at start"), max_length=7, choices=settings.LANGUAGES)
    started_at = models.DateTimeField(_("started at"))
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    closed_by = models.CharField(_("closed by"), max_length=10, choices=Closure, blank=True)
    points = models.DecimalField(_("points"), max_digits=8, decimal_places=3, null=True, blank=True)
    max_points = models.DecimalField(_("maximum points"), max_digits=8, decimal_places=3)
    score = models.DecimalField(
        _("score (%)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Known once every answer is graded."),
    )
    passed = models.BooleanField(_("passed"), null=True, blank=True)

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        ordering = ["quiz", "user", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "user"],
                condition=models.Q(status="in_progress"),
                name="assessments_attempt_one_in_progress",
            ),
            models.UniqueConstraint(
                fields=["quiz", "user", "number"], name="assessments_attempt_unique_number"
            ),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=0, score__lte=100),
                name="assessments_attempt_score_0_to_100",
            ),
            models.CheckConstraint(
                condition=models.Q(status="in_progress") | models.Q(submitted_at__isnull=False),
                name="assessments_attempt_closed_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.quiz} · {self.user} · #{self.number}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.IN_PROGRESS


class Answer(models.Model):
    """One question of an attempt: the frozen item version and option order, and the answer.

    ``sequence`` is the autosave counter: a save is kept only when its sequence is higher
    than the stored one, so a stale or out-of-order save never overwrites a newer answer.
    It stays within ``SEQUENCE_MAX``, the column's range on every supported database.
    """

    SEQUENCE_MAX = 2_147_483_647

    attempt = models.ForeignKey(
        Attempt, verbose_name=_("attempt"), on_delete=models.CASCADE, related_name="answers"
    )
    position = models.PositiveSmallIntegerField(_("question number"))
    item_version = models.ForeignKey(
        ItemVersion, verbose_name=_("item version"), on_delete=models.PROTECT, related_name="+"
    )
    option_order = models.JSONField(_("option order"), default=list)
    match_order = models.JSONField(_("matching order"), default=list)
    response = models.JSONField(_("response"), null=True, blank=True)
    sequence = models.PositiveIntegerField(_("save sequence"), default=0)
    language = models.CharField(
        _("answered in"), max_length=7, choices=settings.LANGUAGES, blank=True
    )
    saved_at = models.DateTimeField(_("saved at"), null=True, blank=True)
    flagged = models.BooleanField(
        _("flagged for review"),
        default=False,
        help_text=_("The trainee’s note to come back to this question; it does not count."),
    )
    fraction = models.DecimalField(
        _("fraction earned"), max_digits=5, decimal_places=4, null=True, blank=True
    )
    points = models.DecimalField(_("points"), max_digits=8, decimal_places=3, null=True, blank=True)
    max_points = models.DecimalField(_("maximum points"), max_digits=8, decimal_places=3)
    grader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("graded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    grader_feedback = models.TextField(_("grader’s feedback"), blank=True)
    graded_at = models.DateTimeField(_("graded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["attempt_id", "position"]  # the column: "attempt" would join its ordering
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "position"], name="assessments_answer_unique_position"
            ),
            models.CheckConstraint(
                condition=models.Q(fraction__isnull=True)
                | models.Q(fraction__gte=0, fraction__lte=1),
                name="assessments_answer_fraction_0_to_1",
            ),
            models.CheckConstraint(
                condition=models.Q(points__isnull=True)
                | models.Q(points__gte=0, points__lte=models.F("max_points")),
                name="assessments_answer_points_within_max",
            ),
        ]
        # The grading queue reads the answers still to grade: with this partial index its
        # cost follows the queue, not every answer ever given.
        indexes = [
            models.Index(
                fields=["attempt"],
                condition=models.Q(points__isnull=True),
                name="assessments_answer_ungraded",
            )
        ]

    def __str__(self):
        return f"{self.attempt} · {self.position}"

    @property
    def content(self) -> dict:
        return self.item_version.content

    @property
    def kind(self) -> str:
        return self.item_version.content["kind"]
