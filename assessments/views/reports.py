"""Instructor reports: cohort × criteria heatmap and item statistics, on screen and as CSV."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from accounts.models import printed_name
from accounts.roles import STAFF_ROLES
from courses.exports import (
    csv_cell,
    csv_download,
    csv_download_lines,
    csv_line,
    csv_line_start,
)
from courses.models import Cohort
from courses.selectors import cohort_visible_to, cohorts_taught

from ..selectors.statistics import (
    cohort_heatmap,
    cohort_item_statistics,
    cohort_standings,
    cohort_trainees,
    heatmap_columns,
)
from ..services.standings import standings_ensure_current
from .evaluation import RoleRequiredMixin


class ReportMixin(RoleRequiredMixin):
    roles = STAFF_ROLES

    def get_cohort(self) -> Cohort:
        cohort = get_object_or_404(Cohort.objects.select_related("course"), pk=self.kwargs["pk"])
        if not cohort_visible_to(user=self.request.user, cohort=cohort):
            raise Http404
        return cohort


class ReportsIndexView(ReportMixin, TemplateView):
    template_name = "assessments/reports/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cohorts"] = list(cohorts_taught(user=self.request.user))
        return context


class CohortHeatmapView(ReportMixin, TemplateView):
    """Trainees × criteria, a page of trainees at a time, with the whole cohort's summary;
    the CSV export streams every trainee, a chunk at a time. Both read the standings table
    (``services.standings``); when a standard's rules changed since it was computed, its
    rebuild is enqueued and the page says the figures are being brought up to date."""

    template_name = "assessments/reports/heatmap.html"
    paginate_by = 50

    def get(self, request, *args, **kwargs):
        cohort = self.get_cohort()
        standards = list(cohort.course.target_standards.order_by("code"))
        columns = [heatmap_columns(standard) for standard in standards]
        current = {c.standard.pk: standings_ensure_current(columns=c) for c in columns}
        if request.GET.get("format") == "csv":
            return self.csv(cohort, columns)
        page = Paginator(cohort_trainees(cohort), self.paginate_by).get_page(
            request.GET.get("page")
        )
        trainees = list(page.object_list)
        heatmaps = [cohort_heatmap(cohort=cohort, columns=c, trainees=trainees) for c in columns]
        updating = [c.standard.code for c in columns if not current[c.standard.pk]]
        return self.render_to_response(
            self.get_context_data(
                cohort=cohort, heatmaps=heatmaps, page_obj=page, updating=updating
            )
        )

    def csv(self, cohort: Cohort, standards_columns) -> StreamingHttpResponse:
        """Every trainee × criterion, standard after standard, in one ordered pass over the
        standings (``cohort_standings``). What repeats from line to line (the standard's and
        criteria's codes, the status labels, a trainee's name and e-mail) is translated and
        made a cell (``csv_cell``: escaped, quoted) once, not once per line."""
        header = [
            _("standard"),
            _("trainee"),
            _("e-mail"),
            _("criterion"),
            _("status"),
            _("score (%)"),
        ]
        labels = {
            "mastered": csv_cell(_("Mastered")),
            "not_yet": csv_cell(_("Not yet mastered")),
            "pending": csv_cell(_("Pending: no evidence yet")),
        }
        pending = ("pending", None)

        def lines():
            for columns in standards_columns:
                code = csv_cell(columns.standard.code)
                criteria = [
                    (criterion.pk, csv_cell(criterion_code))
                    for criterion, criterion_code in zip(
                        columns.criteria, columns.codes, strict=True
                    )
                ]
                # the end of a line, per criterion, status and score: at most criteria × 3 × 101
                ends: dict[tuple[int, str, int | None], str] = {}
                for trainee in cohort_standings(cohort, columns):
                    start = csv_line_start(
                        (
                            code,
                            csv_cell(printed_name(trainee.first_name, trainee.last_name)),
                            csv_cell(trainee.email),
                        )
                    )
                    standings = trainee.standings
                    trainee_lines = []
                    for pk, criterion_code in criteria:
                        key = (pk, *standings.get(pk, pending))
                        end = ends.get(key)
                        if end is None:
                            _pk, status, percent = key
                            end = ends[key] = csv_line(
                                (
                                    criterion_code,
                                    labels[status],
                                    "" if percent is None else str(percent),
                                )
                            )
                        trainee_lines.append(start + end)
                    yield "".join(trainee_lines)

        return csv_download_lines(f"heatmap-cohort-{cohort.pk}.csv", header, lines())


class CohortItemsView(ReportMixin, TemplateView):
    template_name = "assessments/reports/items.html"

    def get(self, request, *args, **kwargs):
        cohort = self.get_cohort()
        rows = cohort_item_statistics(cohort=cohort)
        if request.GET.get("format") == "csv":
            header = [
                _("item"),
                _("type"),
                _("language"),
                _("answers"),
                _("facility"),
                _("discrimination"),
            ]
            return csv_download(
                f"items-cohort-{cohort.pk}.csv",
                header,
                (
                    [
                        row.name,
                        row.kind,
                        row.stats.language,
                        row.stats.responses,
                        _decimal(row.stats.facility),
                        _decimal(row.stats.discrimination),
                    ]
                    for row in rows
                ),
            )
        return self.render_to_response(self.get_context_data(cohort=cohort, rows=rows))


def _decimal(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"
