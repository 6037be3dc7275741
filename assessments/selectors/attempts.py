"""Reads for quizzes and attempts."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from competencies.coverage import Link

from ..models import Answer, Attempt, ItemCriterion, Quiz
from ..scoring.items import ItemResult


def attempts_of(*, user) -> QuerySet[Attempt]:
    """A trainee's own attempts: views look attempts up here, so another person's is a 404."""
    if not user.is_authenticated:
        return Attempt.objects.none()
    return Attempt.objects.filter(user=user).select_related("quiz")


def quiz_attempts(*, quiz: Quiz, user) -> list[Attempt]:
    return list(attempts_of(user=user).filter(quiz=quiz).order_by("-number"))


def attempt_answers(*, attempt: Attempt, positions: list[int] | None = None) -> list[Answer]:
    """Answers with their frozen item versions: a fixed number of queries for any count."""
    answers = Answer.objects.filter(attempt=attempt).select_related("item_version")
    if positions is not None:
        answers = answers.filter(position__in=positions)
    return list(answers.order_by("position"))


@dataclass(frozen=True)
class QuestionState:
    """One entry of the attempt's navigator."""

    position: int
    answered: bool
    flagged: bool


def attempt_navigation(*, attempt: Attempt) -> list[QuestionState]:
    """Every question of ``attempt``, answered or not and flagged or not: one query."""
    rows = Answer.objects.filter(attempt=attempt).order_by("position")
    return [
        QuestionState(position, response not in (None, "", [], {}), flagged)
        for position, response, flagged in rows.values_list("position", "response", "flagged")
    ]


def attempt_results(*, attempt: Attempt) -> list[ItemResult]:
    """Per answered item, what competency scoring consumes (see ``ItemResult``)."""
    return [item_result(answer, attempt) for answer in attempt_answers(attempt=attempt)]


def item_result(answer, attempt: Attempt) -> ItemResult:
    """One answer of ``attempt`` (with its item version loaded) as a scoring input."""
    content = answer.item_version.content
    return ItemResult(
        item_key=content["key"],
        version=answer.item_version.number,
        kind=content["kind"],
        fraction=None if answer.fraction is None else float(answer.fraction),
        max_points=float(answer.max_points),
        criterion_weights={int(k): float(v) for k, v in content.get("criteria", {}).items()},
        language=answer.language or attempt.language,
    )


def attempt_review(*, attempt: Attempt, now=None) -> dict[str, bool]:
    """What the trainee may see of a closed attempt, by the quiz's review options."""
    quiz, now = attempt.quiz, now or timezone.now()
    if attempt.is_open:
        return {"score": False, "answers": False, "feedback": False}
    closed = bool(quiz.closes_at and now >= quiz.closes_at)
    return {
        "score": quiz.review_score_after_submit or (closed and quiz.review_score_after_close),
        "answers": quiz.review_answers_after_submit or (closed and quiz.review_answers_after_close),
        "feedback": quiz.review_feedback_after_submit
        or (closed and quiz.review_feedback_after_close),
    }


def items_measuring_criteria(criterion_ids: list[int]) -> dict[int, list[Link]]:
    """``competencies.coverage.MEASURING`` provider: the items that measure each criterion.

    One query whatever the number of ids; items have no public page, so links are staff-only.
    """
    if not criterion_ids:
        return {}
    result: dict[int, list[Link]] = {}
    links = (
        ItemCriterion.objects.filter(criterion_id__in=criterion_ids, item__is_active=True)
        .select_related("item")
        .order_by("item__name")
    )
    for link in links:
        result.setdefault(link.criterion_id, []).append(
            Link(
                title=link.item.name,
                detail=f"{link.item.get_kind_display()} · {link.weight}",
                is_public=False,
            )
        )
    return result


def quizzes_of_course(*, course) -> list[Quiz]:
    """The published quizzes of a course, in code order, for its page."""
    return list(Quiz.objects.filter(course=course, is_active=True).order_by("code"))
