"""What a candidate's own documents on a standard show: the portfolio of evidence (every
evaluator record, corrections included, the photos they name, and the graded quiz attempts of
the courses that prepare for the standard), the ficha de registro and the diagnóstico."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from accounts.models import User
from competencies.models import Criterion, Standard
from courses.models import Enrollment
from courses.selectors import modules_teaching_criteria

from ..models import Attempt, EvidenceRecord, SelfAssessment
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
    """Whether the candidate should train first or go to evaluation, from their progress and
    their self-assessment.

    Knowledge is what a candidate can show before the evaluation (the questionnaires): while
    a knowledge criterion is not mastered, the advice is to train first, with the modules that
    teach what is missing (observed criteria not met yet are listed too). The self-assessment
    counts as much: a criterion the candidate says they cannot do yet, or only with help, is
    one to train first too, with its modules. Otherwise, go to the evaluation.
    """

    progress: StandardProgress
    # Criterion id → ``SelfAssessment.Level`` for the criteria the candidate answered.
    self_levels: Mapping[int, str] = field(default_factory=dict)
    # Modules teaching the criteria the candidate assessed as weak.
    self_modules: Mapping[int, list] = field(default_factory=dict)

    @property
    def knowledge_missing(self) -> list[CriterionProgress]:
        return [
            row for row in self.progress.missing if row.criterion.kind == Criterion.Kind.KNOWLEDGE
        ]

    @property
    def is_self_assessed(self) -> bool:
        return bool(self.progress.criteria) and all(
            row.criterion.pk in self.self_levels for row in self.progress.criteria
        )

    @property
    def self_weak(self) -> list[CriterionProgress]:
        """Criteria the candidate says they cannot do alone yet."""
        return [
            row
            for row in self.progress.criteria
            if self.self_levels.get(row.criterion.pk) in WEAK_LEVELS
        ]

    @property
    def ready_for_evaluation(self) -> bool:
        return not self.knowledge_missing and not self.self_weak

    @property
    def to_study(self) -> list[CriterionProgress]:
        """Criteria to work on before the evaluation, in the standard's order, with the modules
        that teach them: not mastered and not merely pending observation (an observed criterion
        without a record is the evaluation's job), or assessed as weak by the candidate."""
        weak = {row.criterion.pk for row in self.self_weak}
        return [
            replace(row, modules=row.modules or self.self_modules.get(row.criterion.pk, []))
            for row in self.progress.criteria
            if row.criterion.pk in weak
            or (
                not row.result.is_mastered
                and (row.criterion.kind == Criterion.Kind.KNOWLEDGE or not row.result.is_pending)
            )
        ]

    def self_level(self, row: CriterionProgress) -> str | None:
        return self.self_levels.get(row.criterion.pk)


# The answers that send a candidate to train first.
WEAK_LEVELS = (SelfAssessment.Level.WITH_HELP, SelfAssessment.Level.NOT_YET)


def enrollments_for(*, candidate: User, standard: Standard) -> list[Enrollment]:
    """The candidate's enrolments in courses preparing for ``standard`` (1 query)."""
    return list(
        Enrollment.objects.filter(user=candidate, course__target_standards=standard)
        .select_related("course", "cohort")
        .order_by("enrolled_at", "pk")
    )


def self_assessment_of(*, candidate: User, standard: Standard) -> dict[int, str]:
    """The candidate's self-assessment on ``standard``: criterion id → level (1 query)."""
    return dict(
        SelfAssessment.objects.filter(
            candidate=candidate, criterion__element__standard=standard
        ).values_list("criterion_id", "level")
    )


def diagnosis_of(*, candidate: User, standard: Standard) -> Diagnosis:
    """Progress, self-assessment and the modules for the weak criteria (a fixed number of
    queries; module titles and links in the active language)."""
    self_levels = self_assessment_of(candidate=candidate, standard=standard)
    weak = [pk for pk, level in self_levels.items() if level in WEAK_LEVELS]
    return Diagnosis(
        progress=standard_progress(candidate=candidate, standard=standard),
        self_levels=self_levels,
        self_modules=modules_teaching_criteria(weak),
    )
