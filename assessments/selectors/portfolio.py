"""What a candidate's own documents on a standard show: the portfolio of evidence (every
evaluator record, corrections included, the photos they name, and the graded quiz attempts of
the courses that prepare for the standard), the ficha de registro and the diagnóstico."""

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import User
from competencies.models import Criterion, Standard
from courses.models import Enrollment

from ..models import Attempt, EvidenceRecord
from .progress import CriterionProgress, StandardProgress, standard_progress


@dataclass(frozen=True)
class Portfolio:
    candidate: User
    standard: Standard
    records: list[EvidenceRecord]
    attempts: list[Attempt]

    @property
    def photos(self) -> list[EvidenceRecord]:
        return [record for record in self.records if record.photo]


def portfolio_of(*, candidate: User, standard: Standard) -> Portfolio:
    """2 queries whatever the number of records and attempts."""
    records = list(
        EvidenceRecord.objects.filter(candidate=candidate, standard=standard)
        .select_related("criterion__element", "evaluator")
        .order_by("criterion__element__number", "criterion__number", "recorded_at", "pk")
    )
    for record in records:
        record.criterion.element.standard = standard
        record.standard = standard
    attempts = list(
        Attempt.objects.filter(
            user=candidate,
            status=Attempt.Status.GRADED,
            quiz__course__target_standards=standard,
        )
        .select_related("quiz")
        .distinct()
        .order_by("submitted_at", "pk")
    )
    return Portfolio(candidate=candidate, standard=standard, records=records, attempts=attempts)


# --- ficha de registro and diagnóstico ----------------------------------------------------


@dataclass(frozen=True)
class Diagnosis:
    """Whether the candidate should train first or go to evaluation, from their progress.

    Knowledge is what a candidate can show before the evaluation (the questionnaires): while
    a knowledge criterion is not mastered, the advice is to train first, with the modules that
    teach what is missing (observed criteria not met yet are listed too); otherwise, to go to
    the evaluation.
    """

    progress: StandardProgress

    @property
    def knowledge_missing(self) -> list[CriterionProgress]:
        return [
            row for row in self.progress.missing if row.criterion.kind == Criterion.Kind.KNOWLEDGE
        ]

    @property
    def ready_for_evaluation(self) -> bool:
        return not self.knowledge_missing

    @property
    def to_study(self) -> list[CriterionProgress]:
        """Criteria to work on before the evaluation: not mastered and not merely pending
        observation (an observed criterion without a record is the evaluation's job)."""
        return [
            row
            for row in self.progress.missing
            if row.criterion.kind == Criterion.Kind.KNOWLEDGE or not row.result.is_pending
        ]


def enrollments_for(*, candidate: User, standard: Standard) -> list[Enrollment]:
    """The candidate's enrolments in courses preparing for ``standard`` (1 query)."""
    return list(
        Enrollment.objects.filter(user=candidate, course__target_standards=standard)
        .select_related("course", "cohort")
        .order_by("enrolled_at", "pk")
    )


def diagnosis_of(*, candidate: User, standard: Standard) -> Diagnosis:
    return Diagnosis(progress=standard_progress(candidate=candidate, standard=standard))
