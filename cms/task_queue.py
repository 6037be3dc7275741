"""The RQ task backend Puente runs in production: tasks are retried, and a queue outage never
fails the request that enqueued them.

- **Retries**: every job gets RQ's ``Retry`` (``RETRY_INTERVALS``, seconds): a task that raises
  (a database restart, an SMTP hiccup) or whose worker died runs again, from the workers' own
  scheduler (``cms.worker.COMMAND`` starts each worker ``--with-scheduler``). Every task is
  idempotent (a stored PDF is never rendered twice, a bulk chunk records each learner once).
- **Outage**: tasks are enqueued after the commit of what caused them. If Redis cannot be
  reached then, the caller's request still succeeds. An e-mail (``RUN_HERE_WHEN_QUEUE_DOWN``)
  is sent from this process instead: nothing in the database would show it missing. Other
  work is logged and skipped: the periodic reconciliation
  (``certificates.tasks.background_reconcile``) finds the saved row without its result (a
  certificate without its PDF, a bulk run that stopped) and enqueues its work again.
- **Search index updates** (``RUN_IN_TRANSACTION``) never go to the queue: Wagtail enqueues
  them from ``post_save``, inside the transaction that saves the page, image or document, so
  they run there and the index entry commits (or rolls back) with its cause. Queued, they
  failed in every worker (which leaves the page apps out, ``cms.settings.base``), could be lost
  with Redis, and could run before the commit and index the previous title. The database search
  backend writes one row per object: a fraction of the page save itself.
- **Abandoned jobs**: RQ retries a job whose worker was killed once its time runs out; the
  failure callback here lets ``django_tasks_rq`` record it whatever job class fetched it.
"""

import dataclasses
import datetime
import logging

from django.conf import settings
from django.db import transaction

import django_rq
import redis
from django_tasks.base import TASK_MAX_PRIORITY, TaskResult, TaskResultStatus
from django_tasks.signals import task_enqueued
from django_tasks.utils import get_random_id
from django_tasks_rq import backend as rq_backend
from rq.exceptions import InvalidJobOperation, NoSuchJobError
from rq.job import Callback, JobStatus, Retry

logger = logging.getLogger("puente.tasks")

RETRY_INTERVALS = [10, 60, 300]
# Short tasks no row records as done: while the queue is down they run in the process that
# enqueues them (after its commit), rather than being lost.
RUN_HERE_WHEN_QUEUE_DOWN = {
    "assessments.tasks.attempt_graded_email",
    "assessments.tasks.essays_to_grade_email",
    "assessments.tasks.judgement_email",
    "certificates.tasks.certificate_send_issued_email",
    "certificates.tasks.certificate_send_issued_emails",
    "certificates.tasks.certificate_send_revoked_email",
    "certificates.tasks.issuance_request_send_declined_email",
    "courses.tasks.enrollment_invitation_email",
}
# Run where they are enqueued, inside the caller's transaction (see the module's docstring).
RUN_IN_TRANSACTION = {"modelsearch.tasks.insert_or_update_object_task"}
OUTAGE = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


def failed_callback(job, connection, exception_class, exception_value, traceback) -> None:
    """``django_tasks_rq``'s failure callback, for jobs fetched with RQ's own job class too.

    RQ's clean-up of abandoned jobs (a worker killed while it held them) fetches them with the
    job class of whoever cleans up: a worker or a dashboard not told about
    ``django_tasks_rq.Job`` hands over a plain ``rq.job.Job``, which has no ``task_result``
    and made the original callback raise ``AttributeError``.
    """
    if not isinstance(job, rq_backend.Job):
        job = rq_backend.Job.fetch(job.id, connection=connection or job.connection)
    rq_backend.failed_callback(job, connection, exception_class, exception_value, traceback)


