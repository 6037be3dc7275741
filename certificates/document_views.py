"""Downloads of the CONOCER evaluation documents, each checking who asks.

The IEC (the instrument, with the questionnaire's questions) is for evaluators and
administrators; a cédula for the evaluators who may assess its candidate, administrators, and
the candidate once the evaluator confirmed it. Anyone else gets a 404, as for a missing one.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from accounts.roles import Role, user_has_any_role
from assessments.models import Judgement
from assessments.services.report import report_may_read
from competencies.models import Standard

from .documents import cedula_pdf, iec_pdf
from .documents.render import LANGUAGES


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _language(language: str) -> str:
    if language not in LANGUAGES:
        raise Http404
    return language


@login_required
@require_GET
def iec(request, standard: int, language: str):
    language = _language(language)
    if not user_has_any_role(request.user, (Role.EVALUATOR, Role.ADMINISTRATOR)):
        raise Http404
    found = get_object_or_404(
        Standard.objects.select_related("framework").exclude(status=Standard.Status.DRAFT),
        pk=standard,
    )
    return _pdf(iec_pdf(found, language=language), f"IEC-{found.code}-{language}.pdf")


@login_required
@require_GET
def cedula(request, judgement: int, language: str):
    language = _language(language)
    found = get_object_or_404(
        Judgement.objects.select_related("candidate", "evaluator", "standard__framework"),
        pk=judgement,
    )
    if not report_may_read(user=request.user, judgement=found):
        raise Http404
    filename = f"cedula-{found.standard.code}-{found.pk}-{language}.pdf"
    return _pdf(cedula_pdf(found, language=language), filename)
