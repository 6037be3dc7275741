"""The learner's home and the instructor's dashboard: parse nothing, read, render."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from accounts.roles import STAFF_ROLES, user_has_any_role

from . import selectors


@require_GET
@login_required
def learner(request):
    dashboard = selectors.learner_dashboard(
        user=request.user, language=get_language(), request=request
    )
    is_staff = user_has_any_role(request.user, STAFF_ROLES)
    return render(
        request, "cms/dashboard/learner.html", {"dashboard": dashboard, "is_staff": is_staff}
    )


@require_GET
@login_required
def instructor(request):
    if not user_has_any_role(request.user, STAFF_ROLES):
        raise PermissionDenied
    dashboard = selectors.instructor_dashboard(user=request.user)
    return render(request, "cms/dashboard/instructor.html", {"dashboard": dashboard})
