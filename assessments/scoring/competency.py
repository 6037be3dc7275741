"""From evidence to the CONOCER verdict, with plain values only (DESIGN principle 3).

Inputs are frozen dataclasses built by ``assessments.selectors.progress``; nothing here
touches the ORM, the clock or the active language. Arithmetic is exact (``Fraction``), so a
result never depends on the order in which items, options or attempts arrive.

Rules
-----
* **Item evidence.** Inside one attempt, a criterion's score is the weighted share of the
  points earned on the items that measure it: ``Σ fraction·points·weight / Σ points·weight``.
* **Repeated attempts** of one quiz are combined per criterion by the quiz's policy: the
  highest score, the latest attempt, or the mean. Several quizzes measuring one criterion
  are combined by a mean weighted by how much of each quiz measures it.
* **Which evidence counts.** Knowledge criteria come from questionnaire items; performance
  and product criteria from the evaluator's checklist; attitude criteria from observation
  when an evaluator recorded one (direct evidence wins), otherwise from situational-judgement
  items. Evidence of another kind is ignored, never mixed in.
* **Pending.** A criterion without evidence is *pending*: never mastered, never failed.
* **Mastery.** A criterion is mastered when its score reaches its threshold; an element is
  met when all its criteria are; the standard is *Competente* when all elements are met and
  *Todavía no competente* otherwise, listing the criteria still missing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Protocol

Number = int | float | Decimal | Fraction


class CriterionKind(StrEnum):
    """The values of ``competencies.Criterion.Kind``."""

    PERFORMANCE = "performance"
    PRODUCT = "product"
    KNOWLEDGE = "knowledge"
    ATTITUDE = "attitude"


#: Kinds an evaluator records on a checklist (attitude only when observed).
OBSERVED_KINDS = frozenset(
    {CriterionKind.PERFORMANCE, CriterionKind.PRODUCT, CriterionKind.ATTITUDE}
)
#: Kinds that quiz items may give evidence for.
ITEM_KINDS = frozenset({CriterionKind.KNOWLEDGE, CriterionKind.ATTITUDE})


class AttemptPolicy(StrEnum):
    """How repeated attempts of one quiz count towards a criterion."""

    HIGHEST = "highest"
    LATEST = "latest"
    MEAN = "mean"


class CriterionStatus(StrEnum):
    MASTERED = "mastered"
    NOT_YET = "not_yet"
    PENDING = "pending"


class Verdict(StrEnum):
    """The values of ``assessments.Judgement.Result``."""

    COMPETENT = "competent"
    NOT_YET_COMPETENT = "not_yet"


# --- inputs -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionSpec:
    id: int
    element_id: int
    code: str
    kind: CriterionKind | str
    threshold: Number


@dataclass(frozen=True)
class ElementSpec:
    id: int
    number: int
    criterion_ids: tuple[int, ...]


@dataclass(frozen=True)
class StandardSpec:
    """The structure of one standard: its elements in order and their criteria."""

    id: int
    code: str
    elements: tuple[ElementSpec, ...]
    criteria: Mapping[int, CriterionSpec]


class ItemOutcome(Protocol):
    """One graded item of an attempt; ``assessments.scoring.items.ItemResult`` fits it.

    ``fraction`` is the share of the item's points earned (0–1); ``criterion_weights`` maps
    criterion ids to the item's weight for that criterion. Other attributes (the item key,
    the language it was answered in) are carried along and never read here.
    """

    @property
    def fraction(self) -> Number | None: ...

    @property
    def max_points(self) -> Number: ...

    @property
    def criterion_weights(self) -> Mapping[int, Number]: ...


@dataclass(frozen=True)
class AttemptEvidence:
    """A finished, fully graded attempt of one quiz."""

    attempt_id: int
    quiz_id: int
    finished_at: datetime
    policy: AttemptPolicy | str
    items: Sequence[ItemOutcome]


@dataclass(frozen=True)
class ObservationEvidence:
    """An evaluator's current (not superseded) checklist record for one criterion."""

    evidence_id: int
    criterion_id: int
    met: bool
    recorded_at: datetime


