"""Wagtail admin for frameworks, standards, elements, criteria and the crosswalk.

Wagtail cannot nest an ``InlinePanel`` inside another, so a standard is edited on two
levels, both with drag-and-drop ordering:

* the **standard** screen edits the standard and its elements inline (``InlinePanel``), and
  lists each element with a link to its criteria;
* the **element** screen edits one element and its criteria inline.

``Standard`` and ``Element`` are ``ClusterableModel``\\ s with ``ParentalKey`` children, so
each screen saves in one transaction; ``RenumberingForm`` then numbers the children 1..n in
their new order (``competencies.services.children_renumber``).
"""

from django import forms
from django.urls import path, reverse, reverse_lazy
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    Panel,
)
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets.button import HeaderButton

from .admin_views import (
    EXPORT_CASE_LABEL,
    IMPORT_LABEL,
    StandardCaseExportView,
    StandardsImportMenuItem,
    StandardsImportView,
    standard_export_permitted,
)
from .models import Criterion, CrosswalkEntry, Element, Framework, Standard
from .panels import translated_row
from .selectors import criterion_choices, element_choices
from .services import children_renumber, standards_import_permitted
from .translation import columns, texts


class RenumberingForm(WagtailAdminModelForm):
    """Saves the parent and its inline children, then numbers the children 1..n in order."""

    child_relation = ""

    def save(self, commit=True):
        formset = self.formsets[self.child_relation]
        existing = formset.model.objects.filter(**{formset.fk.name: self.instance.pk})
        highest = (
            max(existing.values_list("number", flat=True), default=0) if self.instance.pk else 0
        )
        # New rows get a free number first; children_renumber gives the final ones.
        for offset, form in enumerate(
            (form for form in formset.forms if form.instance.pk is None), start=1
        ):
            form.instance.number = highest + offset
        instance = super().save(commit=commit)
        if commit:
            ordered = [form.instance.pk for form in formset.ordered_forms]
            children_renumber(
                children=formset.model.objects.filter(**{formset.fk.name: instance.pk}),
                ordered_ids=ordered,
            )
        return instance


class StandardForm(RenumberingForm):
    child_relation = "elements"


class ElementForm(RenumberingForm):
    child_relation = "criteria"


class ElementLinksPanel(Panel):
    """On the standard screen: each saved element with a link to edit its criteria."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "competencies/admin/element_links_panel.html"

        def is_shown(self):
            return bool(self.instance.pk)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["elements"] = [
                (element, reverse("competency_elements:edit", args=[element.pk]))
                for element in self.instance.elements.all().order_by("number")
            ]
            return context


class CrosswalkComparisonPanel(Panel):
    """On the crosswalk screen: both ends' codes and texts next to each other."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "competencies/admin/crosswalk_comparison_panel.html"

        def is_shown(self):
            return bool(self.instance.pk and self.instance.source and self.instance.target)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["sides"] = [
                (_("Source"), _side(self.instance.source)),
                (_("Target"), _side(self.instance.target)),
            ]
            return context


def _side(node) -> dict:
    standard = CrosswalkEntry._standard_of(node)
    is_element = isinstance(node, Element)
    return {
        "framework": standard.framework,
        "standard": standard,
        "code": f"{standard.code} E{node.number}" if is_element else node.code,
        "texts": texts(node, "title" if is_element else "text"),
    }


