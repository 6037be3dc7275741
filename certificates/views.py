"""Public verification, the PDF checker, and the holder's own certificates."""

import hashlib
import json

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.roles import Role, user_has_role

from . import selectors
from .credentials import keys
from .documents.selectors import document_by_code, document_by_sha256, document_standing
from .forms import CheckCredentialForm, CheckPdfForm, CodeForm
from .ratelimit import over_limit
from .services.credentials import (
    credential_ensure,
    learner_record_sign,
    status_list_credential,
)


def _too_many(request):
    return render(request, "certificates/too_many.html", status=429)


def _not_found(request):
    # One answer, whether the code is forged, mistyped, unknown or hidden (DESIGN 7).
    return render(request, "certificates/not_found.html", {"form": CodeForm()}, status=404)


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
        document = document_by_code(code)  # a document's code typed in the verification form
        if document is not None:
            return redirect("certificates:verify_document", code=document.code)
        return _not_found(request)
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


@require_http_methods(["GET"])
def verify_document(request, code: str):
    """An evaluation document's public page: which document, for whom, whether current."""
    if over_limit(request):
        return _too_many(request)
    document = document_by_code(code)
    if document is None:
        return _not_found(request)
    if document.code != code:
        return redirect("certificates:verify_document", code=document.code)
    return render(
        request,
        "certificates/verify_document.html",
        {"document": document, "standing": document_standing(document)},
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
            document = None if certificate else document_by_sha256(digest.hexdigest())
            result = {
                "certificate": certificate,
                "document": document,
                "standing": document and document_standing(document),
                "sha256": digest.hexdigest(),
            }
    return render(request, "certificates/check_pdf.html", {"form": form, "result": result})


@require_http_methods(["GET", "POST"])
def check_credential(request):
    """Upload a credential.json: was it issued by Puente, unaltered, and what is its status."""
    form = CheckCredentialForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST":
        if over_limit(request):
            return _too_many(request)
        if form.is_valid():
            result = selectors.credential_check(form.cleaned_data["file"], now=timezone.now())
    return render(request, "certificates/check_credential.html", {"form": form, "result": result})


@login_required
def my_certificates(request):
    certificates = list(selectors.certificates_of(request.user))
    return render(
        request,
        "certificates/mine.html",
        {
            "certificates": certificates,
            "requests": selectors.issuance_requests_of(request.user),
            "has_record": any(map(selectors.in_learner_record, certificates)),
        },
    )


@login_required
@require_http_methods(["GET"])
def learner_record(request):
    """The holder's certificates together as a signed CLR 2.0 ``ClrCredential`` (download)."""
    document = learner_record_sign(holder=request.user)
    if document is None:
        raise Http404(_("You have no certificates for a learner record yet."))
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2),
        content_type=f"{JSON_LD}; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="puente-learner-record.json"'
    response["Cache-Control"] = "private, no-store"
    return response


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


# Public JSON-LD documents: anyone's verifier or wallet may fetch them from any origin.
JSON_LD = "application/ld+json"


def _public_json(body: str, *, status: int = 200, filename: str = "") -> HttpResponse:
    response = HttpResponse(body, content_type=f"{JSON_LD}; charset=utf-8", status=status)
    response["Access-Control-Allow-Origin"] = "*"
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET"])
def credential(request, code: str):
    """The certificate's signed Open Badges 3.0 credential, exactly as issued."""
    if over_limit(request):
        return JsonResponse({"error": _("Too many look-ups; try again in a minute.")}, status=429)
    certificate = selectors.certificate_by_code(code)
    if certificate is None:
        return JsonResponse({"error": _("No certificate has this code.")}, status=404)
    if certificate.code != code:
        return redirect("certificates:credential", code=certificate.code)
    document = credential_ensure(certificate=certificate).document
    download = f"puente-{certificate.code}.json" if "download" in request.GET else ""
    return _public_json(document, filename=download)


@require_http_methods(["GET"])
def did_document(request):
    """The issuer's DID document (``did:web``): every signing key, current and retired."""
    return _public_json(json.dumps(keys.did_document(), indent=2))


@require_http_methods(["GET"])
def status_list(request, number: int):
    """A signed Bitstring Status List credential as of this moment (revocations included)."""
    document = status_list_credential(number=number)
    if document is None:
        raise Http404(_("No such status list."))
    return _public_json(json.dumps(document, indent=2))
