"""Writes for courses and cohorts, by administrators and lead instructors (admin screens).

Each write checks its actor, validates, saves, logs in Wagtail's log; the caller's view is
thin. Roles are checked here as well as in the forms' choices: instructors must hold the
instructor role, evaluators the evaluator role, and nobody evaluates a cohort they teach.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from wagtail.log_actions import log

from accounts.models import User
from accounts.roles import Role
from competencies.models import Standard

from ..models import Cohort, Course
from ..permissions import can_manage_cohorts_of, is_administrator, users_with_role


def _without_role(users: Iterable[User], role: Role) -> list[User]:
    users = list(users)
    holding = set(
        users_with_role(role).filter(pk__in=[u.pk for u in users]).values_list("pk", flat=True)
    )
    return [user for user in users if user.pk not in holding]


def _names(users: Iterable[User]) -> str:
    return ", ".join(str(user) for user in users)


def staff_problems(
    *, instructors: Iterable[User] = (), evaluators: Iterable[User] = (), leads: Iterable[User] = ()
) -> dict[str, str]:
    """Field → message for staff who lack their role, or who would evaluate whom they teach."""
    problems = {}
    if missing := _without_role(leads, Role.INSTRUCTOR):
        problems["lead_instructors"] = _("Not instructors: %(names)s.") % {"names": _names(missing)}
    if missing := _without_role(instructors, Role.INSTRUCTOR):
        problems["instructors"] = _("Not instructors: %(names)s.") % {"names": _names(missing)}
    if missing := _without_role(evaluators, Role.EVALUATOR):
        problems["evaluators"] = _("Not evaluators: %(names)s.") % {"names": _names(missing)}
    elif both := set(instructors) & set(evaluators):
        problems["evaluators"] = _(
            "%(names)s teach this cohort; an evaluator never evaluates the trainees they taught."
        ) % {"names": _names(sorted(both, key=str))}
    return problems


@transaction.atomic
def course_save(
    *,
    course: Course,
    actor: User,
    target_standards: Iterable[Standard] = (),
    lead_instructors: Iterable[User] = (),
) -> Course:
    """Create or update ``course`` with its target standards and grading team."""
    if not is_administrator(actor):
        raise PermissionDenied(_("Only administrators create and edit courses."))
    lead_instructors = list(lead_instructors)
    if problems := staff_problems(leads=lead_instructors):
        raise ValidationError(problems)
    created = course.pk is None
    course.full_clean()
    course.save()
    course.target_standards.set(list(target_standards))
    course.lead_instructors.set(lead_instructors)
    log(instance=course, action="wagtail.create" if created else "wagtail.edit", user=actor)
    return course


@transaction.atomic
def cohort_save(
    *,
    cohort: Cohort,
    actor: User,
    instructors: Iterable[User] = (),
    evaluators: Iterable[User] = (),
) -> Cohort:
    """Create or update ``cohort`` with its instructors and evaluators. The actor must manage
    cohorts of its course (and of its former course, when it changes)."""
    created = cohort.pk is None
    courses = [cohort.course]
    if not created:
        courses.append(Cohort.objects.select_related("course").get(pk=cohort.pk).course)
    if not all(can_manage_cohorts_of(actor, course) for course in courses):
        raise PermissionDenied(_("Only the course’s lead instructors manage its cohorts."))
    if not created and courses[0].pk != courses[1].pk and cohort.enrollments.exists():
        raise ValidationError(
            {"course": _("This cohort has trainees; it stays in its course. Move them first.")}
        )
    instructors, evaluators = list(instructors), list(evaluators)
    if problems := staff_problems(instructors=instructors, evaluators=evaluators):
        raise ValidationError(problems)
    cohort.full_clean()
    cohort.save()
    cohort.instructors.set(instructors)
    cohort.evaluators.set(evaluators)
    log(instance=cohort, action="wagtail.create" if created else "wagtail.edit", user=actor)
    return cohort


@transaction.atomic
def cohort_delete(*, cohort: Cohort, actor: User) -> int:
    """Delete ``cohort``. Its trainees stay enrolled in the course, without a cohort (their
    progress, attempts and certificates untouched): returns how many. Refused when
    certificates were issued to the cohort in bulk (their record names it)."""
    if not can_manage_cohorts_of(actor, cohort.course):
        raise PermissionDenied(_("Only the course’s lead instructors manage its cohorts."))
    detached = cohort.enrollments.count()
    log(instance=cohort, action="wagtail.delete", user=actor, data={"trainees": detached})
    try:
        with transaction.atomic():
            cohort.delete()
    except ProtectedError as error:
        raise ValidationError(
            _("Certificates were issued to this cohort; it is kept as part of their record.")
        ) from error
    return detached
