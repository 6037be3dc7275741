"""The administrators' standards screens in the Wagtail admin: the upload of a standards JSON
file or CASE 1.1 package (preview, then confirm) and the CASE export of one standard.

Thin views over ``competencies.services.standards_import_file``, the import the
``import_standards`` command runs (same checks, same problem list, all or nothing), and
``competencies.selectors.standards_case_export``, the ``export_standards --format case`` of
one standard.
"""

import json
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View

from wagtail.admin.menu import MenuItem

from accounts.admin_upload import UploadPreviewView

from .exchange import Problem
from .forms import StandardsConfirmForm, StandardsImportForm
from .models import Standard
from .selectors import standards_case_export
from .services import (
    ImportSummary,
    StandardsImportError,
    standards_import_file,
    standards_import_permitted,
)
from .translation import active_language

INDEX_URL_NAME = "competency_standards:index"
IMPORT_LABEL = _("Import standards")
EXPORT_CASE_LABEL = _("Export as CASE")


class StandardsImportMenuItem(MenuItem):
    """The "Import standards" entry of the Standards menu, for those allowed to import."""

    def is_shown(self, request):
        return standards_import_permitted(request.user)


@dataclass
class StandardsPreview:
    """What the template shows: the summary of an accepted file or its problems."""

    summary: ImportSummary | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def created(self) -> str:
        return ImportSummary.describe(self.summary.created) if self.summary else ""

    @property
    def updated(self) -> str:
        return ImportSummary.describe(self.summary.updated) if self.summary else ""


class StandardsImportView(UploadPreviewView):
    form_class = StandardsImportForm
    confirm_form_class = StandardsConfirmForm
    template_name = "competencies/admin/standards_import.html"
    page_title = IMPORT_LABEL
    index_url_name = INDEX_URL_NAME
    index_label = _("Standards")

    def permitted(self, user) -> bool:
        return standards_import_permitted(user)

    def run(self, *, raw: bytes, options: dict, commit: bool):
        try:
            summary = standards_import_file(
                raw=raw,
                actor=self.request.user,
                file_format=options.get("file_format") or None,
                commit=commit,
            )
        except StandardsImportError as error:
            return StandardsPreview(problems=error.problems), False
        return StandardsPreview(summary=summary), True

    def confirmed_options(self, report, options: dict) -> dict:
        return {"file_format": report.summary.file_format}

    def success_message(self, report, file_name: str) -> str:
        return gettext("%(file)s imported. Created: %(created)s. Updated: %(updated)s.") % {
            "file": file_name,
            "created": report.created,
            "updated": report.updated,
        }


def standard_export_permitted(user) -> bool:
    return user.is_active and user.has_perm("competencies.change_standard")


class StandardCaseExportView(View):
    """One standard (and the crosswalk entries touching it) as a CASE 1.1 package, its
    statements in ``?language=`` (else the administrator's language)."""

    def get(self, request, pk):
        if not standard_export_permitted(request.user):
            raise PermissionDenied
        standard = get_object_or_404(Standard.objects.select_related("framework"), pk=pk)
        language = request.GET.get("language", "")
        if language not in dict(settings.LANGUAGES):
            language = active_language()
        package = standards_case_export(
            framework=standard.framework.slug, language=language, standard=standard
        )
        response = HttpResponse(
            json.dumps(package, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        name = f"{slugify(standard.code)}-v{slugify(standard.version)}-case-{language}.json"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
