"""Reads that turn a candidate's attempts and evaluator records into competency progress.

The rules live in ``assessments.scoring.competency`` (pure); this module only loads the
plain values they need, in a fixed number of queries, and pairs the results with the
``Element`` / ``Criterion`` rows and remediation links that pages show.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Prefetch, Q, QuerySet

from accounts.models import User
from competencies.coverage import Link
from competencies.models import Criterion, Element, Standard
from courses.models import Cohort, Course, Enrollment
from courses.selectors import modules_teaching_criteria

from ..models import Answer, Attempt, EvidenceRecord, Judgement
from ..scoring.competency import (
    OBSERVED_KINDS,
    AttemptEvidence,
    CriterionResult,
    CriterionSpec,
    ElementResult,
    ElementSpec,
    ObservationEvidence,
    StandardResult,
    StandardSpec,
    attempt_criterion_scores,
    standard_result,
)
from .attempts import attempt_results, item_result

# --- loading plain values -----------------------------------------------------------------


def standard_tree(standard: Standard) -> list[Element]:
    """Elements with their criteria prefetched, in order (2 queries). Each element shares
    ``standard``, so reading a text's fallback language (the standard's framework) costs no
    query per element."""
    return standard_trees([standard])[standard.pk]


def standard_spec(standard: Standard, elements: Iterable[Element]) -> StandardSpec:
    criteria: dict[int, CriterionSpec] = {}
    element_specs = []
    for element in elements:
        ids = []
        for criterion in element.criteria.all():
            threshold = (
                criterion.threshold
                if criterion.threshold is not None
                else standard.default_threshold
            )
            criteria[criterion.pk] = CriterionSpec(
                id=criterion.pk,
                element_id=element.pk,
                code=Criterion.reference(standard.code, element.number, criterion.number),
                kind=criterion.kind,
                threshold=threshold,
            )
            ids.append(criterion.pk)
        element_specs.append(
            ElementSpec(id=element.pk, number=element.number, criterion_ids=tuple(ids))
        )
    return StandardSpec(
        id=standard.pk, code=standard.code, elements=tuple(element_specs), criteria=criteria
    )


def graded_attempts(*, candidate: User) -> QuerySet[Attempt]:
    return Attempt.objects.filter(user=candidate, status=Attempt.Status.GRADED).select_related(
        "quiz"
    )


def attempt_evidence(attempts: Iterable[Attempt]) -> list[AttemptEvidence]:
    """Graded attempts as scoring inputs (answers were prefetched by the caller)."""
    return [
        AttemptEvidence(
            attempt_id=attempt.pk,
            quiz_id=attempt.quiz_id,
            finished_at=attempt.submitted_at,
            policy=attempt.quiz.attempts_policy,
            items=[item_result(answer, attempt) for answer in attempt.answers.all()],
        )
        for attempt in attempts
    ]


def current_evidence(*, candidate: User, standard: Standard) -> QuerySet[EvidenceRecord]:
    return (
        EvidenceRecord.objects.current()
        .filter(candidate=candidate, standard=standard)
        .select_related("evaluator")
    )


def observation_evidence(records: Iterable[EvidenceRecord]) -> list[ObservationEvidence]:
    return [
        ObservationEvidence(
            evidence_id=record.pk,
            criterion_id=record.criterion_id,
            met=record.met,
            recorded_at=record.recorded_at,
        )
        for record in records
    ]


# --- what pages show ----------------------------------------------------------------------


@dataclass
class CriterionProgress:
    criterion: Criterion
    result: CriterionResult
    evidence: EvidenceRecord | None = None
    modules: list[Link] = field(default_factory=list)

    @property
    def is_observed(self) -> bool:
        return self.criterion.kind in OBSERVED_KINDS


@dataclass
class ElementProgress:
    element: Element
    result: ElementResult
    criteria: list[CriterionProgress]


@dataclass
class StandardProgress:
    standard: Standard
    result: StandardResult
    elements: list[ElementProgress]
    judgement: Judgement | None

    @property
    def criteria(self) -> list[CriterionProgress]:
        return [c for element in self.elements for c in element.criteria]

    @property
    def missing(self) -> list[CriterionProgress]:
        return [c for c in self.criteria if not c.result.is_mastered]

    @property
    def percent(self) -> int:
        total = len(self.result.criteria)
        return int(100 * self.result.mastered_count / total) if total else 0


def standard_progress(*, candidate: User, standard: Standard) -> StandardProgress:
    """Every element and criterion of ``standard`` for ``candidate``, with remediation links
    for the criteria not mastered yet and the current judgement. A fixed number of queries."""
    return standards_progress(candidate=candidate, standards=[standard])[0]


def standards_progress(*, candidate: User, standards: Iterable[Standard]) -> list[StandardProgress]:
    """``standard_progress`` for each of ``standards``, in the same fixed number of queries
    however many there are (the learner's dashboard charts every standard they prepare
    for): the elements, the graded attempts, the evidence, the remediation links and the
    judgements of all of them are read together."""
    standards = list(standards)
    trees = standard_trees(standards)
    attempts = attempt_evidence(
        graded_attempts(candidate=candidate).prefetch_related(
            Prefetch("answers", queryset=_answers_queryset())
        )
    )
    records: dict[int, dict[int, EvidenceRecord]] = {standard.pk: {} for standard in standards}
    for record in (
        EvidenceRecord.objects.current()
        .filter(candidate=candidate, standard__in=standards)
        .select_related("evaluator")
    ):
        records[record.standard_id][record.criterion_id] = record
    results = {
        standard.pk: standard_result(
            standard_spec(standard, trees[standard.pk]),
            attempts=attempts,
            observations=observation_evidence(records[standard.pk].values()),
        )
        for standard in standards
    }
    modules = modules_teaching_criteria(
        [c.criterion_id for result in results.values() for c in result.missing]
    )
    judgements = _judgements_current(candidate=candidate, standards=standards)
    progress = []
    for standard in standards:
        result = results[standard.pk]
        element_rows = []
        for element, element_result in zip(trees[standard.pk], result.elements, strict=True):
            rows = [
                CriterionProgress(
                    criterion=criterion,
                    result=result.criteria[criterion.pk],
                    evidence=records[standard.pk].get(criterion.pk),
                    modules=modules.get(criterion.pk, []),
                )
                for criterion in element.criteria.all()
            ]
            element_rows.append(
                ElementProgress(element=element, result=element_result, criteria=rows)
            )
        progress.append(
            StandardProgress(
                standard=standard,
                result=result,
                elements=element_rows,
                judgement=judgements.get(standard.pk),
            )
        )
    return progress


def standard_trees(standards: list[Standard]) -> dict[int, list[Element]]:
    """``standard_tree`` of each of ``standards`` by its id, in the same 2 queries."""
    trees: dict[int, list[Element]] = {standard.pk: [] for standard in standards}
    by_id = {standard.pk: standard for standard in standards}
    for element in (
        Element.objects.filter(standard__in=standards)
        .order_by("standard_id", "number")
        .prefetch_related(Prefetch("criteria", queryset=Criterion.objects.order_by("number")))
    ):
        element.standard = by_id[element.standard_id]
        trees[element.standard_id].append(element)
    return trees


def _judgements_current(*, candidate: User, standards: list[Standard]) -> dict[int, Judgement]:
    """``judgement_current`` on each of ``standards`` by standard id (one query); each shares
    its standard's instance, so its texts read no framework again."""
    by_id = {standard.pk: standard for standard in standards}
    current: dict[int, Judgement] = {}
    for judgement in (
        Judgement.objects.filter(candidate=candidate, standard__in=standards)
        .select_related("evaluator")
        .order_by("standard_id", "-decided_at", "-pk")
    ):
        if judgement.standard_id not in current:
            judgement.standard = by_id[judgement.standard_id]
            current[judgement.standard_id] = judgement
    return current


