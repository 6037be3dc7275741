"""Instructor reports: a cohort's trainees × criteria heatmap and item statistics.

The arithmetic (``heatmap_cells``, ``item_statistics``) takes plain values so tests can check
it against hand-computed numbers; the loaders run a fixed number of queries per cohort.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Prefetch

from accounts.languages import language_codes
from accounts.models import User
from competencies.models import Criterion, Standard
from courses.models import Cohort, Enrollment

from ..models import Answer, Attempt, EvidenceRecord
from ..scoring.competency import CriterionResult, StandardResult, standard_result
from .progress import (
    attempt_evidence,
    observation_evidence,
    standard_spec,
    standard_tree,
)

# --- heatmap ------------------------------------------------------------------------------


@dataclass(frozen=True)
class HeatCell:
    """One criterion for a group of trainees: how many mastered it, how many have evidence."""

    mastered: int
    evidenced: int
    total: int

    @property
    def percent(self) -> int | None:
        """Share of the group that mastered it (rounded down); ``None`` for an empty group."""
        return None if not self.total else 100 * self.mastered // self.total

    @property
    def band(self) -> str:
        if not self.evidenced or self.percent is None:
            return "none"
        if self.percent >= 80:
            return "high"
        if self.percent >= 50:
            return "mid"
        return "low"


def heatmap_cells(
    results: Sequence[StandardResult], criterion_ids: Sequence[int]
) -> list[HeatCell]:
    """Per criterion, over the trainees' results: mastered / with evidence / trainees."""
    return [
        HeatCell(
            mastered=sum(r.criteria[pk].is_mastered for r in results),
            evidenced=sum(not r.criteria[pk].is_pending for r in results),
            total=len(results),
        )
        for pk in criterion_ids
    ]


@dataclass
class TraineeRow:
    trainee: User
    result: StandardResult
    cells: list[CriterionResult]


@dataclass
class Heatmap:
    standard: Standard
    criteria: list[Criterion]
    codes: list[str]
    rows: list[TraineeRow]
    summary: list[HeatCell]

    @property
    def columns(self) -> list[tuple[Criterion, str, HeatCell]]:
        return list(zip(self.criteria, self.codes, self.summary, strict=True))


def cohort_heatmap(*, cohort: Cohort, standard: Standard) -> Heatmap:
    """Trainees of ``cohort`` × criteria of ``standard``, with the cohort's summary row."""
    elements = standard_tree(standard)
    spec = standard_spec(standard, elements)
    criteria = [c for element in elements for c in element.criteria.all()]
    codes = [spec.criteria[c.pk].code for c in criteria]
    trainees = [
        enrollment.user
        for enrollment in Enrollment.objects.filter(cohort=cohort)
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    ]
    attempts = defaultdict(list)
    for attempt in (
        Attempt.objects.filter(user__in=trainees, status=Attempt.Status.GRADED)
        .select_related("quiz")
        .prefetch_related(
            Prefetch("answers", queryset=Answer.objects.select_related("item_version"))
        )
    ):
        attempts[attempt.user_id].append(attempt)
    records = defaultdict(list)
    for record in EvidenceRecord.objects.current().filter(
        candidate__in=trainees, standard=standard
    ):
        records[record.candidate_id].append(record)
    rows = []
    for trainee in trainees:
        result = standard_result(
            spec,
            attempts=attempt_evidence(attempts[trainee.pk]),
            observations=observation_evidence(records[trainee.pk]),
        )
        rows.append(TraineeRow(trainee, result, [result.criteria[c.pk] for c in criteria]))
    summary = heatmap_cells([row.result for row in rows], [c.pk for c in criteria])
    return Heatmap(standard=standard, criteria=criteria, codes=codes, rows=rows, summary=summary)


# --- item statistics ----------------------------------------------------------------------


@dataclass(frozen=True)
class Response:
    """One answer to an item: the share of its points earned, and of the rest of the attempt."""

    item_key: str
    language: str
    fraction: float
    rest: float


@dataclass(frozen=True)
class ItemStatistics:
    item_key: str
    language: str  # "es", "en" or "all"
    responses: int
    facility: float | None
    discrimination: float | None


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r; with a right/wrong item this is the point-biserial correlation.
    ``None`` when it is undefined (fewer than two answers, or no spread)."""
    n = len(xs)
    if n < 2:
        return None
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mean_x) ** 2 for x in xs)
    syy = sum((y - mean_y) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def item_statistics(responses: Iterable[Response]) -> list[ItemStatistics]:
    """Facility (mean share of points) and discrimination (correlation with the rest of the
    attempt, so an item does not correlate with itself), per item, overall and per language."""
    groups: dict[tuple[str, str], list[Response]] = defaultdict(list)
    for response in responses:
        groups[(response.item_key, "all")].append(response)
        groups[(response.item_key, response.language)].append(response)
    order = {language: position for position, language in enumerate(("all", *language_codes()))}
    stats = []
    for (key, language), rows in sorted(
        groups.items(), key=lambda kv: (kv[0][0], order.get(kv[0][1], len(order)))
    ):
        fractions = [row.fraction for row in rows]
        stats.append(
            ItemStatistics(
                item_key=key,
                language=language,
                responses=len(rows),
                facility=sum(fractions) / len(rows),
                discrimination=pearson(fractions, [row.rest for row in rows]),
            )
        )
    return stats


@dataclass
class ItemReportRow:
    name: str
    kind: str
    stats: ItemStatistics


def cohort_item_statistics(*, cohort: Cohort) -> list[ItemReportRow]:
    """Item statistics over the graded attempts of the cohort's trainees at its course's
    quizzes, split by the language each item was answered in (2 queries)."""
    answers = list(
        Answer.objects.filter(
            attempt__status=Attempt.Status.GRADED,
            attempt__quiz__course_id=cohort.course_id,
            attempt__user__enrollments__cohort=cohort,
        )
        .select_related("item_version__item", "attempt")
        .order_by("attempt_id", "position")
    )
    by_attempt: dict[int, list[Answer]] = defaultdict(list)
    for answer in answers:
        by_attempt[answer.attempt_id].append(answer)
    responses = []
    names = {}
    for rows in by_attempt.values():
        total_max = sum(float(a.max_points) for a in rows)
        total = sum(float(a.points or 0) for a in rows)
        for answer in rows:
            key = answer.item_version.content["key"]
            names[key] = (
                answer.item_version.item.name,
                answer.item_version.item.get_kind_display(),
            )
            rest_max = total_max - float(answer.max_points)
            rest = (total - float(answer.points or 0)) / rest_max if rest_max else 0.0
            responses.append(
                Response(
                    item_key=key,
                    language=answer.language or answer.attempt.language,
                    fraction=float(answer.fraction or 0),
                    rest=rest,
                )
            )
    return [
        ItemReportRow(name=names[s.item_key][0], kind=names[s.item_key][1], stats=s)
        for s in item_statistics(responses)
    ]
