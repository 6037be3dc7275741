"""Reads for manual grading: the essay answers waiting for an instructor."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from accounts.models import User
from accounts.roles import Role, user_has_role
from courses.models import Enrollment

from ..models import Answer, Attempt
from ..scoring.items import ESSAY


def answers_gradable_by(*, user: User) -> QuerySet[Answer]:
    """Essay answers of submitted attempts ``user`` may grade: administrators all of them,
    instructors those of trainees enrolled in a cohort they teach, in the quiz's course."""
    answers = Answer.objects.filter(
        item_version__content__kind=ESSAY, attempt__status__in=_closed_statuses()
    )
    if user_has_role(user, Role.ADMINISTRATOR):
        return answers
    if not user_has_role(user, Role.INSTRUCTOR):
        return answers.none()
    taught = Enrollment.objects.filter(
        user=OuterRef("attempt__user"),
        course=OuterRef("attempt__quiz__course"),
        cohort__instructors=user,
    )
    return answers.filter(Exists(taught))


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
