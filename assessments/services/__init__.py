"""Writes for assessments, one module per sub-domain; explicit re-exports only."""

from .attempts import (
    AttemptClosed,
    AttemptError,
    StaleSave,
    answer_flag,
    answer_too_long_message,
    attempt_answers_save,
    attempt_recompute,
    attempt_start,
    attempt_submit,
    attempts_close_overdue,
    enrolled_in_course,
    quiz_start_refusal,
)
from .evidence import EvaluationRefused, evaluation_refusal, evidence_record
from .grading import GradingRefused, answer_grade, grading_refusal
from .items import item_content, item_problems, item_versions_for
from .judgement import judgement_record

__all__: list[str] = [
    "AttemptClosed",
    "AttemptError",
    "EvaluationRefused",
    "GradingRefused",
    "StaleSave",
    "answer_flag",
    "answer_grade",
    "answer_too_long_message",
    "attempt_answers_save",
    "attempt_recompute",
    "attempt_start",
    "attempt_submit",
    "attempts_close_overdue",
    "enrolled_in_course",
    "evaluation_refusal",
    "evidence_record",
    "grading_refusal",
    "item_content",
    "item_problems",
    "item_versions_for",
    "judgement_record",
    "quiz_start_refusal",
]
