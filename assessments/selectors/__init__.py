"""Reads for assessments, one module per sub-domain; explicit re-exports only."""

from .attempts import (
    QuestionState,
    attempt_answers,
    attempt_navigation,
    attempt_results,
    attempt_review,
    attempts_of,
    items_measuring_criteria,
    quiz_attempts,
    quizzes_of_course,
)
from .grading import grading_queue
from .judgement import judgement_current, judgements_current
from .progress import attempt_breakdown, standard_progress, standards_of
from .statistics import cohort_heatmap, cohort_item_statistics

__all__ = [
    "QuestionState",
    "attempt_answers",
    "attempt_breakdown",
    "attempt_navigation",
    "attempt_results",
    "attempt_review",
    "attempts_of",
    "cohort_heatmap",
    "cohort_item_statistics",
    "grading_queue",
    "items_measuring_criteria",
    "judgement_current",
    "judgements_current",
    "quiz_attempts",
    "quizzes_of_course",
    "standard_progress",
    "standards_of",
]
