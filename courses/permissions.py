"""Who may run a course's cohorts: one answer for the services, the admin screens and menus.

* **Administrators** create and edit courses, and manage every cohort.
* A course's **lead instructors** (its grading team) create, edit and delete the course's
  cohorts and enrol, move and withdraw their trainees.
* A cohort's **instructors** enrol, move and withdraw trainees of that cohort.
* A cohort's **evaluators** assess the learners enrolled in it, on the standards its course
  prepares for, and nobody else (``evaluation_candidates``): administrators included, and an
  administrator is a candidate only when enrolled.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from accounts.models import User
from accounts.roles import Role, user_has_role
from competencies.models import Standard

from .models import Cohort, Course


def is_administrator(user: User) -> bool:
    return user_has_role(user, Role.ADMINISTRATOR)


def users_with_role(role: Role) -> QuerySet[User]:
    """Active users holding ``role``, by family and given names: choices for staff fields."""
    return User.objects.filter(groups__name=role.value, is_active=True).distinct()


def courses_led_by(user: User) -> QuerySet[Course]:
    """Courses whose cohorts ``user`` manages: every course for administrators."""
    if is_administrator(user):
        return Course.objects.all()
    if not user.is_authenticated:
        return Course.objects.none()
    return Course.objects.filter(lead_instructors=user)


def can_manage_cohorts_of(user: User, course: Course) -> bool:
    """Create, edit and delete cohorts of ``course``."""
    if is_administrator(user):
        return True
    return user.is_authenticated and course.lead_instructors.filter(pk=user.pk).exists()


def can_enrol_in(user: User, cohort: Cohort) -> bool:
    """Enrol, move and withdraw trainees of ``cohort``."""
    if can_manage_cohorts_of(user, cohort.course):
        return True
    return user.is_authenticated and cohort.instructors.filter(pk=user.pk).exists()


def cohorts_for_staff(user: User) -> QuerySet[Cohort]:
    """Cohorts ``user`` may open in the admin: managed (lead) or taught ones."""
    cohorts = Cohort.objects.select_related("course")
    if is_administrator(user):
        return cohorts
    if not user.is_authenticated:
        return cohorts.none()
    return cohorts.filter(Q(course__lead_instructors=user) | Q(instructors=user)).distinct()


def cohort_visible_to(*, user: User, cohort: Cohort) -> bool:
    """Open ``cohort``'s progress grid and reports: one of ``cohorts_for_staff``."""
    if is_administrator(user):
        return True
    return cohorts_for_staff(user).filter(pk=cohort.pk).exists()


def leads_any_course(user: User) -> bool:
    return user.is_authenticated and Course.objects.filter(lead_instructors=user).exists()


def teaches_any_cohort(user: User) -> bool:
    return user.is_authenticated and Cohort.objects.filter(instructors=user).exists()


def cohorts_enrollable_by(user: User, course: Course) -> QuerySet[Cohort]:
    """Cohorts of ``course`` into which ``user`` may enrol or move trainees."""
    cohorts = Cohort.objects.filter(course=course)
    if can_manage_cohorts_of(user, course):
        return cohorts
    return cohorts.filter(instructors=user) if user.is_authenticated else cohorts.none()


def cohorts_evaluated_by(user: User, *, standard: Standard | None = None) -> QuerySet[Cohort]:
    """Cohorts naming ``user`` among their evaluators (whose course prepares for ``standard``)."""
    if not user.is_authenticated:
        return Cohort.objects.none()
    cohorts = Cohort.objects.filter(evaluators=user)
    if standard is not None:
        cohorts = cohorts.filter(course__target_standards=standard)
    return cohorts.distinct()


def evaluation_candidates(*, evaluator: User, standard: Standard | None = None) -> QuerySet[User]:
    """The learners ``evaluator`` may assess (on ``standard``): active users enrolled in a cohort
    that names the evaluator, whose course prepares for the standard. The one statement of
    whom an evaluator reaches: the evaluation services, the candidate search, every evaluator
    screen and document ask it; anyone else is not found (404). Withdrawn enrolments have
    left their cohort, so they do not count."""
    cohorts = cohorts_evaluated_by(evaluator, standard=standard)
    return User.objects.filter(
        is_active=True, enrollments__cohort__in=cohorts.values("pk")
    ).distinct()
