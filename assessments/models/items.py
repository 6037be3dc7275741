"""The item bank: bilingual question items, their options, criteria and frozen versions.

An ``Item`` is one row whose text exists as ``_es``/``_en`` columns; structure, answer key,
weights and criterion mappings exist once, so a translation cannot change them (DESIGN
principle 2). Authors edit the ``Item``; attempts never read it. When an attempt starts,
``assessments.services.items.item_versions_for`` freezes the item's content into an
immutable ``ItemVersion`` (one per distinct content), and the attempt grades that version
for ever (principle 6).

What differs between kinds of question lives in ``assessments.item_types`` (one module per
type); content is built and read in ``assessments.content``. Both sit below this module:
models never import services or selectors.
"""

import secrets
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.fields import RichTextField
from wagtail.models import Orderable, PreviewableMixin

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase

from competencies.models import Criterion
from competencies.panels import row, translated_row
from competencies.translation import TranslatedText, translated_value

from .. import item_types
from ..content import item_content, missing_languages, question_display
from ..scoring import items as grading


def new_option_key() -> str:
    return secrets.token_hex(4)


UNIT_INTERVAL = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))]
RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "superscript", "subscript"]


class Item(PreviewableMixin, ClusterableModel):
    # The item types (``Item.Kind.SINGLE == "single"``), in the registry's order. The field
    # asks the registry itself, so a new type needs no migration.
    Kind = models.TextChoices(
        "Kind", [(kind.upper(), (kind, label)) for kind, label in item_types.choices()]
    )

    class Difficulty(models.IntegerChoices):
        EASY = 1, _("Easy")
        MEDIUM = 2, _("Medium")
        HARD = 3, _("Hard")

    class Scoring(models.TextChoices):
        ALL_OR_NOTHING = grading.ALL_OR_NOTHING, _("All or nothing")
        PROPORTIONAL = grading.PROPORTIONAL, _("Proportional, with a penalty for wrong picks")

    key = models.UUIDField(_("key"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(
        _("type"), max_length=item_types.KIND_MAX_LENGTH, choices=item_types.choices
    )
    name = models.CharField(
        _("internal name"), max_length=120, help_text=_("For authors only; trainees never see it.")
    )
    source_ref = models.CharField(
        _("identifier in the source bank"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_(
            "The question's identifier in the bank it was imported from (Moodle XML idnumber, "
            "GIFT id). Imports in the other language pair by it; exports give it back unchanged."
        ),
    )
    source_language = models.CharField(
        _("source language"),
        max_length=7,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    stem = TranslatedText(RichTextField(_("question"), features=RICH_TEXT_FEATURES, blank=True))
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    image_alt = TranslatedText(models.CharField(_("image description"), max_length=250, blank=True))
    explanation = TranslatedText(
        RichTextField(_("explanation"), features=RICH_TEXT_FEATURES, blank=True)
    )
    points = models.DecimalField(
        _("points"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    difficulty = models.PositiveSmallIntegerField(
        _("difficulty"), choices=Difficulty, default=Difficulty.MEDIUM
    )
    tags = ClusterTaggableManager(through="assessments.ItemTag", blank=True, verbose_name=_("tags"))
    # Type-specific answer keys (one per row, shared by both languages).
    scoring = models.CharField(
        _("scoring of multiple response"),
        max_length=16,
        choices=Scoring,
        default=Scoring.ALL_OR_NOTHING,
    )
    penalty = models.DecimalField(
        _("penalty per wrong pick"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("1"),
        validators=UNIT_INTERVAL,
        help_text=_("Proportional scoring: share of the item lost for picking every wrong option."),
    )
    true_false_answer = models.BooleanField(_("the statement is true"), default=True)
    case_sensitive = models.BooleanField(_("short answer: case matters"), default=False)
    accent_sensitive = models.BooleanField(_("short answer: accents matter"), default=False)
    numeric_answer = models.DecimalField(
        _("numeric answer"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    numeric_tolerance = models.DecimalField(
        _("tolerance (±)"), max_digits=14, decimal_places=4, default=Decimal("0")
    )
    numeric_units = models.CharField(
        _("accepted units"),
        max_length=120,
        blank=True,
        help_text=_("Comma-separated, e.g. “N·m, Nm”. A trainee may also leave the unit out."),
    )
    model_answer = TranslatedText(models.TextField(_("model answer"), blank=True))
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive items are never drawn for new attempts.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("question item")
        verbose_name_plural = _("question items")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(points__gt=0), name="assessments_item_points_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(penalty__gte=0, penalty__lte=1),
                name="assessments_item_penalty_0_to_1",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="numeric") | models.Q(numeric_answer__isnull=False),
                name="assessments_item_numeric_has_answer",
            ),
        ]

    def __str__(self):
        return self.name

    # Translation parity: every text the trainee would see, in each language.
    def missing_languages(self) -> list[str]:
        return missing_languages(item_content(self))

    # Wagtail preview: the item as a trainee sees it, in either language.
    @property
    def preview_modes(self):
        return [(code, name) for code, name in settings.LANGUAGES]

    @property
    def default_preview_mode(self):
        return self.source_language

    def get_preview_template(self, request, mode_name):
        return "assessments/items/preview.html"

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        content = item_content(self)
        keys = [option["key"] for option in content["options"]]  # matching: partners reversed
        question = question_display(
            content=content, language=mode_name, option_order=keys, match_order=keys[::-1]
        )
        question.update(position=1, next_sequence=1, language=mode_name)
        context.update(question=question, language=mode_name, missing=missing_languages(content))
        return context


class ItemTag(TaggedItemBase):
    content_object = ParentalKey(Item, on_delete=models.CASCADE, related_name="tagged_items")


class ItemOption(Orderable):
    """A choice, an accepted short answer, a matching pair or an element to order.

    For ordering items the option order here *is* the correct order; trainees see it shuffled.
    For short answers, the text in either language is an accepted answer.
    """

    item = ParentalKey(Item, on_delete=models.CASCADE, related_name="options")
    key = models.CharField(_("key"), max_length=12, default=new_option_key, editable=False)
    text = TranslatedText(models.CharField(_("text"), max_length=500, blank=True))
    match = TranslatedText(
        models.CharField(
            _("matching partner"),
            max_length=500,
            blank=True,
            help_text=_("Matching items only: the right-hand text that belongs with this one."),
        )
    )
    is_correct = models.BooleanField(_("correct"), default=False)
    weight = models.DecimalField(
        _("weight"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0"),
        validators=UNIT_INTERVAL,
        help_text=_("Situational judgement: how good this course of action is, from 0 to 1."),
    )
    feedback = TranslatedText(models.CharField(_("feedback"), max_length=500, blank=True))

    panels = [
        translated_row("text"),
        row("is_correct", "weight"),
        translated_row("match"),
        translated_row("feedback"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("option")
        verbose_name_plural = _("options")
        constraints = [
            models.UniqueConstraint(fields=["item", "key"], name="assessments_option_unique_key"),
            models.CheckConstraint(
                condition=models.Q(weight__gte=0, weight__lte=1),
                name="assessments_option_weight_0_to_1",
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def source_language(self) -> str:
        return self.item.source_language


class ItemCriterion(Orderable):
    """The item measures ``criterion``; ``weight`` says how much (0–1)."""

    item = ParentalKey(Item, on_delete=models.CASCADE, related_name="criteria")
    criterion = models.ForeignKey(
        Criterion,
        verbose_name=_("criterion"),
        on_delete=models.PROTECT,
        related_name="measuring_items",
    )
    weight = models.DecimalField(
        _("weight"), max_digits=4, decimal_places=3, default=Decimal("1"), validators=UNIT_INTERVAL
    )

    panels = ["criterion", "weight"]

    class Meta(Orderable.Meta):
        verbose_name = _("criterion measured")
        verbose_name_plural = _("criteria measured")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "criterion"], name="assessments_itemcriterion_once"
            ),
            models.CheckConstraint(
                condition=models.Q(weight__gt=0, weight__lte=1),
                name="assessments_itemcriterion_weight_0_to_1",
            ),
        ]

    def __str__(self):
        return f"{self.item} → {self.criterion_id} ({self.weight})"


class ItemVersion(models.Model):
    """The frozen content of an item as attempts saw it. Never updated, never deleted while
    an attempt points at it."""

    item = models.ForeignKey(
        Item, verbose_name=_("item"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    digest = models.CharField(_("content digest"), max_length=64)
    content = models.JSONField(_("content"))
    languages = models.JSONField(
        _("complete languages"), default=list, help_text=_("Languages it can be served in.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("item version")
        verbose_name_plural = _("item versions")
        ordering = ["item", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="assessments_version_number"),
            models.UniqueConstraint(fields=["item", "digest"], name="assessments_version_digest"),
        ]

    def __str__(self):
        return f"{self.item} v{self.number}"

    def text(self, field: str, language: str) -> str:
        return translated_value(
            self.content.get(field), language, source=self.content.get("source_language")
        )


__all__ = [
    "Item",
    "ItemCriterion",
    "ItemOption",
    "ItemTag",
    "ItemVersion",
]