class RetryingRQBackend(rq_backend.RQBackend):
    def enqueue(self, task, args, kwargs) -> TaskResult:
        self.validate_task(task)
        task_result = TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=None,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        if task.module_path in RUN_IN_TRANSACTION:
            return self._run_in_transaction(task, task_result)
        try:
            queue = django_rq.get_queue(task.queue_name, job_class=rq_backend.Job)
            job = queue.create_job(
                task.module_path,
                args=args,
                kwargs=kwargs,
                job_id=task_result.id,
                status=JobStatus.SCHEDULED if task.run_after else JobStatus.QUEUED,
                on_failure=Callback(failed_callback),
                on_success=Callback(rq_backend.success_callback),
                meta={"backend_name": self.alias},
                retry=Retry(max=len(RETRY_INTERVALS), interval=RETRY_INTERVALS),
            )
            if task.run_after is None:
                job = queue.enqueue_job(job, at_front=task.priority == TASK_MAX_PRIORITY)
            else:
                job = queue.schedule_job(job, task.run_after)
        except OUTAGE as error:
            # Not raised: the caller's data is committed; the work is done here or redone later.
            if task.module_path in RUN_HERE_WHEN_QUEUE_DOWN:
                return self._run_here(task, task_result, error)
            logger.warning(
                "Task %s not enqueued (queue unavailable: %s); the reconciliation will redo it",
                task.module_path,
                error,
            )
            return task_result
        object.__setattr__(task_result, "enqueued_at", job.enqueued_at)
        task_enqueued.send(type(self), task_result=task_result)
        return task_result

    def _run_in_transaction(self, task, task_result: TaskResult) -> TaskResult:
        try:
            with transaction.atomic():  # a savepoint: a failure leaves the caller's work intact
                task.call(*task_result.args, **task_result.kwargs)
        except Exception:  # logged; ``manage.py update_index`` rebuilds the index
            logger.exception("Task %s failed", task.module_path)
            object.__setattr__(task_result, "status", TaskResultStatus.FAILED)
            return task_result
        object.__setattr__(task_result, "status", TaskResultStatus.SUCCESSFUL)
        return task_result

    def _run_here(self, task, task_result: TaskResult, error) -> TaskResult:
        logger.warning("Queue unavailable (%s): running %s here", error, task.module_path)
        try:
            task.call(*task_result.args, **task_result.kwargs)
        except Exception:  # an SMTP failure on top of the outage: logged, the request goes on
            logger.exception("Task %s failed while the queue was unavailable", task.module_path)
            object.__setattr__(task_result, "status", TaskResultStatus.FAILED)
            return task_result
        object.__setattr__(task_result, "status", TaskResultStatus.SUCCESSFUL)
        return task_result


# --- what the administrators' screen shows (cms.background_work) ---------------------------


@dataclasses.dataclass(frozen=True)
class FailedTask:
    id: str
    name: str
    failed_at: datetime.datetime | None
    error: str


def _failed_registry():
    """The queue's failed-job registry; ``None`` when tasks do not go through RQ."""
    backend = settings.TASKS["default"]["BACKEND"]
    if backend != f"{__name__}.{RetryingRQBackend.__name__}":
        return None
    return django_rq.get_queue("default", job_class=rq_backend.Job).failed_job_registry


def failed_tasks(*, limit: int = 100) -> list[FailedTask] | None:
    """The tasks that failed for good (every retry spent), newest first; ``None`` when tasks
    run in the web process (no queue). Raises ``OUTAGE`` errors when Redis is down."""
    registry = _failed_registry()
    if registry is None:
        return None
    ids = registry.get_job_ids()[-limit:]
    jobs = [job for job in rq_backend.Job.fetch_many(ids, connection=registry.connection) if job]
    tasks = [
        FailedTask(
            id=job.id,
            name=job.func_name,
            failed_at=job.ended_at,
            error=_last_error_line(job),
        )
        for job in jobs
    ]
    return sorted(tasks, key=lambda task: task.failed_at or datetime.datetime.min, reverse=True)


def _last_error_line(job) -> str:
    result = job.latest_result()
    lines = ((result.exc_string if result is not None else "") or "").strip().splitlines()
    return lines[-1] if lines else ""


def failed_task_retry(*, task_id: str | None = None) -> int:
    """Put a failed task (or, without ``task_id``, every failed task) back in the queue for
    one more run; returns how many went back."""
    registry = _failed_registry()
    if registry is None:
        return 0
    ids = [task_id] if task_id else registry.get_job_ids()
    retried = 0
    for job_id in ids:
        try:
            registry.requeue(job_id)
        except (InvalidJobOperation, NoSuchJobError):  # retried meanwhile, or expired
            continue
        retried += 1
    return retried
