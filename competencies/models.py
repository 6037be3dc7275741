"""Frameworks, standards, elements, typed criteria and the crosswalk between countries."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from .translation import TranslatedText, require_source_text

THRESHOLD_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))]


class NumberedByPosition:
    """Lets a Wagtail ``InlinePanel`` reorder children by drag and drop.

    modelcluster writes each child's 0-based position into ``sort_order_field`` while it
    saves the formset. Writing it straight into ``number`` would make two rows briefly share
    a number (the unique constraint refuses that), so the position is only remembered here;
    ``competencies.services.children_renumber`` then gives the numbers 1..n in one safe pass.
    """

    sort_order_field = "position"

    @property
    def position(self) -> int:
        remembered = getattr(self, "_position", None)
        return remembered if remembered is not None else (self.number or 1) - 1

    @position.setter
    def position(self, value: int) -> None:
        self._position = value


class Framework(models.Model):
    class Country(models.TextChoices):
        MEXICO = "MX", _("Mexico")
        UNITED_STATES = "US", _("United States")
        BINATIONAL = "BI", _("Binational")

    slug = models.SlugField(_("identifier"), max_length=60, unique=True)
    name = TranslatedText(models.CharField(_("name"), max_length=200, blank=True))
    country = models.CharField(_("country"), max_length=2, choices=Country)
    publisher = models.CharField(_("publisher"), max_length=200)
    url = models.URLField(_("public URL"), blank=True)
    source_language = models.CharField(
        _("source language"),
        max_length=7,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )

    class Meta:
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")
        ordering = ["country", "slug"]

    def __str__(self):
        return self.name

    def clean(self):
        require_source_text(self, ("name",))


class Standard(ClusterableModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CURRENT = "current", _("Current")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        SUPERSEDED = "superseded", _("Superseded")

    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.PROTECT, related_name="standards"
    )
    code = models.CharField(
        _("code"),
        max_length=40,
        validators=[
            RegexValidator(
                r"^[A-Z0-9][A-Z0-9.\-]*$",
                _("Use capital letters, digits, dots and hyphens, e.g. EC0301."),
            )
        ],
    )
    version = models.CharField(_("version"), max_length=20, default="1")
    title = TranslatedText(models.CharField(_("title"), max_length=300, blank=True))
    purpose = TranslatedText(models.TextField(_("purpose"), blank=True))
    level = models.PositiveSmallIntegerField(
        _("level"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    published_on = models.DateField(_("publication date"), null=True, blank=True)
    validity_months = models.PositiveSmallIntegerField(
        _("certificate validity (months)"),
        null=True,
        blank=True,
        help_text=_("Leave empty when the standard states no validity."),
    )
    industry_codes = models.JSONField(_("industry codes (SCIAN/NAICS)"), default=list, blank=True)
    occupation_codes = models.JSONField(_("occupation codes (SINCO/SOC)"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.CURRENT)
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("superseded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supersedes",
    )
    default_threshold = models.DecimalField(
        _("default mastery threshold"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.800"),
        validators=THRESHOLD_VALIDATORS,
        help_text=_("Share of a criterion’s score needed to master it, from 0 to 1."),
    )
    is_sample = models.BooleanField(
        _("sample"),
        default=False,
        help_text=_("A demo standard, not the text of an official published standard."),
    )

    class Meta:
        verbose_name = _("standard")
        verbose_name_plural = _("standards")
        ordering = ["framework__country", "code", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code", "version"], name="competencies_standard_unique_version"
            ),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=5),
                name="competencies_standard_level_1_to_5",
            ),
            models.CheckConstraint(
                condition=models.Q(default_threshold__gte=0, default_threshold__lte=1),
                name="competencies_standard_threshold_0_to_1",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="superseded") | models.Q(superseded_by__isnull=False),
                name="competencies_standard_superseded_has_successor",
                violation_error_message=_("A superseded standard names the one replacing it."),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def source_language(self) -> str:
        return self.framework.source_language

    def get_absolute_url(self) -> str:
        """The public page, in the active language; non-current versions by their version."""
        kwargs = {"framework": self.framework.slug, "code": self.code}
        if self.status == self.Status.CURRENT:
            return reverse("competencies:standard-detail", kwargs=kwargs)
        return reverse("competencies:standard-version", kwargs={**kwargs, "version": self.version})

    def clean(self):
        require_source_text(self, ("title",))
        if self.superseded_by_id and self.superseded_by_id == self.pk:
            raise ValidationError({"superseded_by": _("A standard cannot supersede itself.")})


class Element(NumberedByPosition, ClusterableModel):
    standard = ParentalKey(
        Standard, verbose_name=_("standard"), on_delete=models.CASCADE, related_name="elements"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = TranslatedText(models.CharField(_("title"), max_length=400, blank=True))

    class Meta:
        verbose_name = _("element")
        verbose_name_plural = _("elements")
        ordering = ["standard", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["standard", "number"], name="competencies_element_unique_number"
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="competencies_element_number_positive"
            ),
        ]

    def __str__(self):
        return f"{self.standard.code} E{self.number} {self.title}"

    @property
    def source_language(self) -> str:
        return self.standard.source_language

    def clean(self):
        require_source_text(self, ("title",))


class Criterion(NumberedByPosition, models.Model):
    class Kind(models.TextChoices):
        PERFORMANCE = "performance", _("Performance")
        PRODUCT = "product", _("Product")
        KNOWLEDGE = "knowledge", _("Knowledge")
        ATTITUDE = "attitude", _("Attitudes, habits and values")

    class KnowledgeLevel(models.TextChoices):
        KNOWLEDGE = "knowledge", _("Knowledge")
        COMPREHENSION = "comprehension", _("Comprehension")
        APPLICATION = "application", _("Application")

    element = ParentalKey(
        Element, verbose_name=_("element"), on_delete=models.CASCADE, related_name="criteria"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind)
    knowledge_level = models.CharField(
        _("knowledge level"), max_length=14, choices=KnowledgeLevel, blank=True
    )
    threshold = models.DecimalField(
        _("mastery threshold"),
        max_digits=4,
        decimal_places=3,
        null=True,
        blank=True,
        validators=THRESHOLD_VALIDATORS,
        help_text=_("Empty: the standard’s default threshold."),
    )
    text = TranslatedText(models.TextField(_("text"), blank=True))

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["element", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["element", "number"], name="competencies_criterion_unique_number"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    kind="knowledge",
                    knowledge_level__in=["knowledge", "comprehension", "application"],
                )
                | (~models.Q(kind="knowledge") & models.Q(knowledge_level="")),
                name="competencies_criterion_level_only_for_knowledge",
                violation_error_message=_(
                    "Knowledge criteria need a knowledge level; other kinds have none."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(threshold__isnull=True)
                | models.Q(threshold__gte=0, threshold__lte=1),
                name="competencies_criterion_threshold_0_to_1",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.text[:60]}"

    @property
    def code(self) -> str:
        """Human reference, e.g. ``EC0301 E2.3`` (``reference``)."""
        return self.reference(self.element.standard.code, self.element.number, self.number)

    @staticmethod
    def reference(standard_code: str, element_number: int, number: int) -> str:
        """A criterion's human reference from its parts, for code that reads them as plain
        values: ``EC0301 E2.3``."""
        return f"{standard_code} E{element_number}.{number}"

    @property
    def effective_threshold(self) -> Decimal:
        return (
            self.threshold
            if self.threshold is not None
            else self.element.standard.default_threshold
        )

    @property
    def source_language(self) -> str:
        return self.element.standard.source_language

    def clean(self):
        require_source_text(self, ("text",))


class CrosswalkEntry(models.Model):
    """Maps an element or criterion of one standard to one in another country's framework."""

    class Equivalence(models.TextChoices):
        FULL = "full", _("Full")
        PARTIAL = "partial", _("Partial")

    source_element = models.ForeignKey(
        Element,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="crosswalk_out",
        verbose_name=_("source element"),
    )
    source_criterion = models.ForeignKey(
        Criterion,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="crosswalk_out",
        verbose_name=_("source criterion"),
    )
    target_element = models.ForeignKey(
        Element,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="crosswalk_in",
        verbose_name=_("target element"),
    )
    target_criterion = models.ForeignKey(
        Criterion,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="crosswalk_in",
        verbose_name=_("target criterion"),
    )
    equivalence = models.CharField(_("equivalence"), max_length=8, choices=Equivalence)
    rationale = TranslatedText(models.TextField(_("rationale"), blank=True))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("crosswalk entry")
        verbose_name_plural = _("crosswalk entries")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(source_element__isnull=True)
                ^ models.Q(source_criterion__isnull=True),
                name="competencies_crosswalk_one_source",
                violation_error_message=_("Choose either a source element or a source criterion."),
            ),
            models.CheckConstraint(
                condition=models.Q(target_element__isnull=True)
                ^ models.Q(target_criterion__isnull=True),
                name="competencies_crosswalk_one_target",
                violation_error_message=_("Choose either a target element or a target criterion."),
            ),
        ]

    def __str__(self):
        return f"{self.source} ↔ {self.target} ({self.get_equivalence_display()})"

    @property
    def source(self):
        return self.source_element or self.source_criterion

    @property
    def target(self):
        return self.target_element or self.target_criterion

    @property
    def source_language(self) -> str:
        return (
            self._standard_of(self.source).source_language
            if self.source
            else settings.LANGUAGE_CODE
        )

    @staticmethod
    def _standard_of(node):
        return node.standard if isinstance(node, Element) else node.element.standard

    def clean(self):
        if self.source is None or self.target is None:
            return
        require_source_text(self, ("rationale",))
        source, target = self._standard_of(self.source), self._standard_of(self.target)
        if source.framework_id == target.framework_id:
            raise ValidationError(_("A crosswalk joins standards of two different frameworks."))
