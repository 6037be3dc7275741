"""Catalog, course and module pages: the presentation of ``courses`` in each language.

Identity lives in ``courses`` (DESIGN principle 1): a ``CoursePage`` points at a
``courses.Course`` and a ``ModulePage``'s ``translation_key`` is its ``courses.Module`` key.
Queries live in ``cms.selectors``; ``get_context`` only calls them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from modelcluster.fields import ParentalManyToManyField

from cms.blocks import ModuleBodyBlock
from competencies.models import Criterion
from courses.models import Course

from .base import ViewRestrictionsInOneQuery


class CatalogPage(ViewRestrictionsInOneQuery, Page):
    """The list of courses, filterable by sector, skill focus, standard and language."""

    intro = models.CharField(_("introduction"), max_length=300, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.CoursePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("course catalog")
        verbose_name_plural = _("course catalogs")

    def get_context(self, request, *args, **kwargs):
        from cms import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.catalog(catalog=self, data=request.GET, request=request))
        return context


class CoursePage(ViewRestrictionsInOneQuery, Page):
    """A course as trainees read it in one language."""

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="+"
    )
    intro = models.CharField(_("introduction"), max_length=400, blank=True)
    outcomes = RichTextField(
        _("learning outcomes"), blank=True, features=["bold", "italic", "ul", "ol"]
    )
    prerequisites = RichTextField(
        _("prerequisites"), blank=True, features=["bold", "italic", "ul", "ol", "link"]
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("course"),
        FieldPanel("intro"),
        FieldPanel("outcomes"),
        FieldPanel("prerequisites"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    override_translatable_fields = [SynchronizedField("course")]
    parent_page_types = ["cms.CatalogPage"]
    subpage_types = ["cms.ModulePage"]

    class Meta:
        verbose_name = _("course page")
        verbose_name_plural = _("course pages")

    def get_context(self, request, *args, **kwargs):
        from cms import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.course_page(page=self, request=request))
        return context


class ModulePageForm(WagtailAdminPageForm):
    """The module's criteria are listed in one query (each label names its standard)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criteria"].queryset = Criterion.objects.select_related(
            "element__standard__framework"
        )


class ModulePage(ViewRestrictionsInOneQuery, Page):
    """One module of a course: a stream of technical and soft-skill blocks."""

    estimated_minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=30)
    skill_focus = models.CharField(
        _("skill focus"), max_length=10, choices=Course.SkillFocus, default=Course.SkillFocus.MIXED
    )
    is_required = models.BooleanField(_("required for completion"), default=True)
    criteria = ParentalManyToManyField(
        Criterion,
        verbose_name=_("criteria taught"),
        blank=True,
        related_name="+",
        help_text=_("The evaluation criteria this module prepares trainees for."),
    )
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = StreamField(ModuleBodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("estimated_minutes"),
                FieldPanel("skill_focus"),
                FieldPanel("is_required"),
                FieldPanel("criteria"),
            ],
            heading=_("Study and competencies"),
        ),
        FieldPanel("body"),
    ]
    base_form_class = ModulePageForm
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    # Structure comes from the source page and cannot diverge between languages.
    override_translatable_fields = [
        SynchronizedField("estimated_minutes"),
        SynchronizedField("skill_focus"),
        SynchronizedField("is_required"),
        SynchronizedField("criteria"),
    ]
    parent_page_types = ["cms.CoursePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("module page")
        verbose_name_plural = _("module pages")

    def get_context(self, request, *args, **kwargs):
        from cms import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.module_page(page=self, request=request))
        return context
