"""Reads for the cédula de evaluación: a judgement's frozen basis, criterion by criterion.

Everything the cédula states about results comes from ``Judgement.basis`` as it was recorded
(never recomputed from today's evidence); the criteria's texts and elements come from the
standard, so the document reads in either language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from accounts.models import User
from competencies.models import Criterion, Element, Standard

from ..models import EvaluationReport, EvidenceRecord, Judgement
from ..scoring.competency import CriterionStatus


@dataclass(frozen=True)
class CriterionOutcome:
    """One criterion as the judgement recorded it."""

    code: str
    kind: str
    status: str
    score: str | None
    threshold: str
    criterion: Criterion | None
    evidence_ids: tuple[int, ...] = ()
    attempt_ids: tuple[int, ...] = ()

    @property
    def is_covered(self) -> bool:
        return self.status == CriterionStatus.MASTERED

    @property
    def percent(self) -> int | None:
        return None if self.score is None else int(float(self.score) * 100 + 1e-9)

    @property
    def threshold_percent(self) -> int:
        return round(float(self.threshold) * 100)


@dataclass(frozen=True)
class ElementOutcome:
    element: Element | None
    criteria: tuple[CriterionOutcome, ...]

    @property
    def is_met(self) -> bool:
        return all(criterion.is_covered for criterion in self.criteria)


@dataclass(frozen=True)
class JudgementRecord:
    """A judgement, its cédula (``None`` before the evaluator first saves it) and its basis."""

    judgement: Judgement
    report: EvaluationReport | None
    elements: tuple[ElementOutcome, ...]
    evidence: dict[int, EvidenceRecord] = field(default_factory=dict)

    @property
    def criteria(self) -> list[CriterionOutcome]:
        return [criterion for element in self.elements for criterion in element.criteria]

    @property
    def not_covered(self) -> list[CriterionOutcome]:
        return [criterion for criterion in self.criteria if not criterion.is_covered]

    @property
    def is_confirmed(self) -> bool:
        return self.report is not None and self.report.is_confirmed


def judgement_record_of(judgement: Judgement) -> JudgementRecord:
    """The cédula's content for ``judgement``: 4 queries whatever the size of the standard."""
    standard: Standard = judgement.standard
    basis = judgement.basis.get("criteria", {})
    criteria = {
        criterion.pk: criterion
        for criterion in Criterion.objects.filter(pk__in=[int(pk) for pk in basis]).select_related(
            "element"
        )
    }
    evidence_ids = [pk for row in basis.values() for pk in row.get("evidence", [])]
    evidence = {
        record.pk: record
        for record in EvidenceRecord.objects.filter(pk__in=evidence_ids).select_related("evaluator")
    }
    grouped: dict[int | None, list[CriterionOutcome]] = {}
    elements: dict[int | None, Element | None] = {None: None}
    for pk, row in basis.items():
        criterion = criteria.get(int(pk))
        element = criterion.element if criterion else None
        if element is not None:
            element.standard = standard
            criterion.element = element
            elements[element.pk] = element
        grouped.setdefault(element.pk if element else None, []).append(
            CriterionOutcome(
                code=row["code"],
                kind=row["kind"],
                status=row["status"],
                score=row.get("score"),
                threshold=row["threshold"],
                criterion=criterion,
                evidence_ids=tuple(row.get("evidence", [])),
                attempt_ids=tuple(row.get("attempts", [])),
            )
        )

    def element_order(key):
        element = elements[key]
        return (element is None, element.number if element else 0)

    def criterion_order(outcome: CriterionOutcome):
        return (outcome.criterion.number if outcome.criterion else 0, outcome.code)

    outcomes = tuple(
        ElementOutcome(
            element=elements[key],
            criteria=tuple(sorted(grouped[key], key=criterion_order)),
        )
        for key in sorted(grouped, key=element_order)
    )
    report = EvaluationReport.objects.filter(judgement=judgement).first()
    return JudgementRecord(judgement=judgement, report=report, elements=outcomes, evidence=evidence)


def judgement_for_report(*, candidate: User, standard: Standard, pk: int) -> Judgement | None:
    """Judgement ``pk`` of ``candidate`` on ``standard`` with what its cédula prints (1 query)."""
    return (
        Judgement.objects.filter(pk=pk, candidate=candidate, standard=standard)
        .select_related("candidate", "evaluator", "standard__framework")
        .first()
    )


def standard_elements(standard: Standard) -> list[Element]:
    """The standard's elements and criteria in order (2 queries)."""
    elements = list(
        Element.objects.filter(standard=standard)
        .order_by("number")
        .prefetch_related(Prefetch("criteria", queryset=Criterion.objects.order_by("number")))
    )
    for element in elements:
        element.standard = standard
        for criterion in element.criteria.all():
            criterion.element = element
    return elements
