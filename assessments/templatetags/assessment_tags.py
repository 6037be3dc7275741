"""Template tags for competency progress: the site navigation links and the per-criterion
breakdown shown after an attempt."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.roles import Role, user_enters_admin, user_has_role

from ..selectors.progress import attempt_breakdown as breakdown_rows

register = template.Library()


@register.simple_tag(takes_context=True)
def assessment_nav(context) -> list[dict[str, str]]:
    """Links for the signed-in user's roles: progress, evaluation, grading, reports."""
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return []
    links = [{"url": reverse("assessments:progress"), "label": _("My competencies")}]
    if user_has_role(user, Role.EVALUATOR):
        links.append({"url": reverse("assessments:evaluation_candidates"), "label": _("Evaluate")})
    if user_enters_admin(user):
        links.append({"url": reverse("assessments:grading_queue"), "label": _("Grading")})
        links.append({"url": reverse("assessments:reports"), "label": _("Reports")})
    return links


@register.inclusion_tag("assessments/progress/_attempt_breakdown.html")
def attempt_breakdown(attempt):
    """Per criterion the attempt measured: score, mastered or not, modules to study.
    Usage on a graded attempt's result page: ``{% attempt_breakdown attempt %}``."""
    graded = attempt is not None and attempt.status == attempt.Status.GRADED
    return {"breakdown": breakdown_rows(attempt=attempt) if graded else []}
