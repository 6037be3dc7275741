"""Downloads of the CONOCER evaluation documents, each checking who asks.

A plan, a portfolio of evidence or a ficha de registro with its diagnosis is for its candidate,
administrators and the evaluators who may assess the candidate. The IEC (the instrument, with
the questionnaire's questions) is for evaluators and administrators; a cédula for the
evaluators who may assess its candidate, administrators, and the candidate once the evaluator
confirmed it. Anyone else gets a 404, as for a missing one.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from accounts.models import User
from accounts.roles import Role, user_has_any_role
from assessments.models import Judgement
from assessments.selectors.plan import plan_of
from assessments.selectors.portfolio import portfolio_of
from assessments.services.plan import plan_may_read
from assessments.services.report import documents_may_read, report_may_read
from competencies.models import Standard

from .documents.cedula import cedula_pdf
from .documents.iec import iec_pdf
from .documents.plan import plan_pdf
from .documents.portfolio import portfolio_pdf, portfolio_zip
from .documents.registration import registration_pdf
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


@login_required
@require_GET
def plan(request, plan: int, language: str):
    language = _language(language)
    found = plan_of(pk=plan)
    if found is None or not plan_may_read(user=request.user, plan=found):
        raise Http404
    filename = f"plan-{found.standard.code}-{found.pk}-{language}.pdf"
    return _pdf(plan_pdf(found, language=language), filename)


def _portfolio(request, standard: int, candidate: int):
    found_standard = get_object_or_404(Standard.objects.select_related("framework"), pk=standard)
    found_candidate = get_object_or_404(User, pk=candidate)
    if not documents_may_read(
        user=request.user, candidate=found_candidate, standard=found_standard
    ):
        raise Http404
    return portfolio_of(candidate=found_candidate, standard=found_standard)


@login_required
@require_GET
def portfolio(request, standard: int, candidate: int, language: str):
    language = _language(language)
    found = _portfolio(request, standard, candidate)
    filename = f"portafolio-{found.standard.code}-{candidate}-{language}.pdf"
    return _pdf(portfolio_pdf(found, language=language), filename)


@login_required
@require_GET
def portfolio_archive(request, standard: int, candidate: int, language: str):
    language = _language(language)
    found = _portfolio(request, standard, candidate)
    response = HttpResponse(portfolio_zip(found, language=language), content_type="application/zip")
    filename = f"portafolio-{found.standard.code}-{candidate}-{language}.zip"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def registration(request, standard: int, candidate: int, language: str):
    language = _language(language)
    found = _portfolio(request, standard, candidate)
    filename = f"ficha-{found.standard.code}-{candidate}-{language}.pdf"
    return _pdf(registration_pdf(found.candidate, found.standard, language=language), filename)
