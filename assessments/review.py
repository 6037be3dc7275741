"""What a trainee reads under each question of a closed attempt.

The mark (right, partly right, wrong, not answered, awaiting grading) and the points, when
the quiz shows scores; the correct answer in words, when it shows correct answers; the
grader's comment, when it shows feedback (option feedback and the explanation are drawn by
the question's own template under the same setting). Plain values in and out, like
``assessments.content``: the result view passes each answer's grade and the review settings
(``selectors.attempt_review``), so nothing the settings withhold reaches the template.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.db import models
from django.utils.translation import pgettext_lazy

from competencies.translation import translated_value

from . import item_types


class Mark(models.TextChoices):
    """How one answer did; the template draws each with an icon and its label, never colour
    alone."""

    CORRECT = "correct", pgettext_lazy("answer mark", "Correct")
    PARTIAL = "partial", pgettext_lazy("answer mark", "Partly correct")
    INCORRECT = "incorrect", pgettext_lazy("answer mark", "Incorrect")
    UNANSWERED = "unanswered", pgettext_lazy("answer mark", "Not answered")
    PENDING = "pending", pgettext_lazy("answer mark", "Awaiting grading")


def mark_of(*, fraction: Decimal | float | None, answered: bool) -> Mark:
    """The mark of an answer worth ``fraction`` (0 to 1; ``None`` while graded by hand)."""
    if not answered:
        return Mark.UNANSWERED
    if fraction is None:
        return Mark.PENDING
    if fraction >= 1:
        return Mark.CORRECT
    return Mark.PARTIAL if fraction > 0 else Mark.INCORRECT


def _plain(value: Decimal) -> int | float:
    """Points as the page prints them: ``1``, ``0.3`` (localised by the template)."""
    return int(value) if value == value.to_integral_value() else float(value.normalize())


def is_answered(response) -> bool:
    return response not in (None, "", [], {})


def question_review(
    question: dict,
    *,
    content: Mapping,
    language: str,
    fraction: Decimal | None,
    points: Decimal | None,
    max_points: Decimal,
    grader_feedback: str,
    review: Mapping[str, bool],
) -> None:
    """Add to ``question`` (``content.question_display``'s dict) what ``review`` allows:
    ``mark``, ``earned`` and ``max_points`` (score); ``correct_answer``, lines of text
    (answers); ``grader_feedback`` (feedback)."""
    if review.get("score"):
        mark = mark_of(fraction=fraction, answered=is_answered(question["response"]))
        question.update(
            mark=mark,
            earned=None if mark == Mark.PENDING else _plain(points or Decimal(0)),
            max_points=_plain(max_points),
        )
    if review.get("answers"):
        source = content.get("source_language")
        question["correct_answer"] = item_types.get(content["kind"]).correct_answer(
            content, text=lambda values: translated_value(values, language, source=source)
        )
    if review.get("feedback"):
        question["grader_feedback"] = grader_feedback
