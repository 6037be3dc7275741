"""The administrators' upload of a standards JSON file in the Wagtail admin.

A thin view over ``competencies.services.standards_import_file``, the import the
``import_standards`` command runs: same checks, same problem list, all or nothing.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .forms import StandardsImportForm
from .services import (
    ImportSummary,
    StandardsImportError,
    standards_import_file,
    standards_import_permitted,
)

INDEX_URL_NAME = "competency_standards:index"
IMPORT_LABEL = _("Import standards")


class StandardsImportMenuItem(MenuItem):
    """The "Import standards" entry of the Standards menu, for those allowed to import."""

    def is_shown(self, request):
        return standards_import_permitted(request.user)


class StandardsImportView(WagtailAdminTemplateMixin, FormView):
    form_class = StandardsImportForm
    template_name = "competencies/admin/standards_import.html"
    page_title = IMPORT_LABEL
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not standards_import_permitted(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(INDEX_URL_NAME), "label": _("Standards")},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            action_url=self.request.path,
            submit_button_label=_("Import"),
            submit_button_active_label=_("Importing…"),
            **kwargs,
        )

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            summary = standards_import_file(raw=upload.read(), actor=self.request.user)
        except StandardsImportError as error:
            messages.error(
                self.request,
                gettext("%(file)s was not imported; nothing was saved.") % {"file": upload.name},
            )
            context = self.get_context_data(form=form, problems=error.problems)
            return self.render_to_response(context)
        messages.success(
            self.request,
            gettext("%(file)s imported. Created: %(created)s. Updated: %(updated)s.")
            % {
                "file": upload.name,
                "created": ImportSummary.describe(summary.created),
                "updated": ImportSummary.describe(summary.updated),
            },
        )
        return redirect(INDEX_URL_NAME)
