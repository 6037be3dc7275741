"""Writes of the standings table (``CriterionStanding``): the reports' per-candidate,
per-criterion summary, kept equal to what scoring the evidence from scratch gives.

* ``standings_refresh`` recomputes a few candidates on the standards some criteria belong to;
  the services that change evidence call it inside their own transaction (an attempt graded,
  by the machine or by hand; an evaluator's record), so a report never sees the evidence
  without its standing.
* ``standings_rebuild`` recomputes a whole standard, a chunk of candidates at a time, and
  records the rules it followed (``StandingsBasis``). A report that finds the rules changed
  since (a threshold, a criterion, a quiz's attempt policy) enqueues it
  (``assessments.tasks.standings_rebuild``); ``manage.py standings_rebuild`` runs it by hand.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from competencies.models import Criterion, Standard

from ..models import Attempt, CriterionStanding, EvidenceRecord, StandingsBasis
from ..scoring.competency import StandardResult, StandardSpec
from ..selectors.progress import standard_spec
from ..selectors.statistics import (
    HeatmapColumns,
    candidate_results,
    heatmap_columns,
    quiz_policies,
    standings_digest,
)

CANDIDATES_PER_CHUNK = 500


def _specs_of_criteria(criterion_ids: Iterable[int]) -> list[StandardSpec]:
    """The scoring specs of the standards ``criterion_ids`` belong to, every criterion of
    theirs included (1 query)."""
    criteria = list(
        Criterion.objects.filter(
            element__standard__in=Criterion.objects.filter(pk__in=list(criterion_ids)).values(
                "element__standard_id"
            )
        )
        .select_related("element__standard")
        .order_by("element__standard_id", "element__number", "number")
    )
    by_standard: dict[int, tuple[Standard, dict]] = {}
    for criterion in criteria:
        element = criterion.element
        standard, elements = by_standard.setdefault(element.standard_id, (element.standard, {}))
        elements.setdefault(element.pk, (element, []))[1].append(criterion)
    return [
        standard_spec(standard, [_Element(el, crits) for el, crits in elements.values()])
        for standard, elements in by_standard.values()
    ]


class _Element:
    """An element with its criteria in hand, as ``standard_spec`` reads one."""

    def __init__(self, element, criteria):
        self.pk, self.number, self._criteria = element.pk, element.number, criteria

    @property
    def criteria(self):
        return self

    def all(self):
        return self._criteria


def _rows(results: dict[tuple[int, int], StandardResult]) -> list[CriterionStanding]:
    """The standings ``results`` give: only criteria with evidence get a row (no row means
    pending), so the table holds what a recomputation from scratch gives, row for row."""
    return [
        CriterionStanding(
            candidate_id=candidate,
            standard_id=standard,
            criterion_id=criterion.criterion_id,
            status=criterion.status,
            percent=criterion.percent,
            observed=bool(criterion.evidence_ids),
        )
        for (candidate, standard), result in results.items()
        for criterion in result.criteria.values()
        if not criterion.is_pending
    ]


def _replace(results: dict[tuple[int, int], StandardResult], specs: Sequence[StandardSpec]) -> int:
    """Replace the candidates' standings on ``specs``' standards with ``results`` (2 queries):
    a rebuild's chunk, where most rows change."""
    CriterionStanding.objects.filter(
        standard_id__in=[spec.id for spec in specs],
        candidate_id__in={candidate for candidate, _standard in results},
    ).delete()
    rows = _rows(results)
    CriterionStanding.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _upsert(results: dict[tuple[int, int], StandardResult], specs: Sequence[StandardSpec]) -> int:
    """Bring the candidates' standings on ``specs``' standards to ``results`` in place (2
    queries): one bulk upsert of every row with evidence, then the removal of the rows whose
    criterion went back to pending (rarely any). A refresh after one attempt or record
    rewrites a handful of rows in place instead of deleting and inserting them all."""
    rows = _rows(results)
    if rows:
        CriterionStanding.objects.bulk_create(
            rows,
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["candidate", "criterion"],
            update_fields=["standard", "status", "percent", "observed"],
        )
    CriterionStanding.objects.filter(
        standard_id__in=[spec.id for spec in specs],
        candidate_id__in={candidate for candidate, _standard in results},
    ).exclude(pk__in=[row.pk for row in rows]).delete()
    return len(rows)


def standings_refresh(*, candidate_ids: Iterable[int], criterion_ids: Iterable[int]) -> int:
    """Recompute ``candidate_ids`` on every standard that one of ``criterion_ids`` belongs to
    (7 queries). Call it in the transaction that changed their evidence."""
    criterion_ids = set(criterion_ids)
    if not criterion_ids:  # a quiz whose items measure no criterion: nothing to read
        return 0
    specs = _specs_of_criteria(criterion_ids)
    if not specs:
        return 0
    return _upsert(candidate_results(specs, list(candidate_ids)), specs)


def standings_after_attempt(*, attempt: Attempt, criterion_ids: Iterable[int]) -> int:
    """Refresh the attempt's candidate once the attempt is graded (nothing before)."""
    if attempt.status != Attempt.Status.GRADED:
        return 0
    return standings_refresh(candidate_ids=[attempt.user_id], criterion_ids=criterion_ids)


def candidates_with_evidence(standard: Standard) -> list[int]:
    """Who may stand anywhere but pending on ``standard``: candidates with a graded attempt
    or an evaluator's record on it (2 queries)."""
    graded = Attempt.objects.filter(status=Attempt.Status.GRADED).order_by()
    observed = EvidenceRecord.objects.filter(standard=standard).order_by()
    return sorted(
        set(graded.values_list("user_id", flat=True).distinct())
        | set(observed.values_list("candidate_id", flat=True).distinct())
    )


def standings_rebuild(*, standard: Standard, progress=None) -> int:
    """Recompute every standing on ``standard`` from scratch, ``CANDIDATES_PER_CHUNK``
    candidates a transaction, then record the rules followed. Returns the rows written."""
    columns = heatmap_columns(standard)
    digest = standings_digest(columns.spec, quiz_policies())
    ids = candidates_with_evidence(standard)
    written = 0
    with transaction.atomic():
        CriterionStanding.objects.filter(standard=standard).exclude(candidate_id__in=ids).delete()
    for start in range(0, len(ids), CANDIDATES_PER_CHUNK):
        chunk = ids[start : start + CANDIDATES_PER_CHUNK]
        with transaction.atomic():
            written += _replace(candidate_results([columns.spec], chunk), [columns.spec])
        if progress:
            progress(start + len(chunk), len(ids))
    StandingsBasis.objects.update_or_create(
        standard=standard, defaults={"digest": digest, "computed_at": timezone.now()}
    )
    return written


REBUILD_CLAIM_SECONDS = 3600


def standings_ensure_current(*, columns: HeatmapColumns) -> bool:
    """Whether the standard's standings follow today's rules; when they do not (a threshold,
    a criterion or a quiz's policy changed since they were computed, or they never were),
    enqueue their rebuild once per change of rules (2 queries)."""
    from .. import tasks

    digest = standings_digest(columns.spec, quiz_policies())
    basis = StandingsBasis.objects.filter(standard=columns.standard).first()
    if basis is not None and basis.digest == digest:
        return True
    standard_id = columns.standard.pk
    if cache.add(f"puente:standings-rebuild:{standard_id}:{digest}", 1, REBUILD_CLAIM_SECONDS):
        tasks.standings_rebuild.enqueue(standard_id)
    return False
