"""The item bank's import and export screens in the Wagtail admin (issue 18).

Thin views over ``assessments.services.exchange``, the service the ``import_questions`` and
``export_questions`` commands call too. Importing takes two steps: the upload shows a
preview (what each question creates, updates, translates or leaves unchanged, and every
problem at its line) and writes nothing; the author then confirms, and the same file,
carried in the confirmation form, is imported whole or not at all.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView

from accounts.admin_upload import UploadPreviewView
from accounts.upload_forms import UploadConfirmForm, check_upload_size
from competencies.translation import active_language

from ..models import Item, Quiz
from ..selectors.items import items_for_exchange, items_of_quiz, items_tagged
from ..services.exchange import (
    EXPORT_FORMATS,
    FORMATS,
    QuestionsImportError,
    questions_export,
    questions_export_permitted,
    questions_import,
    questions_import_permitted,
)

INDEX_URL_NAME = "wagtailsnippets_assessments_item:list"
IMPORT_URL_NAME = "wagtailsnippets_assessments_item:import"
EXPORT_URL_NAME = "wagtailsnippets_assessments_item:export"
IMPORT_LABEL = _("Import questions")
EXPORT_LABEL = _("Export questions")


def _language_field(**kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(label=_("Language of the file"), choices=settings.LANGUAGES, **kwargs)


class QuestionsImportForm(forms.Form):
    file = forms.FileField(
        label=_("Question file"),
        help_text=_(
            "GIFT (.gift, .txt) or Moodle XML (.xml), as Moodle exports them, or a QTI 2.2 or "
            "3.0 item (.xml) or content package (.zip)."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".gift,.txt,.xml,.zip,text/plain,application/xml,text/xml"}
        ),
    )
    language = _language_field(
        help_text=_(
            "New items are written in it. An item the file names that exists in another "
            "language gets this language's texts only; its answer key must stay the same."
        )
    )
    file_format = forms.ChoiceField(
        label=_("Format"),
        choices=[("", _("Recognise it from the content")), *FORMATS.items()],
        required=False,
    )

    def clean_file(self):
        return check_upload_size(self.cleaned_data["file"])


class QuestionsConfirmForm(UploadConfirmForm):
    language = _language_field(widget=forms.HiddenInput)
    file_format = forms.ChoiceField(choices=list(FORMATS.items()), widget=forms.HiddenInput)


class QuestionsImportView(UploadPreviewView):
    form_class = QuestionsImportForm
    confirm_form_class = QuestionsConfirmForm
    template_name = "assessments/admin/questions_import.html"
    page_title = IMPORT_LABEL
    index_url_name = INDEX_URL_NAME
    index_label = Item._meta.verbose_name_plural

    def permitted(self, user) -> bool:
        return questions_import_permitted(user)

    def get_initial(self):
        return {"language": active_language()}

    def run(self, *, raw: bytes, options: dict, commit: bool):
        try:
            report = questions_import(
                raw=raw,
                language=options["language"],
                actor=self.request.user,
                file_format=options["file_format"] or None,
                commit=commit,
            )
        except QuestionsImportError as error:
            return error.report, False
        return report, not report.problems

    def confirmed_options(self, report, options: dict) -> dict:
        return {"language": report.language, "file_format": report.file_format}

    def success_message(self, report, file_name: str) -> str:
        return gettext(
            "%(file)s imported: %(create)s created, %(update)s updated, "
            "%(translate)s translated, %(unchanged)s unchanged."
        ) % {"file": file_name, **report.counts}


class QuestionsExportForm(forms.Form):
    file_format = forms.ChoiceField(label=_("Format"), choices=list(EXPORT_FORMATS.items()))
    language = _language_field()
    quiz = forms.ModelChoiceField(
        label=_("Quiz"),
        queryset=Quiz.objects.order_by("code"),
        required=False,
        empty_label=_("All items"),
        help_text=_("Its fixed items and every item its draws can pick."),
    )
    tag = forms.CharField(
        label=_("Category (tag)"),
        required=False,
        max_length=100,
        help_text=_("Only items with this tag; GIFT files start with it as their category."),
    )
    id = forms.ModelMultipleChoiceField(
        queryset=Item.objects.all(), required=False, widget=forms.MultipleHiddenInput
    )


def export_response(*, user, data: dict) -> HttpResponse:
    """The export of ``data`` (``QuestionsExportForm``'s cleaned data) as a download."""
    if data.get("id"):
        items = items_for_exchange().filter(pk__in=[item.pk for item in data["id"]])
    elif data.get("quiz"):
        items = items_of_quiz(quiz=data["quiz"])
    elif data.get("tag"):
        items = items_tagged(tag=data["tag"])
    else:
        items = items_for_exchange()
    result = questions_export(
        items=items,
        file_format=data["file_format"],
        language=data["language"],
        actor=user,
        category=data.get("tag") or "",
    )
    stem = slugify(data["quiz"].code if data.get("quiz") else data.get("tag") or "items")
    response = HttpResponse(result.content, content_type=result.content_type)
    name = f"{stem}-{data['language']}.{result.extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Puente-Exported"] = str(result.exported)
    response["X-Puente-Skipped"] = str(len(result.skipped))
    return response


class QuestionsExportView(WagtailAdminTemplateMixin, FormView):
    """A GET form: choosing what to export and downloading it are one read."""

    form_class = QuestionsExportForm
    template_name = "assessments/admin/questions_export.html"
    page_title = EXPORT_LABEL
    header_icon = "download"

    def dispatch(self, request, *args, **kwargs):
        if not questions_export_permitted(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(INDEX_URL_NAME), "label": Item._meta.verbose_name_plural},
            {"url": "", "label": self.page_title},
        ]

    def get_form_kwargs(self):
        selected = [pk for pk in self.request.GET.getlist("id") if pk.isdigit()]
        initial = {"language": active_language(), "file_format": "gift", "id": selected}
        kwargs = {"initial": initial}
        if "file_format" in self.request.GET:
            kwargs["data"] = self.request.GET
        return kwargs

    def get(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_bound and form.is_valid():
            return export_response(user=request.user, data=form.cleaned_data)
        return self.render_to_response(self.get_context_data(form=form))


class ExportItemsBulkAction(SnippetBulkAction):
    """ "Export" among the item listing's bulk actions: on to the export form, the chosen
    items carried along."""

    display_name = _("Export")
    action_type = "export"
    aria_label = _("Export selected items")
    template_name = "assessments/admin/questions_export.html"
    action_priority = 40
    models = [Item]

    def check_perm(self, obj):
        return questions_export_permitted(self.request.user)

    def get(self, request, *args, **kwargs):
        ids = "&".join(f"id={pk}" for pk in request.GET.getlist("id") if pk.isdigit())
        return redirect(f"{reverse(EXPORT_URL_NAME)}?{ids}")

    @classmethod
    def execute_action(cls, objects, **kwargs):
        return len(objects), 0


class ItemIndexView(SnippetIndexView):
    """The item listing, with the import and export buttons for those allowed."""

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if questions_import_permitted(self.request.user):
            buttons.append(
                HeaderButton(IMPORT_LABEL, url=reverse(IMPORT_URL_NAME), icon_name="upload")
            )
        if questions_export_permitted(self.request.user):
            buttons.append(
                HeaderButton(EXPORT_LABEL, url=reverse(EXPORT_URL_NAME), icon_name="download")
            )
        return buttons


def exchange_urlpatterns() -> list:
    return [
        path("import/", QuestionsImportView.as_view(), name="import"),
        path("export/", QuestionsExportView.as_view(), name="export"),
    ]
