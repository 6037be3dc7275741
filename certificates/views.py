"""Public verification, the PDF checker, and the holder's own certificates."""

import hashlib

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.roles import Role, user_has_role

from . import selectors
from .forms import CheckPdfForm, CodeForm
from .ratelimit import over_limit


def _too_many(request):
    return render(request, "certificates/too_many.html", status=429)


@require_http_methods(["GET"])
def verify_landing(request):
    form = CodeForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return redirect("certificates:verify", code=form.cleaned_data["code"])
    return render(request, "certificates/verify_landing.html", {"form": form})


@require_http_methods(["GET"])
def verify(request, code: str):
    if over_limit(request):
        return _too_many(request)
    certificate = selectors.certificate_by_code(code)
    if certificate is None:
        # One answer, whether the code is forged, mistyped, unknown or hidden (DESIGN 7).
        return render(request, "certificates/not_found.html", {"form": CodeForm()}, status=404)
    if certificate.code != code:
        return redirect("certificates:verify", code=certificate.code)
    return render(
        request,
        "certificates/verify.html",
        {
            "certificate": certificate,
            "status": certificate.public_status,
            "equivalents": selectors.crosswalk_equivalents(certificate),
            **selectors.certificate_verification(certificate),
        },
    )


@require_http_methods(["GET", "POST"])
def check_pdf(request):
    form = CheckPdfForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST":
        if over_limit(request):
            return _too_many(request)
        if form.is_valid():
            digest = hashlib.sha256()
            for chunk in form.cleaned_data["file"].chunks():
                digest.update(chunk)
            certificate = selectors.certificate_by_sha256(digest.hexdigest())
            result = {"certificate": certificate, "sha256": digest.hexdigest()}
    return render(request, "certificates/check_pdf.html", {"form": form, "result": result})


@login_required
def my_certificates(request):
    return render(
        request,
        "certificates/mine.html",
        {
            "certificates": selectors.certificates_of(request.user),
            "requests": selectors.issuance_requests_of(request.user),
        },
    )


@login_required
def download(request, code: str):
    certificate = selectors.certificate_by_code(code)
    allowed = certificate is not None and (
        certificate.holder_id == request.user.pk or user_has_role(request.user, Role.ADMINISTRATOR)
    )
    # Once revoked, only the copy marked REVOCADO / REVOKED is served, never the original.
    file = certificate.download_file if allowed else None
    if file is None:
        raise Http404(_("No certificate PDF here."))
    revoked = "-revoked" if certificate.status == certificate.Status.REVOKED else ""
    return FileResponse(
        file.open("rb"),
        as_attachment=True,
        filename=f"puente-{certificate.code}{revoked}.pdf",
        content_type="application/pdf",
    )