class CrosswalkEntryForm(WagtailAdminModelForm):
    """Lists elements and criteria with their standard's code, in one query per field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The framework too: a text's fallback language is the framework's (282 queries
        # on the demo's crosswalk entry without it, one per criterion listed).
        elements = element_choices().order_by("standard__code", "number")
        criteria = criterion_choices().order_by(
            "element__standard__code", "element__number", "number"
        )
        for side in ("source", "target"):
            self.fields[f"{side}_element"].queryset = elements
            self.fields[f"{side}_criterion"].queryset = criteria
            self.fields[f"{side}_criterion"].label_from_instance = _criterion_label

    class Meta:
        widgets = {"reviewed_on": forms.DateInput(attrs={"type": "date"})}


def _criterion_label(criterion: Criterion) -> str:
    return f"{criterion.code} {criterion.text[:80]}"


class LinkColumn(Column):
    """A cell holding a link to the coverage report (the accessor returns its URL)."""

    cell_template_name = "competencies/admin/link_cell.html"


def _index_view(*related: str) -> type[IndexView]:
    """An index view that joins the related rows its columns show (no query per row)."""

    class RelatedIndexView(IndexView):
        def get_base_queryset(self):
            return super().get_base_queryset().select_related(*related)

    return RelatedIndexView


class FrameworkViewSet(ModelViewSet):
    model = Framework
    icon = "site"
    menu_label = _("Frameworks")
    name = "competency_frameworks"
    list_display = ["name", "country", "publisher", "source_language"]
    list_filter = ["country"]
    search_fields = ["slug", *columns("name"), "publisher"]
    panels = [
        FieldPanel("slug"),
        translated_row("name"),
        FieldRowPanel([FieldPanel("country"), FieldPanel("source_language")]),
        FieldPanel("publisher"),
        FieldPanel("url"),
    ]


class StandardIndexView(_index_view("framework")):
    """The standards listing, with a button to the upload (JSON or CASE) for those allowed to
    import."""

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if standards_import_permitted(self.request.user):
            url = reverse("competency_standards:import")
            buttons = [*buttons, HeaderButton(IMPORT_LABEL, url=url, icon_name="upload")]
        return buttons


class StandardEditView(EditView):
    """A standard's screen, with a button to download it as a CASE 1.1 package."""

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if standard_export_permitted(self.request.user):
            url = reverse("competency_standards:export_case", args=[self.object.pk])
            buttons.append(HeaderButton(EXPORT_CASE_LABEL, url=url, icon_name="download"))
        return buttons


class StandardViewSet(ModelViewSet):
    model = Standard
    icon = "list-ol"
    menu_label = _("Standards")
    name = "competency_standards"
    index_view_class = StandardIndexView
    edit_view_class = StandardEditView

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("import/", StandardsImportView.as_view(), name="import"),
            path("<int:pk>/case/", StandardCaseExportView.as_view(), name="export_case"),
        ]

    list_display = [
        "code",
        Column("title", label=_("title"), accessor="title"),
        "framework",
        "version",
        "level",
        "status",
        "is_sample",
        LinkColumn(
            "coverage",
            label=_("Coverage"),
            accessor=lambda standard: reverse(
                "competencies:standard-coverage",
                kwargs={"framework": standard.framework.slug, "code": standard.code},
            ),
        ),
    ]
    list_filter = ["framework", "status", "level", "is_sample"]
    search_fields = ["code", *columns("title"), *columns("purpose")]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("framework"), FieldPanel("code")]),
                    FieldRowPanel([FieldPanel("version"), FieldPanel("level")]),
                    FieldRowPanel([FieldPanel("status"), FieldPanel("superseded_by")]),
                    FieldPanel("is_sample"),
                ],
                heading=_("Identity"),
            ),
            MultiFieldPanel(
                [
                    translated_row("title"),
                    translated_row("purpose"),
                ],
                heading=_("Text"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [
                            FieldPanel("published_on"),
                            FieldPanel("validity_months"),
                            FieldPanel("default_threshold"),
                        ]
                    ),
                    FieldRowPanel([FieldPanel("industry_codes"), FieldPanel("occupation_codes")]),
                ],
                heading=_("Publication and assessment"),
            ),
            InlinePanel(
                "elements",
                heading=_("Elements"),
                label=_("Element"),
                min_num=1,
                panels=[translated_row("title")],
                help_text=_("Drag to reorder; elements are numbered in this order."),
            ),
            ElementLinksPanel(heading=_("Criteria of each element")),
        ],
        base_form_class=StandardForm,
    )


