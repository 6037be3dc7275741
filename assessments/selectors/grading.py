"""Reads for manual grading: the essay answers waiting for an instructor."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.models import User
from accounts.roles import Role, user_has_role
from courses.models import Enrollment

from ..item_types.essay import ESSAY
from ..models import Answer, Attempt


def answers_gradable_by(*, user: User) -> QuerySet[Answer]:
    """Essay answers of submitted attempts ``user`` may grade: administrators all of them,
    instructors those of the trainees they are responsible for in the quiz's course — in a
    cohort they teach, or without a cohort (self-enrolled) in a course whose grading team
    they are on (``graders_of`` names the same people)."""
    answers = Answer.objects.filter(
        item_version__content__kind=ESSAY, attempt__status__in=_closed_statuses()
    )
    if user_has_role(user, Role.ADMINISTRATOR):
        return answers
    if not user_has_role(user, Role.INSTRUCTOR):
        return answers.none()
    responsible = Enrollment.objects.filter(
        Q(cohort__instructors=user) | Q(cohort__isnull=True, course__lead_instructors=user),
        user=OuterRef("attempt__user"),
        course=OuterRef("attempt__quiz__course"),
    )
    return answers.filter(Exists(responsible))


def graders_of(*, attempt: Attempt) -> QuerySet[User]:
    """The instructors responsible for grading ``attempt``'s essays: its trainee's cohort's
    instructors, or the course's grading team when the trainee has no cohort. Active
    instructors only; administrators are not listed (they see every queue)."""
    enrollment = (
        Enrollment.objects.filter(user_id=attempt.user_id, course_id=attempt.quiz.course_id)
        .only("cohort_id")
        .first()
    )
    instructors = User.objects.filter(groups__name=Role.INSTRUCTOR.value, is_active=True)
    if enrollment is not None and enrollment.cohort_id is not None:
        return instructors.filter(taught_cohorts=enrollment.cohort_id).distinct()
    return instructors.filter(led_courses=attempt.quiz.course_id).distinct()


def _closed_statuses() -> list[str]:
    return [Attempt.Status.SUBMITTED, Attempt.Status.GRADED]


def grading_queue(*, user: User) -> QuerySet[Answer]:
    """Answers still to grade, oldest submission first (one query)."""
    return (
        answers_gradable_by(user=user)
        .filter(points__isnull=True)
        .select_related("attempt__user", "attempt__quiz", "item_version")
        .order_by("attempt__submitted_at", "attempt_id", "position")
    )
