"""Admin report: pages whose translation is missing or older than its source."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.views.reports import ReportView

from .selectors import translation_parity


class TranslationParityReportView(ReportView):
    page_title = _("Translation parity")
    header_icon = "globe"
    results_template_name = "cms/reports/translation_parity_results.html"
    index_url_name = "cms_translation_parity"
    index_results_url_name = "cms_translation_parity_results"
    any_permission_required = ["add", "change", "publish"]
    paginate_by = 100
    list_export = [
        "source.title",
        "source.locale.language_code",
        "language",
        "status",
        "source_published_at",
        "translation_published_at",
    ]
    export_headings = {
        "source.title": _("Page"),
        "source.locale.language_code": _("Source language"),
        "language": _("Translation language"),
        "status": _("Status"),
        "source_published_at": _("Source published"),
        "translation_published_at": _("Translation published"),
    }

    def get_filename(self):
        return "translation-parity"

    def get_queryset(self):
        return translation_parity()