class ElementViewSet(ModelViewSet):
    model = Element
    icon = "list-ul"
    menu_label = _("Elements")
    name = "competency_elements"
    index_view_class = _index_view("standard__framework")
    sort_order_field = None  # numbered within a standard, not across the listing
    list_display = ["standard", "number", Column("title", label=_("title"), accessor="title")]
    list_filter = ["standard__framework", "standard"]
    search_fields = [*columns("title"), "standard__code"]
    edit_handler = ObjectList(
        [
            FieldPanel("standard"),
            translated_row("title"),
            InlinePanel(
                "criteria",
                heading=_("Criteria"),
                label=_("Criterion"),
                panels=[
                    FieldRowPanel(
                        [
                            FieldPanel("kind"),
                            FieldPanel("knowledge_level"),
                            FieldPanel("threshold"),
                        ]
                    ),
                    translated_row("text"),
                ],
                help_text=_("Drag to reorder; criteria are numbered in this order."),
            ),
        ],
        base_form_class=ElementForm,
    )


class CriterionViewSet(ModelViewSet):
    """A searchable list of every criterion, filterable by kind; usually edited on its element."""

    model = Criterion
    icon = "tick"
    menu_label = _("Criteria")
    name = "competency_criteria"
    index_view_class = _index_view("element__standard__framework")
    sort_order_field = None
    list_display = [
        Column("code", label=_("code"), accessor="code"),
        Column("text", label=_("text"), accessor="text"),
        "kind",
        "knowledge_level",
    ]
    list_filter = ["kind", "element__standard__framework", "element__standard"]
    search_fields = [*columns("text"), "element__standard__code"]
    panels = [
        FieldRowPanel([FieldPanel("element"), FieldPanel("number")]),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("knowledge_level"), FieldPanel("threshold")]),
        translated_row("text"),
    ]


class CrosswalkEntryViewSet(ModelViewSet):
    model = CrosswalkEntry
    icon = "resubmit"
    menu_label = _("Crosswalk")
    name = "competency_crosswalk"
    index_view_class = _index_view(
        "source_element__standard__framework",
        "source_criterion__element__standard__framework",
        "target_element__standard__framework",
        "target_criterion__element__standard__framework",
    )
    list_display = [
        Column("source_code", label=_("Source"), accessor=lambda e: _side(e.source)["code"]),
        Column("source_text", label=_("Source text"), accessor=lambda e: _node_text(e.source)),
        Column("target_code", label=_("Target"), accessor=lambda e: _side(e.target)["code"]),
        Column("target_text", label=_("Target text"), accessor=lambda e: _node_text(e.target)),
        "equivalence",
        "reviewed_on",
    ]
    list_filter = ["equivalence"]
    search_fields = [*columns("rationale")]
    edit_handler = ObjectList(
        [
            CrosswalkComparisonPanel(heading=_("Side by side")),
            FieldRowPanel(
                [FieldPanel("source_element"), FieldPanel("target_element")],
                heading=_("Elements"),
                help_text=_("Choose an element or a criterion on each side."),
            ),
            FieldRowPanel(
                [FieldPanel("source_criterion"), FieldPanel("target_criterion")],
                heading=_("Criteria"),
            ),
            FieldPanel("equivalence"),
            translated_row("rationale"),
            FieldRowPanel([FieldPanel("reviewed_by"), FieldPanel("reviewed_on")]),
        ],
        base_form_class=CrosswalkEntryForm,
    )


def _node_text(node) -> str:
    return node.title if isinstance(node, Element) else node.text


class CompetencyViewSetGroup(ModelViewSetGroup):
    menu_label = _("Standards")
    menu_icon = "list-ol"
    menu_order = 250
    items = (
        StandardViewSet,
        ElementViewSet,
        CriterionViewSet,
        CrosswalkEntryViewSet,
        FrameworkViewSet,
    )

    def get_submenu_items(self):
        items = super().get_submenu_items()
        url = reverse_lazy("competency_standards:import")
        item = StandardsImportMenuItem(
            IMPORT_LABEL, url, name="import-standards", icon_name="upload", order=len(items) + 1
        )
        return [*items, item]
