"""Quizzes: a course's questionnaire, its composition (fixed items and random draws) and rules."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.models import Orderable

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from competencies.models import Criterion
from competencies.panels import row
from competencies.translation import TranslatedText, require_source_text
from courses.models import Course, Module

from .items import Item


class Quiz(ClusterableModel):
    class Layout(models.TextChoices):
        ONE_PER_PAGE = "one", _("One question per page")
        ALL_ON_ONE_PAGE = "all", _("All questions on one page")

    class AttemptsPolicy(models.TextChoices):
        HIGHEST = "highest", _("Highest attempt counts")
        LATEST = "latest", _("Latest attempt counts")
        MEAN = "mean", _("Mean of all attempts counts")

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="quizzes"
    )
    module = models.ForeignKey(
        Module,
        verbose_name=_("module"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quizzes",
    )
    code = models.SlugField(_("code"), max_length=60, unique=True)
    source_language = models.CharField(
        _("source language"),
        max_length=7,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language it is written in first: its title is required in it."),
    )
    title = TranslatedText(models.CharField(_("title"), max_length=200, blank=True))
    intro = TranslatedText(models.TextField(_("instructions"), blank=True))
    pass_message = TranslatedText(models.TextField(_("message on passing"), blank=True))
    fail_message = TranslatedText(models.TextField(_("message on failing"), blank=True))
    pass_mark = models.DecimalField(
        _("pass mark (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("80"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=0, help_text=_("0 means unlimited.")
    )
    attempts_policy = models.CharField(
        _("grade of repeated attempts"),
        max_length=8,
        choices=AttemptsPolicy,
        default=AttemptsPolicy.HIGHEST,
    )
    wait_minutes = models.PositiveIntegerField(_("wait between attempts (minutes)"), default=0)
    time_limit_minutes = models.PositiveIntegerField(
        _("time limit (minutes)"), null=True, blank=True, help_text=_("Empty: no time limit.")
    )
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    layout = models.CharField(
        _("layout"), max_length=3, choices=Layout, default=Layout.ONE_PER_PAGE
    )
    shuffle_items = models.BooleanField(_("shuffle questions"), default=False)
    shuffle_options = models.BooleanField(_("shuffle options"), default=True)
    review_score_after_submit = models.BooleanField(_("show score after submitting"), default=True)
    review_answers_after_submit = models.BooleanField(
        _("show correct answers after submitting"), default=False
    )
    review_feedback_after_submit = models.BooleanField(
        _("show feedback after submitting"), default=True
    )
    review_score_after_close = models.BooleanField(
        _("show score after the quiz closes"), default=True
    )
    review_answers_after_close = models.BooleanField(
        _("show correct answers after the quiz closes"), default=True
    )
    review_feedback_after_close = models.BooleanField(
        _("show feedback after the quiz closes"), default=True
    )
    # A new quiz stays unpublished and optional until its author says otherwise.
    is_active = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Trainees enrolled in the course see and take only published quizzes."),
    )
    is_required = models.BooleanField(
        _("required for course completion"),
        default=False,
        help_text=_("The course is complete only when the trainee has passed this quiz."),
    )

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        ordering = ["course", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pass_mark__gte=0, pass_mark__lte=100),
                name="assessments_quiz_pass_mark_0_to_100",
            ),
            models.CheckConstraint(
                condition=models.Q(opens_at__isnull=True)
                | models.Q(closes_at__isnull=True)
                | models.Q(closes_at__gt=models.F("opens_at")),
                name="assessments_quiz_closes_after_opening",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.module_id and self.course_id and self.module.course_id != self.course_id:
            errors["module"] = _("The module must belong to the quiz’s course.")
        try:
            require_source_text(self, ("title",))
        except ValidationError as error:
            errors.update(error.message_dict)
        if errors:
            raise ValidationError(errors)


class QuizSlot(Orderable):
    """A fixed item, or a draw of ``draw_count`` items matching every filter given."""

    quiz = ParentalKey(Quiz, on_delete=models.CASCADE, related_name="slots")
    item = models.ForeignKey(
        Item,
        verbose_name=_("fixed item"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quiz_slots",
    )
    draw_count = models.PositiveSmallIntegerField(
        _("number of items to draw"), default=0, help_text=_("0 for a fixed item.")
    )
    draw_criterion = models.ForeignKey(
        Criterion,
        verbose_name=_("draw items measuring"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    draw_tag = models.CharField(_("draw items tagged"), max_length=100, blank=True)
    draw_difficulty = models.PositiveSmallIntegerField(
        _("draw items of difficulty"), choices=Item.Difficulty, null=True, blank=True
    )

    panels = [
        "item",
        row("draw_count", "draw_difficulty"),
        row("draw_criterion", "draw_tag"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("quiz slot")
        verbose_name_plural = _("quiz slots")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(item__isnull=False) & models.Q(draw_count=0))
                | (models.Q(item__isnull=True) & models.Q(draw_count__gte=1)),
                name="assessments_slot_fixed_or_draw",
            ),
        ]

    def __str__(self):
        return str(self.item) if self.item_id else f"{self.draw_count} × ?"

    def clean(self):
        if bool(self.item_id) == bool(self.draw_count):
            raise ValidationError(
                _("Choose either a fixed item or a number of items to draw, not both.")
            )