# --- results ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionResult:
    criterion_id: int
    code: str
    kind: str
    threshold: Fraction
    score: Fraction | None
    attempt_ids: tuple[int, ...] = ()
    evidence_ids: tuple[int, ...] = ()

    @property
    def status(self) -> CriterionStatus:
        if self.score is None:
            return CriterionStatus.PENDING
        if self.score >= self.threshold:
            return CriterionStatus.MASTERED
        return CriterionStatus.NOT_YET

    @property
    def is_mastered(self) -> bool:
        return self.status == CriterionStatus.MASTERED

    @property
    def is_pending(self) -> bool:
        return self.score is None

    @property
    def percent(self) -> int | None:
        """The score as a whole percentage (rounded down, so 79.9 % never shows as 80 %)."""
        return None if self.score is None else int(self.score * 100)

    @property
    def threshold_percent(self) -> int:
        return round(self.threshold * 100)

    def as_basis(self) -> dict:
        return {
            "code": self.code,
            "kind": self.kind,
            "score": None if self.score is None else str(round(float(self.score), 4)),
            "threshold": str(round(float(self.threshold), 4)),
            "status": str(self.status),
            "attempts": list(self.attempt_ids),
            "evidence": list(self.evidence_ids),
        }


@dataclass(frozen=True)
class ElementResult:
    element_id: int
    number: int
    criteria: tuple[CriterionResult, ...]

    @property
    def is_met(self) -> bool:
        return all(criterion.is_mastered for criterion in self.criteria)

    @property
    def mastered_count(self) -> int:
        return sum(criterion.is_mastered for criterion in self.criteria)

    @property
    def pending_count(self) -> int:
        return sum(criterion.is_pending for criterion in self.criteria)


@dataclass(frozen=True)
class StandardResult:
    standard_id: int
    code: str
    elements: tuple[ElementResult, ...]
    criteria: Mapping[int, CriterionResult] = field(repr=False)

    @property
    def verdict(self) -> Verdict:
        if self.criteria and all(element.is_met for element in self.elements):
            return Verdict.COMPETENT
        return Verdict.NOT_YET_COMPETENT

    @property
    def is_competent(self) -> bool:
        return self.verdict == Verdict.COMPETENT

    @property
    def is_complete(self) -> bool:
        """Every criterion has evidence, so a judgement may be recorded."""
        return not any(criterion.is_pending for criterion in self.criteria.values())

    @property
    def missing(self) -> tuple[CriterionResult, ...]:
        """Criteria not mastered yet (failed or pending), in the standard's order."""
        return tuple(c for element in self.elements for c in element.criteria if not c.is_mastered)

    @property
    def pending(self) -> tuple[CriterionResult, ...]:
        return tuple(c for c in self.missing if c.is_pending)

    @property
    def mastered_count(self) -> int:
        return sum(element.mastered_count for element in self.elements)

    @property
    def attempt_ids(self) -> tuple[int, ...]:
        return tuple(sorted({a for c in self.criteria.values() for a in c.attempt_ids}))

    @property
    def evidence_ids(self) -> tuple[int, ...]:
        return tuple(sorted({e for c in self.criteria.values() for e in c.evidence_ids}))

    def as_basis(self) -> dict:
        """What a judgement stores: which attempts and records, and each criterion's result."""
        return {
            "attempts": list(self.attempt_ids),
            "evidence": list(self.evidence_ids),
            "criteria": {
                str(pk): result.as_basis() for pk, result in sorted(self.criteria.items())
            },
        }


# --- the rules ----------------------------------------------------------------------------


def _fraction(value: Number) -> Fraction:
    return value if isinstance(value, Fraction) else Fraction(value)


def _clamp(value: Fraction) -> Fraction:
    return min(Fraction(1), max(Fraction(0), value))


def attempt_criterion_scores(items: Iterable[ItemOutcome]) -> dict[int, tuple[Fraction, Fraction]]:
    """Per criterion measured in one attempt: ``(score 0–1, weight mass)``.

    Items worth no points or weighted zero, and essays not graded yet (``fraction`` is
    ``None``), carry no evidence and are skipped.
    """
    earned: dict[int, Fraction] = defaultdict(Fraction)
    mass: dict[int, Fraction] = defaultdict(Fraction)
    for item in items:
        if item.fraction is None:
            continue
        points = _fraction(item.max_points)
        fraction = _clamp(_fraction(item.fraction))
        for criterion_id, weight in item.criterion_weights.items():
            criterion_id = int(criterion_id)
            share = points * _fraction(weight)
            if share <= 0:
                continue
            earned[criterion_id] += fraction * share
            mass[criterion_id] += share
    return {pk: (earned[pk] / mass[pk], mass[pk]) for pk in mass}


