"""The task backends Puente runs: work is recorded in the transaction of its cause, then done
at least once, with retries.

- **Outbox** (``RetryingRQBackend``, production): ``enqueue`` writes an ``OutboxTask`` row in
  the caller's transaction, so a task exists exactly when its cause committed (a rollback
  leaves none), and hands it to RQ after the commit. The row is deleted when the task has
  succeeded. If Redis is down at the commit, or restarts empty (no persistence) before a worker
  ran the job, the row is still there: every worker relays (``outbox_relay``) the rows whose
  job Redis does not hold, when it starts and every ``cms.worker.SCHEDULE_TICK`` seconds. Redis
  is a delivery channel; the database is the record (README "Background work").
- **Retries**: every job gets RQ's ``Retry`` (``RETRY_INTERVALS``, seconds): a task that raises
  (a database restart, an SMTP hiccup) or whose worker died runs again, from the workers' own
  scheduler (``cms.worker.COMMAND`` starts each worker ``--with-scheduler``). A task whose
  retries are spent stays in the outbox, marked failed, for an administrator to retry (Settings
  › Background work). Every task is idempotent (a stored PDF is never rendered twice, a bulk
  chunk records each learner once, an e-mail is sent again at worst), so at least once is safe.
- **Search and reference index updates** (``RUN_IN_TRANSACTION``) never go to the queue:
  Wagtail enqueues them from ``post_save``, inside the transaction that saves the page, image
  or document, so they run there and the index entry commits (or rolls back) with its cause.
  Queued, they failed in every worker (which leaves the page apps out, ``cms.settings.base``),
  could be lost with Redis, and could run before the commit and index the previous title. The
  database search backend writes one row per object: a fraction of the page save itself.
- **Abandoned jobs**: RQ retries a job whose worker was killed once its time runs out; the
  failure callback here lets ``django_tasks_rq`` record it whatever job class fetched it.
- **Embedded** (``AfterCommitImmediateBackend``, no Redis): the project's own tasks run in the
  web process right after the commit of their cause (none after a rollback), as with the queue.
"""

import contextlib
import dataclasses
import datetime
import logging

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone

import django_rq
import redis
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.base import TASK_MAX_PRIORITY, TaskResult, TaskResultStatus
from django_tasks.signals import task_enqueued
from django_tasks.utils import get_random_id
from django_tasks_rq import backend as rq_backend
from rq.exceptions import InvalidJobOperation, NoSuchJobError
from rq.job import Callback, JobStatus, Retry

logger = logging.getLogger("puente.tasks")

RETRY_INTERVALS = [10, 60, 300]
# Run where they are enqueued, inside the caller's transaction (see the module's docstring).
RUN_IN_TRANSACTION = {
    "modelsearch.tasks.insert_or_update_object_task",
    # Wagtail's reference index ("usage" of images, snippets, pages), queued from every save
    # of a page, snippet, image or document: in the workers (page apps left out) it failed for
    # pages and documents, and the failures filled the Background work screen.
    "wagtail.tasks.update_reference_index_task",
}
# The apps whose tasks the embedded backend runs after the commit (their services enqueue
# inside their transactions); Wagtail's own tasks keep Wagtail's timing.
PROJECT_APPS = ("accounts", "assessments", "audit", "certificates", "competencies", "courses")
OUTAGE = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
# A row this old whose job Redis does not hold was never handed over (Redis down at the
# commit) or was lost with Redis: the relay hands it over again. Younger rows are still being
# handed over by the commit that wrote them.
RELAY_AFTER = datetime.timedelta(seconds=10)
# The administrators' screen lists a task still waiting after this long as stuck.
STUCK_AFTER = datetime.timedelta(minutes=15)
RELAY_BATCH = 500
RELAY_LOCK = "puente:outbox-relay"


def _outbox():
    """The outbox model, imported when first used: ``@task()`` loads this backend while the
    app registry is still being filled."""
    from cms.outbox.models import OutboxTask

    return OutboxTask


def _task_result(task, task_id: str, args, kwargs, backend: str) -> TaskResult:
    return TaskResult(
        task=task,
        id=task_id,
        status=TaskResultStatus.READY,
        enqueued_at=None,
        started_at=None,
        last_attempted_at=None,
        finished_at=None,
        args=args,
        kwargs=kwargs,
        backend=backend,
        errors=[],
        worker_ids=[],
    )


def _run_in_transaction(task, task_result: TaskResult) -> TaskResult:
    try:
        with transaction.atomic():  # a savepoint: a failure leaves the caller's work intact
            task.call(*task_result.args, **task_result.kwargs)
    except Exception:  # logged; ``manage.py update_index`` rebuilds the index
        logger.exception("Task %s failed", task.module_path)
        object.__setattr__(task_result, "status", TaskResultStatus.FAILED)
        return task_result
    object.__setattr__(task_result, "status", TaskResultStatus.SUCCESSFUL)
    return task_result


