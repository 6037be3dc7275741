"""Trainee and instructor views. Each one parses input, calls a service or selector, renders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import printed_name

from . import selectors, services
from .exports import csv_download
from .forms import CohortFilterForm, EnrollForm, ModuleForm, ReflectionForm
from .models import Cohort
from .services import REFLECTION_MAX_LENGTH

# ``reflection:<block id>``: a reflection sent along with "Mark this module as done".
REFLECTION_FIELD_PREFIX = "reflection:"


def _next_url(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or fallback
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _error_text(error: ValidationError | PermissionDenied) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


@require_POST
@login_required
def enroll(request):
    form = EnrollForm(request.POST)
    back = _next_url(request, reverse("dashboard"))
    if not form.is_valid():
        messages.error(request, _("This course does not exist."))
        return HttpResponseRedirect(back)
    course = form.cleaned_data["course"]
    try:
        services.enrollment_create(user=request.user, course=course, enrolled_by=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("You are enrolled in “%(course)s”.") % {"course": course})
    return HttpResponseRedirect(back)


@require_POST
@login_required
def module_complete(request):
    form = ModuleForm(request.POST)
    back = _next_url(request, "/")
    if not form.is_valid():
        messages.error(request, _("This module does not exist."))
        return HttpResponseRedirect(back)
    module_key = form.cleaned_data["module_key"]
    # Private reflections typed but not saved travel with this click (courses/js/module.js);
    # they are saved first, so marking the module done never loses them.
    for name, answer in request.POST.items():
        if not name.startswith(REFLECTION_FIELD_PREFIX):
            continue
        reflection = ReflectionForm(
            {
                "module_key": module_key,
                "block_id": name.removeprefix(REFLECTION_FIELD_PREFIX),
                "answer": answer,
            }
        )
        if not _reflection_saved(request, reflection):
            return _reflection_refused(request, reflection, back)
    try:
        progress = services.module_progress_complete(user=request.user, module_key=module_key)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _error_text(error))
        return HttpResponseRedirect(back)
    if progress.enrollment.completed_at:
        messages.success(request, _("Module done. You completed the course!"))
    else:
        messages.success(request, _("Module done. Your progress is saved."))
    return HttpResponseRedirect(back)


@require_POST
@login_required
def reflection_save(request):
    form = ReflectionForm(request.POST)
    back = _next_url(request, "/")
    if _reflection_saved(request, form):
        messages.success(request, _("Your answer is saved. Only you can read it."))
        return HttpResponseRedirect(back)
    return _reflection_refused(request, form, back)


def _reflection_saved(request, form: ReflectionForm) -> bool:
    """Save the reflection ``form`` holds; ``False`` with the refusal on the form."""
    if not form.is_valid():
        return False
    try:
        services.reflection_save(
            user=request.user,
            module_key=form.cleaned_data["module_key"],
            block_id=form.cleaned_data["block_id"],
            answer=form.cleaned_data["answer"],
        )
    except (ValidationError, PermissionDenied) as error:
        form.add_error("answer" if isinstance(error, ValidationError) else None, error)
        return False
    return True


def _reflection_refused(request, form: ReflectionForm, back: str) -> HttpResponse:
    """Show the refused text back, unchanged, so nothing the trainee wrote is lost."""
    context = {"form": form, "back": back, "max_length": REFLECTION_MAX_LENGTH}
    return render(request, "courses/reflection_refused.html", context, status=400)


COHORT_GRID_PAGE = 50


@require_GET
@login_required
def cohort_detail(request, pk: int):
    cohort = get_object_or_404(Cohort.objects.select_related("course"), pk=pk)
    if not selectors.cohort_visible_to(user=request.user, cohort=cohort):
        raise PermissionDenied
    form = CohortFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    modules = selectors.cohort_grid_modules(cohort=cohort, language=get_language())
    enrollments = selectors.cohort_enrollments(
        cohort=cohort, status=filters.get("status") or "all", search=filters.get("q") or ""
    )
    if request.GET.get("format") == "csv":
        return _cohort_csv(cohort, modules, selectors.cohort_grid_all_rows(enrollments, modules))
    page = Paginator(enrollments, COHORT_GRID_PAGE).get_page(request.GET.get("page"))
    rows = selectors.cohort_grid_rows(page.object_list, modules)
    context = {"cohort": cohort, "form": form, "modules": modules, "rows": rows, "page_obj": page}
    return render(request, "courses/cohort_detail.html", context)


def _cohort_csv(cohort, modules, rows) -> StreamingHttpResponse:
    """The grid as CSV, streamed; every cell through ``exports.csv_safe`` (no formulas)."""
    titles = [link.title if link else str(module) for module, link in modules]
    header = [_("Trainee"), _("E-mail"), *titles, _("Modules done"), _("Completed on")]
    return csv_download(
        f"cohort-{cohort.pk}.csv",
        header,
        (
            [
                printed_name(row.first_name, row.last_name),
                row.email,
                *[
                    completed.date().isoformat() if completed else ""
                    for completed in row.modules_completed
                ],
                f"{row.done}/{len(modules)}",
                row.completed_at.date().isoformat() if row.completed_at else "",
            ]
            for row in rows
        ),
    )
