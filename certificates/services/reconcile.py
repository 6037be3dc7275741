"""Finish the background work that was lost: the periodic reconciliation.

Tasks are recorded in the transaction of what caused them, relayed until they ran and retried
when they fail (``cms.task_queue``), but work can still be lost: a task whose retries were all
spent, a row deleted by hand, work older than the outbox (before its migration), a worker
killed (``kill -9``, out of memory) while it held a job. What must follow is visible in the
database, so this pass finds it and enqueues it again; every task is idempotent, so work
found twice is done once:

- a certificate saved without its PDF (valid, or revoked without its marked copy): rendered,
  and its e-mail follows the render (``issue._store``);
- a bulk run still waiting for its planner, or running (or failed) with no progress since the
  previous pass: the learners it has not recorded yet are shared out in chunks again, and a
  run with nobody left is marked finished.

The workers run it every few minutes (``cms.worker.SCHEDULE``).
"""

import dataclasses
import datetime
import logging

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from courses.models import Enrollment

from .. import tasks
from ..models import BulkIssuance, Certificate
from .bulk import BULK_CHUNK, _bulk_record

logger = logging.getLogger("certificates")

# Work younger than this is left to the queue: its task is probably waiting or running.
RECONCILE_AFTER = datetime.timedelta(minutes=2)
PROGRESS_KEY = "certificates:bulk-progress:{pk}"


@dataclasses.dataclass(frozen=True)
class Reconciled:
    renders: int = 0
    revoked_renders: int = 0
    bulk_runs: int = 0

    def __bool__(self):
        return bool(self.renders or self.revoked_renders or self.bulk_runs)


def background_reconcile(
    *, now: datetime.datetime | None = None, after: datetime.timedelta = RECONCILE_AFTER
) -> Reconciled:
    """Enqueue again what a lost task left undone (see the module's docstring)."""
    cutoff = (now or timezone.now()) - after
    renders = list(_renders_missing(cutoff).values_list("pk", flat=True))
    for pk in renders:
        tasks.certificate_render_pdf.enqueue(pk)
    revoked = list(_revoked_renders_missing(cutoff).values_list("pk", flat=True))
    for pk in revoked:
        tasks.certificate_render_revoked_pdf.enqueue(pk)
    resumed = sum(bulk_issuance_resume(bulk=bulk) for bulk in _bulk_stalled(cutoff))
    outcome = Reconciled(renders=len(renders), revoked_renders=len(revoked), bulk_runs=resumed)
    if outcome:
        logger.warning("Reconciliation enqueued lost work again: %s", outcome)
    return outcome


def _renders_missing(cutoff):
    return Certificate.objects.filter(pdf="", created_at__lt=cutoff).exclude(
        status=Certificate.Status.SUPERSEDED
    )


def _revoked_renders_missing(cutoff):
    return Certificate.objects.filter(
        status=Certificate.Status.REVOKED, revoked_pdf="", revoked_at__lt=cutoff
    )


def background_work_missing(
    *, now: datetime.datetime | None = None, after: datetime.timedelta = RECONCILE_AFTER
) -> Reconciled:
    """What the reconciliation would look at now, counted and changing nothing (for the
    administrators' screen): certificates without their PDF or marked copy, and unfinished bulk
    runs, older than ``after``."""
    cutoff = (now or timezone.now()) - after
    return Reconciled(
        renders=_renders_missing(cutoff).count(),
        revoked_renders=_revoked_renders_missing(cutoff).count(),
        bulk_runs=BulkIssuance.objects.filter(created_at__lt=cutoff)
        .exclude(status=BulkIssuance.Status.DONE)
        .count(),
    )


def _bulk_stalled(cutoff) -> list[BulkIssuance]:
    """Runs planned before ``cutoff`` that are not done and did not move since the last pass.

    Progress is remembered in the cache between passes: a run is resumed only when its count
    of processed learners is the one the previous pass saw (a first sight of it only records
    it), so a long run that is still moving is never shared out twice.
    """
    unfinished = list(
        BulkIssuance.objects.filter(created_at__lt=cutoff).exclude(status=BulkIssuance.Status.DONE)
    )
    keys = {bulk.pk: PROGRESS_KEY.format(pk=bulk.pk) for bulk in unfinished}
    seen = cache.get_many(list(keys.values()))
    cache.set_many({keys[bulk.pk]: bulk.processed for bulk in unfinished}, timeout=24 * 3600)
    return [
        bulk
        for bulk in unfinished
        if bulk.status == BulkIssuance.Status.PENDING or seen.get(keys[bulk.pk]) == bulk.processed
    ]


def bulk_issuance_resume(*, bulk: BulkIssuance) -> bool:
    """Share out again the learners a stalled run has not recorded; finish it if none is left.

    Returns whether anything was enqueued or finished.
    """
    bulk_id = bulk.pk
    with transaction.atomic():
        bulk = BulkIssuance.objects.select_for_update().get(pk=bulk_id)
        if bulk.status == BulkIssuance.Status.DONE:
            return False
        if bulk.status == BulkIssuance.Status.PENDING:
            tasks.bulk_issuance_run.enqueue(bulk_id)
            return True
        remaining = list(
            Enrollment.objects.filter(cohort=bulk.cohort_id)
            .exclude(user__in=bulk.outcomes.values("holder_id"))
            .order_by("pk")
            .values_list("user", flat=True)
        )
        bulk.status = BulkIssuance.Status.RUNNING
        if not remaining:  # every learner recorded, or the ones left were unenrolled since
            bulk.total = bulk.processed = bulk.outcomes.count()
            bulk.save(update_fields=["status", "total", "processed"])
            _bulk_record(bulk_id, issued=[], skipped=[])  # finishes the run
            return True
        bulk.save(update_fields=["status"])
        for start in range(0, len(remaining), BULK_CHUNK):
            chunk = remaining[start : start + BULK_CHUNK]
            tasks.bulk_issuance_issue.enqueue(bulk_id, chunk)
    logger.info("Bulk issuance %s resumed for %s learners", bulk_id, len(remaining))
    return True
