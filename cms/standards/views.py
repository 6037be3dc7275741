"""Public pages of the standards and the instructors' coverage report (thin views)."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render

from accounts.roles import user_enters_admin
from competencies import selectors as competencies
from competencies.forms import StandardFilterForm

from . import selectors


def standard_list(request):
    form = StandardFilterForm(request.GET or None)
    filters = {}
    if form.is_valid():
        framework = form.cleaned_data["framework"]
        filters = {
            "framework": framework.slug if framework else "",
            "country": form.cleaned_data["country"],
        }
    return render(
        request,
        "cms/standards/standard_list.html",
        {"form": form, "standards": competencies.standard_list(**filters)},
    )


def _standard_or_404(framework: str, code: str, version: str | None):
    standard = competencies.standard_get(framework=framework, code=code, version=version)
    if standard is None:
        raise Http404
    return standard


def standard_detail(request, framework: str, code: str, version: str | None = None):
    standard = _standard_or_404(framework, code, version)
    context = {
        "standard": standard,
        "page_data": competencies.standard_page(standard=standard),
        "courses": selectors.courses_preparing(standard=standard),
        "can_see_coverage": user_enters_admin(request.user),
    }
    return render(request, "cms/standards/standard_detail.html", context)


def standard_coverage(request, framework: str, code: str, version: str | None = None):
    if not user_enters_admin(request.user):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    standard = _standard_or_404(framework, code, version)
    report = selectors.standard_coverage(standard=standard)
    return render(request, "cms/standards/standard_coverage.html", {"report": report})