class AfterCommitImmediateBackend(ImmediateBackend):
    """The embedded backend: the project's tasks run here once their cause has committed."""

    def enqueue(self, task, args, kwargs) -> TaskResult:
        if task.module_path in RUN_IN_TRANSACTION:
            self.validate_task(task)
            return _run_in_transaction(
                task, _task_result(task, get_random_id(), args, kwargs, self.alias)
            )
        if task.module_path.split(".", 1)[0] not in PROJECT_APPS:
            return super().enqueue(task, args, kwargs)
        self.validate_task(task)
        transaction.on_commit(
            lambda: super(AfterCommitImmediateBackend, self).enqueue(task, args, kwargs)
        )
        return _task_result(task, get_random_id(), args, kwargs, self.alias)


def failed_callback(job, connection, exception_class, exception_value, traceback) -> None:
    """Records the failure in the outbox, then ``django_tasks_rq``'s failure callback.

    A job with retries left only counts a failure; one whose last retry failed is marked failed
    for good. RQ's clean-up of abandoned jobs (a worker killed while it held them) fetches them
    with the job class of whoever cleans up: a worker or a dashboard not told about
    ``django_tasks_rq.Job`` hands over a plain ``rq.job.Job``, which has no ``task_result``
    and made the original callback raise ``AttributeError``.
    """
    error = f"{getattr(exception_class, '__name__', exception_class)}: {exception_value}"
    changes = {"last_error": error[:2000]}
    if not job.should_retry:
        changes["failed_at"] = timezone.now()
    try:
        _outbox().objects.filter(pk=job.id).update(failures=F("failures") + 1, **changes)
    except DatabaseError:  # the relay reads the job's status from Redis later
        logger.exception("Could not record the failure of task %s in the outbox", job.id)
    if not isinstance(job, rq_backend.Job):
        job = rq_backend.Job.fetch(job.id, connection=connection or job.connection)
    rq_backend.failed_callback(job, connection, exception_class, exception_value, traceback)


def success_callback(job, connection, result) -> None:
    """The task is done: its outbox row goes (the relay does it if the database is down)."""
    try:
        _outbox().objects.filter(pk=job.id).delete()
    except DatabaseError:
        logger.exception("Could not clear task %s from the outbox", job.id)
    rq_backend.success_callback(job, connection, result)


def _queue(queue_name: str):
    return django_rq.get_queue(queue_name, job_class=rq_backend.Job)


def _hand_over(row):
    """Puts the row's job in RQ (the job id is the row's); raises ``OUTAGE`` errors."""
    queue = _queue(row.queue_name)
    job = queue.create_job(
        row.task_path,
        args=row.args_kwargs.get("args", []),
        kwargs=row.args_kwargs.get("kwargs", {}),
        job_id=row.id,
        status=JobStatus.SCHEDULED if row.run_after else JobStatus.QUEUED,
        on_failure=Callback(failed_callback),
        on_success=Callback(success_callback),
        meta={"backend_name": "default"},
        retry=Retry(max=len(RETRY_INTERVALS), interval=RETRY_INTERVALS),
    )
    if row.run_after is None:
        return queue.enqueue_job(job, at_front=row.priority == TASK_MAX_PRIORITY)
    return queue.schedule_job(job, row.run_after)


def _hand_over_after_commit(row) -> None:
    try:
        _hand_over(row)
    except OUTAGE as error:  # the row waits for the relay; the caller's request goes on
        logger.warning("Task %s kept in the outbox (queue unavailable: %s)", row.task_path, error)


class RetryingRQBackend(rq_backend.RQBackend):
    def enqueue(self, task, args, kwargs) -> TaskResult:
        self.validate_task(task)
        task_result = _task_result(task, get_random_id(), args, kwargs, self.alias)
        if task.module_path in RUN_IN_TRANSACTION:
            return _run_in_transaction(task, task_result)
        row = _outbox().objects.create(
            id=task_result.id,
            task_path=task.module_path,
            queue_name=task.queue_name,
            priority=task.priority,
            args_kwargs={"args": list(args), "kwargs": kwargs},
            run_after=task.run_after,
        )
        transaction.on_commit(lambda: _hand_over_after_commit(row))
        object.__setattr__(task_result, "enqueued_at", timezone.now())
        task_enqueued.send(type(self), task_result=task_result)
        return task_result


def enqueue_periodic(task) -> None:
    """Queues a periodic task (``cms.worker.SCHEDULE``) straight to RQ, not through the outbox:
    it has no cause to commit with, is idempotent, and a lost one is queued again by the next
    tick; so the workers' schedule never waits for a database write (nor fails on one)."""
    if not outbox_enabled():
        task.enqueue()
        return
    _hand_over(
        _outbox()(
            id=get_random_id(),
            task_path=task.module_path,
            queue_name=task.queue_name,
            priority=task.priority,
            args_kwargs={"args": [], "kwargs": {}},
        )
    )


