"""Instructor reports: a cohort's trainees × criteria heatmap and item statistics.

The arithmetic (``heatmap_cells``, ``item_statistics``) takes plain values so tests can check
it against hand-computed numbers; the loaders run a fixed number of queries per cohort.
"""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import astuple, dataclass, replace
from itertools import groupby
from operator import itemgetter

from django.db.models import (
    Case,
    Count,
    F,
    FilteredRelation,
    FloatField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, NullIf

from accounts.languages import language_codes
from accounts.models import User
from competencies.models import Criterion, Standard
from courses.models import Cohort, Enrollment

from ..models import (
    Answer,
    Attempt,
    CriterionStanding,
    EvidenceRecord,
    Item,
    ItemVersion,
    Quiz,
    StandingsBasis,
)
from ..scoring.competency import (
    AttemptEvidence,
    CriterionStatus,
    StandardResult,
    StandardSpec,
    standard_result,
)
from ..scoring.items import ItemResult
from .progress import observation_evidence, standard_spec, standard_tree

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


@dataclass(frozen=True)
class StandingCell:
    """One trainee on one criterion, as the standings table says (pending when it has no row)."""

    status: str = CriterionStatus.PENDING
    percent: int | None = None
    observed: bool = False

    @property
    def is_pending(self) -> bool:
        return self.status == CriterionStatus.PENDING

    @property
    def is_mastered(self) -> bool:
        return self.status == CriterionStatus.MASTERED


PENDING = StandingCell()


@dataclass
class TraineeRow:
    trainee: User
    cells: list[StandingCell]


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


TRAINEES_PER_CHUNK = 500


def cohort_trainees(cohort: Cohort) -> QuerySet[User]:
    """The cohort's trainees in the heatmap's order (by last name, first name)."""
    return User.objects.filter(enrollments__cohort=cohort).order_by("last_name", "first_name", "pk")


@dataclass(frozen=True)
class HeatmapColumns:
    standard: Standard
    spec: StandardSpec
    criteria: list[Criterion]
    codes: list[str]


def heatmap_columns(standard: Standard) -> HeatmapColumns:
    """The standard's criteria in order, with their codes and the scoring spec (2 queries)."""
    elements = standard_tree(standard)
    spec = standard_spec(standard, elements)
    criteria = [c for element in elements for c in element.criteria.all()]
    return HeatmapColumns(standard, spec, criteria, [spec.criteria[c.pk].code for c in criteria])


# --- computing standings from the evidence (for the standings table) ---------------------


def candidate_results(
    specs: Sequence[StandardSpec], candidate_ids: Sequence[int]
) -> dict[tuple[int, int], StandardResult]:
    """``(candidate id, standard id) → StandardResult`` for each candidate and standard, from
    their graded attempts and current evidence (4 queries whatever the numbers).

    Reads plain values, not model instances: an answer's frozen item version is read once
    per version, not once per answer, so thousands of answers cost little."""
    ids = list(candidate_ids)
    attempts = list(
        Attempt.objects.filter(user_id__in=ids, status=Attempt.Status.GRADED)
        .order_by()
        .values_list(
            "pk", "user_id", "quiz_id", "submitted_at", "language", "quiz__attempts_policy"
        )
    )
    answers = defaultdict(list)
    for answer in (
        Answer.objects.filter(attempt_id__in=[attempt[0] for attempt in attempts])
        .order_by()
        .values_list("attempt_id", "item_version_id", "fraction", "max_points", "language")
    ):
        answers[answer[0]].append(answer)
    versions = _version_results({answer[1] for rows in answers.values() for answer in rows})
    records = defaultdict(list)
    for record in (
        EvidenceRecord.objects.current()
        .filter(candidate_id__in=ids, standard_id__in=[spec.id for spec in specs])
        .order_by()
        .only("candidate_id", "standard_id", "criterion_id", "met", "recorded_at")
    ):
        records[(record.candidate_id, record.standard_id)].append(record)
    by_candidate = defaultdict(list)
    for pk, user_id, quiz_id, submitted_at, language, policy in attempts:
        by_candidate[user_id].append(
            AttemptEvidence(
                attempt_id=pk,
                quiz_id=quiz_id,
                finished_at=submitted_at,
                policy=policy,
                items=[
                    replace(
                        versions[version_id],
                        fraction=None if fraction is None else float(fraction),
                        max_points=float(max_points),
                        language=answered_in or language,
                    )
                    for _attempt, version_id, fraction, max_points, answered_in in answers[pk]
                ],
            )
        )
    return {
        (candidate, spec.id): standard_result(
            spec,
            attempts=by_candidate[candidate],
            observations=observation_evidence(records[(candidate, spec.id)]),
        )
        for candidate in ids
        for spec in specs
    }


def _version_results(version_ids) -> dict[int, ItemResult]:
    """Per frozen item version, the part of an ``ItemResult`` that every answer shares."""
    return {
        version.pk: ItemResult(
            item_key=version.content["key"],
            version=version.number,
            kind=version.content["kind"],
            fraction=None,
            max_points=0.0,
            criterion_weights={
                int(k): float(v) for k, v in version.content.get("criteria", {}).items()
            },
        )
        for version in ItemVersion.objects.filter(pk__in=version_ids).only("number", "content")
    }


def standings_digest(spec: StandardSpec, policies: Iterable[tuple[int, str]]) -> str:
    """A digest of the rules a standard's standings follow: its criteria and thresholds
    (``spec``) and every quiz's attempt policy (``(quiz id, policy)`` pairs)."""
    return hashlib.sha256(repr((spec, sorted(policies))).encode()).hexdigest()


def quiz_policies() -> list[tuple[int, str]]:
    return list(Quiz.objects.order_by("pk").values_list("pk", "attempts_policy"))


def standings_current(columns: HeatmapColumns) -> bool:
    """Whether the standard's standings were computed under today's rules (2 queries)."""
    basis = StandingsBasis.objects.filter(standard=columns.standard).first()
    return basis is not None and basis.digest == standings_digest(columns.spec, quiz_policies())


# --- reading the standings ----------------------------------------------------------------


def trainee_rows(columns: HeatmapColumns, trainees: Sequence[User]) -> list[TraineeRow]:
    """Each of ``trainees`` × the criteria, read from the standings table (1 query)."""
    cells: dict[tuple[int, int], StandingCell] = {
        (candidate, criterion): StandingCell(status, percent, observed)
        for candidate, criterion, status, percent, observed in CriterionStanding.objects.filter(
            standard=columns.standard, candidate_id__in=[trainee.pk for trainee in trainees]
        )
        .order_by()
        .values_list("candidate_id", "criterion_id", "status", "percent", "observed")
    }
    return [
        TraineeRow(trainee, [cells.get((trainee.pk, c.pk), PENDING) for c in columns.criteria])
        for trainee in trainees
    ]


@dataclass(frozen=True)
class TraineeStandings:
    """One trainee of a cohort as plain values, with their standings on one standard:
    ``criterion id → (status, percent)`` (a criterion missing from it is pending)."""

    first_name: str
    last_name: str
    email: str
    standings: dict[int, tuple[str, int | None]]


def cohort_standings(cohort: Cohort, columns: HeatmapColumns) -> Iterator[TraineeStandings]:
    """Every trainee of the cohort in ``cohort_trainees`` order with their standings on the
    standard of ``columns`` (the CSV export): one query, the trainees left-joined to their
    standings and read in one ordered pass (``TRAINEES_PER_CHUNK`` trainees' rows fetched at
    a time, a server-side cursor on PostgreSQL), so memory stays the same whatever the size
    of the cohort and nothing is read twice."""
    rows = (
        cohort_trainees(cohort)
        .annotate(
            standing=FilteredRelation(
                "criterion_standings",
                condition=Q(criterion_standings__standard=columns.standard),
            )
        )
        .values_list(
            "pk",
            "first_name",
            "last_name",
            "email",
            "standing__criterion_id",
            "standing__status",
            "standing__percent",
        )
        .iterator(chunk_size=TRAINEES_PER_CHUNK * max(1, len(columns.criteria)))
    )
    for _pk, trainee in groupby(rows, key=itemgetter(0)):
        first = next(trainee)
        standings = {row[4]: (row[5], row[6]) for row in (first, *trainee)}
        standings.pop(None, None)  # a trainee with no standing at all: one row of nulls
        yield TraineeStandings(first[1], first[2], first[3], standings)


def cohort_heatmap(*, cohort: Cohort, columns: HeatmapColumns, trainees: Sequence[User]) -> Heatmap:
    """``trainees`` (a page of the cohort) × the criteria of ``columns``, with the summary row
    over the whole cohort counted in SQL (3 queries whatever the size of the cohort)."""
    return Heatmap(
        standard=columns.standard,
        criteria=columns.criteria,
        codes=columns.codes,
        rows=trainee_rows(columns, list(trainees)),
        summary=cohort_summary(cohort, columns),
    )


def cohort_summary(cohort: Cohort, columns: HeatmapColumns) -> list[HeatCell]:
    """The cohort's summary row: per criterion, how many trainees mastered it and how many
    have evidence, counted by the database over the standings table (2 queries). A trainee
    without a standing on a criterion is pending on it."""
    total = Enrollment.objects.filter(cohort=cohort).values("user_id").distinct().count()
    counts = {
        row["criterion_id"]: row
        for row in CriterionStanding.objects.filter(
            standard=columns.standard,
            candidate_id__in=Enrollment.objects.filter(cohort=cohort).values("user_id"),
        )
        .values("criterion_id")
        .annotate(
            mastered=Count("pk", filter=Q(status=CriterionStatus.MASTERED)),
            evidenced=Count("pk", filter=~Q(status=CriterionStatus.PENDING)),
        )
        .order_by()
    }
    empty = {"mastered": 0, "evidenced": 0}
    return [
        HeatCell(
            mastered=counts.get(c.pk, empty)["mastered"],
            evidenced=counts.get(c.pk, empty)["evidenced"],
            total=total,
        )
        for c in columns.criteria
    ]


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


@dataclass(frozen=True)
class Sums:
    """What facility and discrimination need, additive over answers: the count, Σx, Σy,
    Σxy, Σx², Σy² (x: the answer's share of its points; y: the rest of the attempt's)."""

    n: int = 0
    x: float = 0.0
    y: float = 0.0
    xy: float = 0.0
    xx: float = 0.0
    yy: float = 0.0

    def __add__(self, other: Sums) -> Sums:
        return Sums(*(a + b for a, b in zip(astuple(self), astuple(other), strict=True)))

    @classmethod
    def of(cls, xs: Sequence[float], ys: Sequence[float]) -> Sums:
        return cls(
            n=len(xs),
            x=sum(xs),
            y=sum(ys),
            xy=sum(x * y for x, y in zip(xs, ys, strict=True)),
            xx=sum(x * x for x in xs),
            yy=sum(y * y for y in ys),
        )

    @property
    def mean_x(self) -> float | None:
        return self.x / self.n if self.n else None

    @property
    def correlation(self) -> float | None:
        """Pearson's r; ``None`` when undefined (fewer than two answers, or no spread)."""
        if self.n < 2:
            return None
        sxx = self.xx - self.x * self.x / self.n
        syy = self.yy - self.y * self.y / self.n
        if sxx <= _NO_SPREAD * max(1.0, self.xx) or syy <= _NO_SPREAD * max(1.0, self.yy):
            return None
        r = (self.xy - self.x * self.y / self.n) / math.sqrt(sxx * syy)
        return max(-1.0, min(1.0, r))


_NO_SPREAD = 1e-12  # below this, a variance is rounding error: every value is the same


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r; with a right/wrong item this is the point-biserial correlation.
    ``None`` when it is undefined (fewer than two answers, or no spread)."""
    return Sums.of(list(xs), list(ys)).correlation


def _statistics(key: str, language: str, sums: Sums) -> ItemStatistics:
    return ItemStatistics(
        item_key=key,
        language=language,
        responses=sums.n,
        facility=sums.mean_x,
        discrimination=sums.correlation,
    )


def statistics_by_language(groups: dict[tuple[str, str], Sums]) -> list[ItemStatistics]:
    """Per item, overall ("all": the languages' sums added) then per language in settings
    order, from sums per (item, language)."""
    totals: dict[str, Sums] = defaultdict(Sums)
    for (key, _language), sums in groups.items():
        totals[key] += sums
    order = {language: position for position, language in enumerate(language_codes())}
    stats = []
    for key in sorted(totals):
        stats.append(_statistics(key, "all", totals[key]))
        languages = sorted(
            (language for k, language in groups if k == key),
            key=lambda language: (order.get(language, len(order)), language),
        )
        stats.extend(_statistics(key, language, groups[(key, language)]) for language in languages)
    return stats


def item_statistics(responses: Iterable[Response]) -> list[ItemStatistics]:
    """Facility (mean share of points) and discrimination (correlation with the rest of the
    attempt, so an item does not correlate with itself), per item, overall and per language."""
    groups: dict[tuple[str, str], Sums] = defaultdict(Sums)
    for r in responses:
        groups[(r.item_key, r.language)] += Sums(1, r.fraction, r.rest, r.fraction * r.rest,
                                                 r.fraction**2, r.rest**2)  # fmt: skip
    return statistics_by_language(groups)


@dataclass
class ItemReportRow:
    name: str
    kind: str
    stats: ItemStatistics


def cohort_item_statistics(*, cohort: Cohort) -> list[ItemReportRow]:
    """Item statistics over the graded attempts of the cohort's trainees at its course's
    quizzes, split by the language each item was answered in (2 queries).

    The database adds up, per item and language, what facility and discrimination need
    (``Sums``), so the cost does not depend on holding every answer in memory: the rest of
    an attempt is its points less the answer's, over its maximum less the answer's."""
    x = Cast(Coalesce("fraction", Value(0)), FloatField())
    rest_max = Cast(F("attempt__max_points") - F("max_points"), FloatField())
    rest_points = Cast(
        Coalesce("attempt__points", Value(0)) - Coalesce("points", Value(0)), FloatField()
    )
    y = Case(When(rest_max_=0, then=Value(0.0)), default=rest_points / rest_max)
    sums = (
        Answer.objects.filter(
            attempt__status=Attempt.Status.GRADED,
            attempt__quiz__course_id=cohort.course_id,
            attempt__user__enrollments__cohort=cohort,
        )
        .annotate(
            rest_max_=rest_max,
            x_=x,
            y_=y,
            answered_in=Coalesce(NullIf("language", Value("")), "attempt__language"),
        )
        .values("item_version__item_id", "answered_in")
        .annotate(
            n=Count("pk"),
            sx=Sum("x_"),
            sy=Sum("y_"),
            sxy=Sum(F("x_") * F("y_")),
            sxx=Sum(F("x_") * F("x_")),
            syy=Sum(F("y_") * F("y_")),
        )
        .order_by()
    )
    groups = {
        (str(row["item_version__item_id"]), row["answered_in"]): Sums(
            row["n"], row["sx"], row["sy"], row["sxy"], row["sxx"], row["syy"]
        )
        for row in sums
    }
    items = Item.objects.in_bulk({int(key) for key, _language in groups})
    rows = [
        ItemReportRow(
            name=items[int(s.item_key)].name,
            kind=items[int(s.item_key)].get_kind_display(),
            stats=s,
        )
        for s in statistics_by_language(groups)
    ]
    rows.sort(key=lambda row: (row.name.casefold(), row.stats.item_key))  # stable per item
    return rows
