"""The question bank and quizzes in the Wagtail admin (instructors and administrators)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from competencies.panels import translated_row, translated_stack
from competencies.translation import columns

from ..models import Item, Quiz
from ..services.items import item_content, item_problems
from .exchange import ItemIndexView, exchange_urlpatterns


class SharedChoicesForm(WagtailAdminModelForm):
    """Inline forms list a choice field's options from one query (``shared_choices``: the
    child relation → its field). Django evaluates a ``ModelChoiceField``'s queryset once per
    form, so a quiz of 40 slots read every criterion 41 times."""

    shared_choices: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for relation, name in self.shared_choices.items():
            forms = self.formsets[relation].forms
            if forms:
                choices = list(iter(forms[0].fields[name].choices))  # no COUNT for len()
                for form in forms:
                    form.fields[name].choices = choices


class ItemAdminForm(SharedChoicesForm):
    """Refuses an item that could not be graded (e.g. single choice with two correct options).

    The answer key spans the item and its inline options and criteria, so the check needs the
    child formsets cleaned first: ``ClusterForm.is_valid`` cleans the item before them, so
    ``clean`` validates them itself (Django caches the result) and leaves errors in a child
    form to that form.
    """

    shared_choices = {"criteria": "criterion"}

    def clean(self):
        cleaned = super().clean()
        formsets_valid = all(formset.is_valid() for formset in self.formsets.values())
        if self.errors or not formsets_valid:
            return cleaned
        item = Item(**{k: v for k, v in cleaned.items() if k in _ITEM_FIELDS})
        problems = item_problems(
            item_content(
                item,
                options=_kept_instances(self.formsets["options"]),
                criteria=_kept_instances(self.formsets["criteria"]),
            )
        )
        if problems:
            raise ValidationError(problems)
        return cleaned


def _kept_instances(formset) -> list:
    """The child objects a valid ``formset`` would save, in the order the author gave."""
    kept = [
        form
        for form in formset.forms
        if (form.instance.pk or form.has_changed()) and not form.cleaned_data.get("DELETE")
    ]
    if formset.can_order:
        kept.sort(key=lambda form: form.cleaned_data.get("ORDER") or 0)
    return [form.instance for form in kept]


class QuizAdminForm(SharedChoicesForm):
    shared_choices = {"slots": "draw_criterion"}


_ITEM_FIELDS = {field.name for field in Item._meta.concrete_fields} - {"id", "key"}


class ItemViewSet(SnippetViewSet):
    model = Item
    index_view_class = ItemIndexView
    icon = "help"
    menu_label = _("Question items")
    list_display = ["name", "kind", "difficulty", "points", "is_active", "updated_at"]
    list_filter = ["kind", "difficulty", "is_active", "source_language"]
    search_fields = ["name", *columns("stem")]
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldRowPanel([FieldPanel("name"), FieldPanel("source_ref")]),
                    FieldRowPanel([FieldPanel("kind"), FieldPanel("source_language")]),
                    *translated_stack("stem"),
                    MultiFieldPanel(
                        [
                            FieldPanel("image"),
                            translated_row("image_alt"),
                        ],
                        heading=_("Image"),
                    ),
                    *translated_stack("explanation"),
                    FieldRowPanel(
                        [FieldPanel("points"), FieldPanel("difficulty"), FieldPanel("is_active")]
                    ),
                    FieldPanel("tags"),
                ],
                heading=_("Question"),
            ),
            ObjectList(
                [
                    InlinePanel("options", heading=_("Options"), label=_("Option")),
                    MultiFieldPanel(
                        [FieldPanel("scoring"), FieldPanel("penalty")],
                        heading=_("Multiple response"),
                    ),
                    FieldPanel("true_false_answer"),
                    MultiFieldPanel(
                        [FieldPanel("case_sensitive"), FieldPanel("accent_sensitive")],
                        heading=_("Short answer"),
                    ),
                    MultiFieldPanel(
                        [
                            FieldRowPanel(
                                [FieldPanel("numeric_answer"), FieldPanel("numeric_tolerance")]
                            ),
                            FieldPanel("numeric_units"),
                        ],
                        heading=_("Numeric"),
                    ),
                    translated_row("model_answer"),
                ],
                heading=_("Answer key"),
            ),
            ObjectList(
                [InlinePanel("criteria", heading=_("Criteria measured"), label=_("Criterion"))],
                heading=_("Criteria"),
            ),
        ],
        base_form_class=ItemAdminForm,
    )

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), *exchange_urlpatterns()]


class QuizViewSet(SnippetViewSet):
    model = Quiz
    icon = "tasks"
    menu_label = _("Quizzes")
    list_display = ["title", "code", "course", "pass_mark", "is_active"]
    list_filter = ["course", "is_active", "layout"]
    search_fields = ["code", *columns("title")]
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldRowPanel([FieldPanel("code"), FieldPanel("course"), FieldPanel("module")]),
                    FieldPanel("source_language"),
                    translated_row("title"),
                    translated_row("intro"),
                    FieldRowPanel([FieldPanel("is_active"), FieldPanel("is_required")]),
                ],
                heading=_("Quiz"),
            ),
            ObjectList(
                [
                    InlinePanel("slots", heading=_("Questions"), label=_("Fixed item or draw")),
                    FieldRowPanel([FieldPanel("shuffle_items"), FieldPanel("shuffle_options")]),
                    FieldPanel("layout"),
                ],
                heading=_("Composition"),
            ),
            ObjectList(
                [
                    FieldRowPanel([FieldPanel("pass_mark"), FieldPanel("attempts_policy")]),
                    FieldRowPanel([FieldPanel("attempts_allowed"), FieldPanel("wait_minutes")]),
                    FieldPanel("time_limit_minutes"),
                    FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                    MultiFieldPanel(
                        [
                            FieldPanel("review_score_after_submit"),
                            FieldPanel("review_answers_after_submit"),
                            FieldPanel("review_feedback_after_submit"),
                            FieldPanel("review_score_after_close"),
                            FieldPanel("review_answers_after_close"),
                            FieldPanel("review_feedback_after_close"),
                        ],
                        heading=_("Review"),
                    ),
                    translated_row("pass_message"),
                    translated_row("fail_message"),
                ],
                heading=_("Rules"),
            ),
        ],
        base_form_class=QuizAdminForm,
    )


class QuestionBankGroup(SnippetViewSetGroup):
    items = (ItemViewSet, QuizViewSet)
    menu_icon = "help"
    menu_label = _("Question bank")
    menu_name = "question-bank"
