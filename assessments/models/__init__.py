"""Assessment models, one module per sub-domain; explicit re-exports only."""

from .attempts import Answer, Attempt
from .evidence import AppendOnlyError, EvidenceRecord
from .items import Item, ItemCriterion, ItemOption, ItemTag, ItemVersion
from .judgement import Judgement
from .plan import EvaluationPlan, EvaluationPlanElement
from .quizzes import Quiz, QuizSlot
from .report import EvaluationReport, FrozenReportError
from .self_assessment import SelfAssessment
from .standings import CriterionStanding, StandingsBasis

__all__ = [
    "Answer",
    "AppendOnlyError",
    "Attempt",
    "CriterionStanding",
    "EvaluationPlan",
    "EvaluationPlanElement",
    "EvaluationReport",
    "EvidenceRecord",
    "FrozenReportError",
    "Item",
    "ItemCriterion",
    "ItemOption",
    "ItemTag",
    "ItemVersion",
    "Judgement",
    "Quiz",
    "QuizSlot",
    "StandingsBasis",
    "SelfAssessment",
]