def _answers_queryset():
    return Answer.objects.select_related("item_version").order_by("position")


def standards_of(*, candidate: User) -> QuerySet[Standard]:
    """Standards the candidate is preparing for (courses they are enrolled in) or was judged on.

    Each source is a subquery on the candidate's own rows (their enrolments' courses, their
    judgements), so the cost follows what the candidate has, not how many others share their
    courses: joining both relations before filtering multiplied a course's enrolments by its
    standards' judgements (10⁸ rows at 10,000 learners)."""
    enrolled = Course.target_standards.through.objects.filter(
        course__enrollments__user=candidate
    ).values("standard_id")
    judged = Judgement.objects.filter(candidate=candidate).values("standard_id")
    return Standard.objects.filter(Q(pk__in=enrolled) | Q(pk__in=judged)).order_by("code")


# --- after an attempt ---------------------------------------------------------------------


@dataclass
class AttemptCriterion:
    criterion: Criterion
    percent: int
    is_mastered: bool
    modules: list[Link]

    @property
    def threshold_percent(self) -> int:
        return round(self.criterion.effective_threshold * 100)


def attempt_breakdown(*, attempt: Attempt) -> list[AttemptCriterion]:
    """Per criterion this attempt measured: its score, mastered or not, and for a missed one
    the modules that teach it (3 queries after the answers)."""
    scores = attempt_criterion_scores(attempt_results(attempt=attempt))
    if not scores:
        return []
    criteria = (
        Criterion.objects.filter(pk__in=scores)
        .select_related("element__standard")
        .order_by("element__standard__code", "element__number", "number")
    )
    rows = []
    for criterion in criteria:
        score, _mass = scores[criterion.pk]
        rows.append(
            AttemptCriterion(
                criterion=criterion,
                percent=int(score * 100),
                is_mastered=score >= Fraction(criterion.effective_threshold),
                modules=[],
            )
        )
    missed = [row.criterion.pk for row in rows if not row.is_mastered]
    links = modules_teaching_criteria(missed)
    for row in rows:
        row.modules = links.get(row.criterion.pk, [])
    return rows


# --- the conflict rule --------------------------------------------------------------------


def cohorts_where_trained(
    *, evaluator: User, candidate_ids: Iterable[int], standard: Standard
) -> dict[int, Cohort]:
    """For each of ``candidate_ids`` that ``evaluator`` trained for ``standard``, one cohort
    where it happened: a cohort the evaluator teaches, the candidate is enrolled in, whose
    course prepares for the standard. Any such cohort forbids the evaluator from assessing
    the candidate. One query whatever the number of candidates."""
    enrollments = (
        Enrollment.objects.filter(
            user_id__in=list(candidate_ids),
            cohort__instructors=evaluator,
            cohort__course__in=Course.objects.filter(target_standards=standard),
        )
        .select_related("cohort__course")
        .order_by("-cohort__starts_on", "cohort__name", "pk")
    )
    found: dict[int, Cohort] = {}
    for enrollment in enrollments:
        found.setdefault(enrollment.user_id, enrollment.cohort)
    return found
