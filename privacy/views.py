from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import PrivacyConsent
from accounts.privacy_notice import CURRENT_VERSION
from accounts.services import consent_record
from audit.services import Action, record

from .export import user_data_export
from .forms import ConsentForm, DataRightsRequestForm, ErasureRequestForm
from .models import DataRightsRequest, PrivacySettings
from .receivers import CONSENT_PENDING
from .services import RequestRefused, data_rights_request_create


def _notice_context(request) -> dict:
    return {
        "notice_template": CURRENT_VERSION.template_name(),
        "notice_version": CURRENT_VERSION,
        "privacy_settings": PrivacySettings.load(request_or_site=request),
    }


@require_GET
def notice(request):
    """The privacy notice (aviso de privacidad), public, in the page's language."""
    return render(request, "privacy/notice.html", _notice_context(request))


@login_required
@require_http_methods(["GET", "POST"])
def accept(request):
    """Accept the current notice (asked after log-in when it changed or was never accepted)."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        consent_record(user=request.user, occasion=PrivacyConsent.Occasion.LOGIN)
        request.session.pop(CONSENT_PENDING, None)
        return redirect(next_url or reverse("accounts:profile"))
    accepted = PrivacyConsent.objects.filter(user=request.user).order_by("-accepted_at").first()
    return render(
        request,
        "privacy/accept.html",
        {**_notice_context(request), "form": form, "next": next_url, "earlier": accepted},
    )


def _my_data_page(request, *, erasure_form=None, request_form=None, status=200):
    requests = DataRightsRequest.objects.filter(user=request.user).prefetch_related("events")
    return render(
        request,
        "privacy/my_data.html",
        {
            "erasure_form": erasure_form or ErasureRequestForm(user=request.user),
            "request_form": request_form or DataRightsRequestForm(),
            "data_requests": requests,
            "erasure_open": any(
                r.is_open and r.kind == DataRightsRequest.Kind.CANCELLATION for r in requests
            ),
        },
        status=status,
    )


@login_required
@require_GET
def my_data(request):
    """A person's data and rights: download everything, ask to be erased, other requests."""
    return _my_data_page(request)


@login_required
@require_GET
def download(request):
    """The ZIP of everything held about the person asking (``privacy.export``)."""
    archive = user_data_export(user=request.user)
    record(Action.DATA_EXPORT, actor=request.user, target=request.user, request=request)
    name = f"puente-my-data-{timezone.localdate():%Y-%m-%d}.zip"
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["POST"])
def erasure_request(request):
    form = ErasureRequestForm(request.POST, user=request.user)
    if not form.is_valid():
        return _my_data_page(request, erasure_form=form, status=400)
    try:
        data_rights_request_create(
            user=request.user,
            kind=DataRightsRequest.Kind.CANCELLATION,
            details=form.cleaned_data["details"],
        )
    except RequestRefused:
        messages.info(request, _("Your erasure request is already being handled."))
    else:
        messages.success(
            request,
            _(
                "We received your erasure request. An administrator will handle it within "
                "20 working days and write to you."
            ),
        )
    return redirect("privacy:my_data")


@login_required
@require_http_methods(["POST"])
def other_request(request):
    form = DataRightsRequestForm(request.POST)
    if not form.is_valid():
        return _my_data_page(request, request_form=form, status=400)
    try:
        data_rights_request_create(
            user=request.user, kind=form.cleaned_data["kind"], details=form.cleaned_data["details"]
        )
    except RequestRefused:
        form.add_error("kind", _("You already have an open request for this right."))
        return _my_data_page(request, request_form=form, status=400)
    messages.success(request, _("We received your request. An administrator will answer it."))
    return redirect("privacy:my_data")