def outbox_enabled() -> bool:
    return settings.TASKS["default"]["BACKEND"] == f"{__name__}.{RetryingRQBackend.__name__}"


@dataclasses.dataclass
class RelayOutcome:
    handed_over: int = 0
    cleared: int = 0  # done, though the success callback could not delete the row
    failed: int = 0  # failed for good, though the failure callback could not record it


def outbox_relay(*, now=None, after: datetime.timedelta = RELAY_AFTER) -> RelayOutcome:
    """Hands over again every outbox row older than ``after`` whose job Redis does not hold
    (never handed over, or lost with Redis); tidies the rows of jobs Redis says ended. One
    relay at a time (a Redis lock). Raises ``OUTAGE`` errors when Redis is down."""
    outcome = RelayOutcome()
    if not outbox_enabled():
        return outcome
    now = now or timezone.now()
    connection = _queue("default").connection
    if not connection.set(RELAY_LOCK, 1, nx=True, ex=60):
        return outcome
    try:
        waiting = _outbox().objects.filter(failed_at=None, created_at__lte=now - after)
        ids = list(waiting.values_list("pk", flat=True)[: RELAY_BATCH * 20])
        for start in range(0, len(ids), RELAY_BATCH):
            _relay_batch(connection, ids[start : start + RELAY_BATCH], outcome)
    finally:
        connection.delete(RELAY_LOCK)
    if outcome.handed_over or outcome.cleared or outcome.failed:
        logger.warning("Outbox relay: %s", outcome)
    return outcome


def _relay_batch(connection, ids: list[str], outcome: RelayOutcome) -> None:
    pipeline = connection.pipeline(transaction=False)
    for task_id in ids:
        pipeline.hget(rq_backend.Job.key_for(task_id), "status")
    statuses = pipeline.execute()
    done, failed, missing = [], [], []
    for task_id, status in zip(ids, statuses, strict=True):
        status = status.decode() if status else None
        if status == JobStatus.FINISHED:
            done.append(task_id)
        elif status in (JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED):
            failed.append(task_id)
        elif status is None:
            missing.append(task_id)
    # Writes only when there is something to write: a relay must not wait for a database
    # write lock (SQLite's transactions take it at their start) that it does not need.
    if done:
        outcome.cleared += _outbox().objects.filter(pk__in=done).delete()[0]
    if failed:
        outcome.failed += (
            _outbox().objects.filter(pk__in=failed, failed_at=None).update(failed_at=timezone.now())
        )
    for row in _outbox().objects.filter(pk__in=missing, failed_at=None) if missing else []:
        _hand_over(row)
        outcome.handed_over += 1


# --- what the administrators' screen shows (cms.background_work) ---------------------------


@dataclasses.dataclass(frozen=True)
class OutboxItem:
    id: str
    name: str
    recorded_at: datetime.datetime
    failed_at: datetime.datetime | None
    failures: int
    error: str

    @property
    def failed(self) -> bool:
        return self.failed_at is not None


def outbox_problems(*, now=None, limit: int = 100) -> list[OutboxItem] | None:
    """The tasks that failed for good (every retry spent) and those still waiting after
    ``STUCK_AFTER``, failed first and newest first; ``None`` when tasks run in the web process
    (no queue). Reads the database only: it answers while Redis is down."""
    if not outbox_enabled():
        return None
    now = now or timezone.now()
    failed = _outbox().objects.exclude(failed_at=None).order_by("-failed_at")[:limit]
    stuck = (
        _outbox()
        .objects.filter(failed_at=None, created_at__lte=now - STUCK_AFTER)
        .order_by("-created_at")[:limit]
    )
    return [
        OutboxItem(
            id=row.pk,
            name=row.task_path,
            recorded_at=row.created_at,
            failed_at=row.failed_at,
            failures=row.failures,
            error=row.last_error.strip().splitlines()[-1] if row.last_error.strip() else "",
        )
        for row in [*failed, *stuck]
    ]


def outbox_retry(*, task_id: str | None = None, now=None) -> int:
    """Hands a failed or stuck task (or, without ``task_id``, every one the screen lists) to
    the queue again, with its retries renewed; returns how many. Raises ``OUTAGE`` errors when
    Redis is down (the tasks stay recorded)."""
    items = outbox_problems(now=now) or []
    ids = [item.id for item in items if task_id in (None, item.id)]
    retried = 0
    for row in _outbox().objects.filter(pk__in=ids):
        registry = _queue(row.queue_name).failed_job_registry
        with contextlib.suppress(InvalidJobOperation, NoSuchJobError):
            registry.remove(row.pk)  # RQ's record of its failure, if Redis still has it
        _hand_over(row)
        _outbox().objects.filter(pk=row.pk).update(failed_at=None, failures=0)
        retried += 1
    return retried
