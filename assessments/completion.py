"""The course-completion requirement "required quizzes passed" (``courses.completion``)."""

from __future__ import annotations

from courses.models import Enrollment

from .models import Attempt, Quiz

NAME = "required-quizzes-passed"


def required_quizzes_passed(enrollment: Enrollment) -> bool:
    """Every published, required quiz of the course has a passed attempt: two queries."""
    required = set(
        Quiz.objects.filter(
            course_id=enrollment.course_id, is_active=True, is_required=True
        ).values_list("pk", flat=True)
    )
    if not required:
        return True
    passed = set(
        Attempt.objects.filter(
            user_id=enrollment.user_id, quiz_id__in=required, passed=True
        ).values_list("quiz_id", flat=True)
    )
    return required <= passed
