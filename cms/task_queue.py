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
- **Abandoned jobs**: RQ retries a job whose worker was killed once its time runs out; the
  failure callback here lets ``django_tasks_rq`` record it whatever job class fetched it.
"""

import logging

import django_rq
import redis
from django_tasks.base import TASK_MAX_PRIORITY, TaskResult, TaskResultStatus
from django_tasks.signals import task_enqueued
from django_tasks.utils import get_random_id
from django_tasks_rq import backend as rq_backend
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
    "certificates.tasks.certificate_send_revoked_email",
    "certificates.tasks.issuance_request_send_declined_email",
    "courses.tasks.enrollment_invitation_email",
}
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
