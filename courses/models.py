"""Course identity, cohorts, enrollments and module progress.

Pages (``cms.CoursePage``, ``cms.ModulePage``) exist once per language; these rows do not.
A module is identified by its page's ``translation_key``, the same in every language, so a
learner who switches language keeps one record (DESIGN principle 1).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from competencies.models import Criterion, Standard
from competencies.translation import TranslatedText, require_source_text


class Course(models.Model):
    class SkillFocus(models.TextChoices):
        TECHNICAL = "technical", _("Technical")
        SOFT = "soft", _("Soft skills")
        MIXED = "mixed", _("Technical and soft skills")

    class Sector(models.TextChoices):
        AUTOMOTIVE = "automotive", _("Automotive")
        SEMICONDUCTOR = "semiconductor", _("Semiconductor")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    source_language = models.CharField(
        _("source language"),
        max_length=7,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language it is written in first: its title is required in it."),
    )
    title = TranslatedText(models.CharField(_("title"), max_length=200, blank=True))
    hours = models.PositiveSmallIntegerField(_("hours"))
    level = models.PositiveSmallIntegerField(_("level"), default=1)
    sector = models.CharField(_("sector"), max_length=16, choices=Sector)
    skill_focus = models.CharField(_("skill focus"), max_length=10, choices=SkillFocus)
    target_standards = models.ManyToManyField(
        Standard, verbose_name=_("target standards"), blank=True, related_name="courses"
    )
    is_open = models.BooleanField(
        _("open for self-enrollment"),
        default=True,
        help_text=_("Closed courses take trainees only through an instructor’s cohort."),
    )
    page_key = models.UUIDField(
        _("page translation key"),
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text=_("The course page’s translation key, set when the page is published."),
    )
    lead_instructors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("grading team"),
        related_name="led_courses",
        blank=True,
        help_text=_(
            "The course’s lead instructors: they grade the essays of self-enrolled trainees "
            "and manage the course’s cohorts."
        ),
    )

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["code"]

    def __str__(self):
        return self.title or self.code

    def clean(self):
        require_source_text(self, ("title",))


class Cohort(models.Model):
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="cohorts"
    )
    name = models.CharField(_("name"), max_length=200)
    instructors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("instructors"),
        related_name="taught_cohorts",
        blank=True,
    )
    evaluators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("evaluators"),
        related_name="evaluated_cohorts",
        blank=True,
        help_text=_("They record evidence and give judgements; never someone who teaches it."),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="courses_cohort_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.name


class EnrollmentQuerySet(models.QuerySet):
    def active(self):
        """Enrollments not withdrawn: the trainee may study, take quizzes and be listed."""
        return self.filter(withdrawn_at__isnull=True)


class Enrollment(models.Model):
    """A trainee in a course, in a cohort or self-enrolled (``cohort`` empty).

    Unenrolling does not delete the row: it is *withdrawn* (``withdrawn_at``) and leaves its
    cohort, so progress, attempts and certificates that point at it stay.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainee"),
        on_delete=models.CASCADE,
        related_name="enrollments",
    )
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="enrollments"
    )
    cohort = models.ForeignKey(
        Cohort,
        verbose_name=_("cohort"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enrollments",
    )
    enrolled_at = models.DateTimeField(_("enrolled at"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    objects = EnrollmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="courses_enrollment_once"),
            models.CheckConstraint(
                condition=models.Q(withdrawn_at__isnull=True) | models.Q(cohort__isnull=True),
                name="courses_enrollment_withdrawn_leaves_cohort",
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.course}"


class ModuleQuerySet(models.QuerySet):
    def published(self):
        """Modules with a published page in some language: the ones a trainee can study."""
        return self.filter(key__in=Page.objects.filter(live=True).values("translation_key"))


class Module(models.Model):
    """The identity of a module: its pages in each language share ``key``.

    Rows are kept in step with the published ``cms.ModulePage`` by ``courses.services``.
    A module whose pages are all unpublished or deleted stays (with its trainees' progress
    and reflections) but is not ``published()``: it stops counting towards completion.
    """

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="modules"
    )
    key = models.UUIDField(
        _("page translation key"),
        unique=True,
        help_text=_("The module page’s translation key, shared by its translations."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_required = models.BooleanField(_("required for completion"), default=True)
    criteria = models.ManyToManyField(
        Criterion, verbose_name=_("criteria taught"), blank=True, related_name="teaching_modules"
    )

    objects = ModuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["course", "position"]

    def __str__(self):
        return f"{self.course.code} #{self.position}"


class ModuleProgress(models.Model):
    """A trainee's progress on one module, whatever the language they studied it in."""

    enrollment = models.ForeignKey(
        Enrollment,
        verbose_name=_("enrollment"),
        on_delete=models.CASCADE,
        related_name="module_progress",
    )
    module = models.ForeignKey(
        Module, verbose_name=_("module"), on_delete=models.CASCADE, related_name="progress"
    )
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    reflections = models.JSONField(
        _("reflection answers"),
        default=dict,
        blank=True,
        help_text=_("Private answers to reflection prompts, by block id."),
    )

    class Meta:
        verbose_name = _("module progress")
        verbose_name_plural = _("module progress")
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "module"], name="courses_progress_once_per_module"
            ),
        ]

    def __str__(self):
        return f"{self.enrollment} · {self.module}"
