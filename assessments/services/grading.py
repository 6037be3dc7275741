"""Manual grading of essay answers; an attempt is final when every answer is graded."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.inbox import notification_create
from accounts.models import Notification, User
from accounts.notifications import absolute_url, user_notify

from .. import tasks
from ..item_types.essay import ESSAY
from ..models import Answer, Attempt
from ..selectors.grading import answers_gradable_by, graders_of
from .attempts import attempt_recompute


class GradingRefused(Exception):
    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def grading_refusal(*, grader: User, answer: Answer) -> str | None:
    """Why ``grader`` may not grade ``answer``, or ``None``."""
    if not answers_gradable_by(user=grader).filter(pk=answer.pk).exists():
        return _(
            "You can grade only answers of trainees you are responsible for: those in the "
            "cohorts you teach, and those without a cohort in the courses you lead."
        )
    return None


@transaction.atomic
def answer_grade(
    *,
    grader: User,
    answer: Answer,
    points: Decimal | str,
    feedback: str = "",
    now: datetime | None = None,
) -> Answer:
    """Give ``points`` (0 to the item's maximum) and feedback to an essay answer."""
    now = now or timezone.now()
    refusal = grading_refusal(grader=grader, answer=answer)
    if refusal:
        raise GradingRefused(refusal, code="outside_cohorts")
    Attempt.objects.select_for_update().filter(pk=answer.attempt_id).first()
    answer = Answer.objects.select_related("attempt__quiz", "item_version").get(pk=answer.pk)
    if answer.item_version.content.get("kind") != ESSAY:
        raise GradingRefused(_("Only essay answers are graded by hand."), code="not_essay")
    try:
        points = Decimal(str(points).replace(",", "."))
    except InvalidOperation as error:
        raise GradingRefused(_("Enter the points as a number."), code="points") from error
    if not Decimal(0) <= points <= answer.max_points:
        raise GradingRefused(
            _("Give between 0 and %(max)s points.") % {"max": _points(answer.max_points)},
            code="points",
        )
    was_final = answer.attempt.status == Attempt.Status.GRADED
    answer.points = points.quantize(Decimal("0.001"))
    answer.fraction = (
        (points / answer.max_points).quantize(Decimal("0.0001")) if answer.max_points else None
    )
    answer.grader = grader
    answer.grader_feedback = feedback.strip()
    answer.graded_at = now
    # The frozen parts of the answer (response, option orders) are not ours to validate.
    answer.full_clean(exclude=["response", "option_order", "match_order"])
    answer.save(update_fields=["points", "fraction", "grader", "grader_feedback", "graded_at"])
    attempt = attempt_recompute(attempt=answer.attempt)
    if attempt.status == Attempt.Status.GRADED and not was_final:
        attempt_id = attempt.pk
        tasks.attempt_graded_email.enqueue(attempt_id)
    return answer


def _points(value: Decimal) -> str:
    return f"{value.normalize():f}"


def attempt_graded_notify(*, attempt: Attempt) -> None:
    """Tell the trainee their attempt is final, in their preferred language, by e-mail and
    in their inbox."""
    notification_create(
        user=attempt.user,
        kind=Notification.Kind.ATTEMPT_GRADED,
        subject=f"attempt:{attempt.pk}",
        render=lambda: (
            _("Your answers to “%(quiz)s” are graded.") % {"quiz": attempt.quiz.title},
            reverse("assessments:attempt_result", args=[attempt.public_id]),
        ),
    )
    user_notify(
        user=attempt.user,
        template="assessments/grading/graded_email",
        context=lambda: {
            "attempt": attempt,
            "trainee": attempt.user,
            "url": absolute_url(reverse("assessments:attempt_result", args=[attempt.public_id])),
        },
    )


def essays_to_grade_notify(*, attempt: Attempt) -> None:
    """Tell each instructor responsible for ``attempt`` (``graders_of``) that essays wait in
    their grading queue, each in their own language. Nothing when all are graded already."""
    waiting = attempt.answers.filter(item_version__content__kind=ESSAY, points__isnull=True)
    count = waiting.count()
    if not count:
        return
    for grader in graders_of(attempt=attempt):
        user_notify(
            user=grader,
            template="assessments/grading/essays_to_grade_email",
            context=lambda grader=grader: {
                "grader": grader,
                "attempt": attempt,
                "trainee": attempt.user,
                "count": count,
                "url": absolute_url(reverse("assessments:grading_queue")),
            },
        )
