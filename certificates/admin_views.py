"""Wagtail admin screens for certificates: thin views over ``services`` and ``selectors``."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView, TemplateView, View

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from accounts.admin_paging import admin_page
from courses.exports import csv_download

from . import selectors, services
from .forms import (
    EXPIRED,
    BulkForm,
    CertificateFilterForm,
    DeclineForm,
    IssueForm,
    ReissueForm,
    RevokeForm,
)
from .links import code_verification_url
from .models import BulkIssuance, Certificate, IssuanceRequest


class AdminPage(WagtailAdminTemplateMixin):
    """A certificates admin screen: its title in the header, after Home in the breadcrumbs."""

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]


class PermissionRequired:
    permission = "certificates.view_certificate"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class CertificateIndexView(PermissionRequired, AdminPage, TemplateView):
    template_name = "certificates/admin/index.html"
    page_title = gettext_lazy("Certificates")
    header_icon = "doc-full"

    paginate_by = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        search = CertificateFilterForm(params)
        filters = search.filters()
        queryset = Certificate.objects.select_related("holder").order_by("-created_at", "-pk")
        status = filters["status"]
        today = timezone.localdate()
        if status == EXPIRED:
            queryset = queryset.expired(today)
        elif status == Certificate.Status.VALID:
            queryset = queryset.in_force(today)
        elif status:
            queryset = queryset.filter(status=status)
        if filters["kind"]:
            queryset = queryset.filter(kind=filters["kind"])
        if query := filters["q"]:
            queryset = queryset.filter(
                Q(holder_name__icontains=query)
                | Q(code__icontains=query.replace("-", "").upper())
                | Q(holder__email__icontains=query)
                | Q(standard_code__icontains=query)
            )
        context.update(
            **admin_page(queryset, params.get("p"), per_page=self.paginate_by),
            search_form=search,
            bulk_runs=BulkIssuance.objects.select_related("cohort")[:5],
        )
        return context


class CertificateIssueView(PermissionRequired, AdminPage, FormView):
    permission = "certificates.add_certificate"
    template_name = "certificates/admin/form.html"
    page_title = gettext_lazy("Issue a certificate")
    header_icon = "doc-full"
    form_class = IssueForm

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            certificate = services.certificate_issue(
                holder=data["holder"],
                course=data["course"],
                standard=data["standard"],
                issued_by=self.request.user,
            )
        except services.CertificateError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Certificate %(code)s is valid.") % {"code": certificate.display_code}
        )
        return redirect("certificates_admin:detail", pk=certificate.pk)


class CertificateDetailView(PermissionRequired, AdminPage, TemplateView):
    template_name = "certificates/admin/detail.html"
    header_icon = "doc-full"

    def get_page_title(self):
        return self.certificate.display_code

    def dispatch(self, request, *args, pk, **kwargs):
        self.certificate = get_object_or_404(
            Certificate.objects.select_related("holder", "judgement__evaluator"), pk=pk
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, *, revoke_form=None, reissue_form=None, **kwargs):
        return super().get_context_data(
            certificate=self.certificate,
            events=self.certificate.events.select_related("actor"),
            revoke_form=revoke_form or RevokeForm(),
            reissue_form=reissue_form or ReissueForm(),
            can_revoke=self.request.user.has_perm("certificates.revoke_certificate"),
            **kwargs,
        )


class CertificateRevokeView(CertificateDetailView):
    permission = "certificates.revoke_certificate"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = RevokeForm(request.POST)
        if form.is_valid():
            try:
                services.certificate_revoke(
                    certificate=self.certificate,
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                )
            except (services.CertificateError, PermissionDenied) as error:
                messages.error(request, _message(error))
            else:
                messages.success(
                    request,
                    " ".join(
                        [_("The certificate is revoked."), _("The holder is told by e-mail.")]
                    ),
                )
                return redirect("certificates_admin:detail", pk=self.certificate.pk)
        return self.render_to_response(self.get_context_data(revoke_form=form))


class CertificateReissueView(CertificateDetailView):
    permission = "certificates.revoke_certificate"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = ReissueForm(request.POST)
        if form.is_valid():
            try:
                new = services.certificate_reissue(
                    certificate=self.certificate,
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except (services.CertificateError, PermissionDenied) as error:
                messages.error(request, _message(error))
            else:
                messages.success(request, _("Re-issued as %(code)s.") % {"code": new.display_code})
                return redirect("certificates_admin:detail", pk=new.pk)
        return self.render_to_response(self.get_context_data(reissue_form=form))


def _on_page(url: str, page: str | None) -> str:
    """``url`` on the page of a paged list the decision was taken on."""
    return f"{url}?p={page}" if page and page.isdigit() else url


def _message(error: Exception) -> str:
    return error.messages[0] if hasattr(error, "messages") else str(error)


class ApprovalQueueView(PermissionRequired, AdminPage, TemplateView):
    """Certificates awaiting an administrator, oldest first, 50 a page: approve (issue) or
    decline with a reason."""

    permission = "certificates.add_certificate"
    template_name = "certificates/admin/approvals.html"
    page_title = gettext_lazy("Certificates awaiting approval")
    header_icon = "tasks"

    paginate_by = 50

    def get_context_data(self, *, bound=None, **kwargs):
        paging = admin_page(
            selectors.issuance_requests_pending(),
            self.request.POST.get("p") or self.request.GET.get("p"),
            per_page=self.paginate_by,
        )
        rows = [
            (request, bound if bound and bound.prefix == f"r{request.pk}" else None)
            for request in paging["page_obj"].object_list
        ]
        return super().get_context_data(
            **paging,
            rows=[
                (request, form or DeclineForm(prefix=f"r{request.pk}")) for request, form in rows
            ],
            **kwargs,
        )


class ApprovalDecisionView(ApprovalQueueView):
    http_method_names = ["post"]

    def post(self, request, pk, decision):
        if decision not in ("approve", "decline"):
            raise Http404
        issuance_request = get_object_or_404(IssuanceRequest, pk=pk)
        form = DeclineForm(request.POST, prefix=f"r{pk}")
        try:
            if decision == "approve":
                certificate = services.issuance_request_approve(
                    request=issuance_request, actor=request.user
                )
                messages.success(
                    request,
                    _("Certificate %(code)s issued to %(name)s; they are told by e-mail.")
                    % {"code": certificate.display_code, "name": certificate.holder_name},
                )
            elif form.is_valid():
                services.issuance_request_decline(
                    request=issuance_request, actor=request.user, reason=form.cleaned_data["reason"]
                )
                messages.success(
                    request,
                    _("Declined; %(name)s is told the reason by e-mail.")
                    % {"name": issuance_request.holder.printed_name},
                )
            else:
                messages.error(request, _("Give the reason for declining, for the holder to read."))
                return self.render_to_response(self.get_context_data(bound=form), status=400)
        except (services.CertificateError, PermissionDenied) as error:
            messages.error(request, _message(error))
        return redirect(_on_page(reverse("certificates_admin:approvals"), request.POST.get("p")))


class BulkCreateView(PermissionRequired, AdminPage, FormView):
    permission = "certificates.add_bulkissuance"
    template_name = "certificates/admin/form.html"
    page_title = gettext_lazy("Issue certificates to a cohort")
    header_icon = "group"
    form_class = BulkForm

    def form_valid(self, form):
        data = form.cleaned_data
        bulk = services.bulk_issuance_start(
            cohort=data["cohort"],
            kind=data["kind"],
            standard=data["standard"],
            requested_by=self.request.user,
        )
        return redirect("certificates_admin:bulk", pk=bulk.pk)


def learners_counted(count: int) -> str:
    return ngettext("%(counter)s learner", "%(counter)s learners", count) % {"counter": count}


class BulkProgressView(PermissionRequired, AdminPage, TemplateView):
    permission = "certificates.view_bulkissuance"
    template_name = "certificates/admin/bulk.html"
    page_title = gettext_lazy("Bulk issuance")
    header_icon = "group"

    paginate_by = 100

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "csv":
            return bulk_outcomes_csv(self.bulk)
        return super().get(request, *args, **kwargs)

    @cached_property
    def bulk(self) -> BulkIssuance:
        return get_object_or_404(
            BulkIssuance.objects.select_related("cohort", "standard"), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        bulk = self.bulk
        running = bulk.status in (BulkIssuance.Status.PENDING, BulkIssuance.Status.RUNNING)
        if not running:  # the summary: how many of each, then the learners a page at a time
            show = self.request.GET.get("show", "")
            outcomes = {"issued": bulk.outcomes.issued(), "skipped": bulk.outcomes.skipped()}
            kwargs.update(
                counts=bulk.outcomes.counts(),
                show=show if show in outcomes else "",
                **admin_page(
                    outcomes.get(show, bulk.outcomes.by_name()),
                    self.request.GET.get("p"),
                    per_page=self.paginate_by,
                    count_label=learners_counted,
                ),
            )
        return super().get_context_data(
            bulk=bulk,
            running=running,
            status_url=reverse("certificates_admin:bulk_status", args=[bulk.pk]),
            **kwargs,
        )


def bulk_outcomes_csv(bulk: BulkIssuance) -> StreamingHttpResponse:
    """Every learner of a finished run, issued and skipped, streamed: name, certificate code,
    verification link, why skipped (in the active language)."""

    def rows():
        for outcome in bulk.outcomes.by_name().iterator(chunk_size=2000):
            link = code_verification_url(outcome.code) if outcome.code else ""
            yield outcome.name, outcome.code, link, "" if outcome.code else outcome.reason

    header = (_("Learner"), _("Certificate code"), _("Verification link"), _("Why skipped"))
    return csv_download(f"bulk-issuance-{bulk.pk}.csv", header, rows())


class BulkStatusView(PermissionRequired, View):
    permission = "certificates.view_bulkissuance"

    def get(self, request, pk):
        bulk = get_object_or_404(BulkIssuance, pk=pk)
        return JsonResponse(
            {
                "status": bulk.status,
                "status_label": bulk.get_status_display(),
                "total": bulk.total,
                "processed": bulk.processed,
                **bulk.outcomes.counts(),
                "percent": bulk.percent,
            }
        )