def _combine_attempts(
    policy: AttemptPolicy | str, scored: list[tuple[AttemptEvidence, Fraction, Fraction]]
) -> tuple[Fraction, Fraction, tuple[int, ...]]:
    """``scored``: (attempt, score, mass) for one quiz and criterion → (score, mass, ids)."""
    policy = AttemptPolicy(policy)
    if policy == AttemptPolicy.MEAN:
        count = len(scored)
        return (
            sum((score for _a, score, _m in scored), Fraction(0)) / count,
            sum((mass for _a, _s, mass in scored), Fraction(0)) / count,
            tuple(sorted(attempt.attempt_id for attempt, _s, _m in scored)),
        )
    if policy == AttemptPolicy.LATEST:
        chosen = max(scored, key=lambda row: (row[0].finished_at, row[0].attempt_id))
    else:  # highest; ties go to the later attempt so the choice never depends on order
        chosen = max(scored, key=lambda row: (row[1], row[0].finished_at, row[0].attempt_id))
    attempt, score, mass = chosen
    return score, mass, (attempt.attempt_id,)


def item_criterion_scores(
    attempts: Iterable[AttemptEvidence],
) -> dict[int, tuple[Fraction, tuple[int, ...]]]:
    """Per criterion: the score from quiz items across quizzes and attempts, with attempt ids."""
    by_quiz: dict[tuple[int, int], list[tuple[AttemptEvidence, Fraction, Fraction]]] = defaultdict(
        list
    )
    for attempt in attempts:
        for criterion_id, (score, mass) in attempt_criterion_scores(attempt.items).items():
            by_quiz[(criterion_id, attempt.quiz_id)].append((attempt, score, mass))

    total: dict[int, Fraction] = defaultdict(Fraction)
    masses: dict[int, Fraction] = defaultdict(Fraction)
    used: dict[int, set[int]] = defaultdict(set)
    for (criterion_id, _quiz), scored in by_quiz.items():
        policy = scored[0][0].policy
        score, mass, attempt_ids = _combine_attempts(policy, scored)
        total[criterion_id] += score * mass
        masses[criterion_id] += mass
        used[criterion_id].update(attempt_ids)
    return {
        pk: (_clamp(total[pk] / masses[pk]), tuple(sorted(used[pk])))
        for pk in masses
        if masses[pk] > 0
    }


def observed_criteria(
    observations: Iterable[ObservationEvidence],
) -> dict[int, ObservationEvidence]:
    """The latest observation per criterion (corrections supersede older records)."""
    latest: dict[int, ObservationEvidence] = {}
    for observation in observations:
        current = latest.get(observation.criterion_id)
        key = (observation.recorded_at, observation.evidence_id)
        if current is None or key > (current.recorded_at, current.evidence_id):
            latest[observation.criterion_id] = observation
    return latest


def criterion_result(
    spec: CriterionSpec,
    item_score: tuple[Fraction, tuple[int, ...]] | None,
    observation: ObservationEvidence | None,
) -> CriterionResult:
    kind = CriterionKind(spec.kind)
    score: Fraction | None = None
    attempt_ids: tuple[int, ...] = ()
    evidence_ids: tuple[int, ...] = ()
    if observation is not None and kind in OBSERVED_KINDS:
        score = Fraction(1) if observation.met else Fraction(0)
        evidence_ids = (observation.evidence_id,)
    elif item_score is not None and kind in ITEM_KINDS:
        score, attempt_ids = item_score
    return CriterionResult(
        criterion_id=spec.id,
        code=spec.code,
        kind=str(kind),
        threshold=_clamp(_fraction(spec.threshold)),
        score=score,
        attempt_ids=attempt_ids,
        evidence_ids=evidence_ids,
    )


def standard_result(
    standard: StandardSpec,
    *,
    attempts: Iterable[AttemptEvidence] = (),
    observations: Iterable[ObservationEvidence] = (),
) -> StandardResult:
    """Score every criterion of ``standard`` and judge its elements and the standard."""
    item_scores = item_criterion_scores(attempts)
    observed = observed_criteria(observations)
    criteria = {
        pk: criterion_result(spec, item_scores.get(pk), observed.get(pk))
        for pk, spec in standard.criteria.items()
    }
    elements = tuple(
        ElementResult(
            element_id=element.id,
            number=element.number,
            criteria=tuple(criteria[pk] for pk in element.criterion_ids),
        )
        for element in sorted(standard.elements, key=lambda e: e.number)
    )
    return StandardResult(
        standard_id=standard.id, code=standard.code, elements=elements, criteria=criteria
    )
