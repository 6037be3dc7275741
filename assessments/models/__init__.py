"""Assessment models, one module per sub-domain; explicit re-exports only."""

from .attempts import Answer, Attempt
from .evidence import AppendOnlyError, EvidenceRecord
from .items import Item, ItemCriterion, ItemOption, ItemTag, ItemVersion
from .judgement import Judgement
from .quizzes import Quiz, QuizSlot

__all__ = [
    "Answer",
    "AppendOnlyError",
    "Attempt",
    "EvidenceRecord",
    "Item",
    "ItemCriterion",
    "ItemOption",
    "ItemTag",
    "ItemVersion",
    "Judgement",
    "Quiz",
    "QuizSlot",
]
