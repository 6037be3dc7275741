"""Puente's background worker: RQ's ``SimpleWorker``, made ready before its first job.

A worker machine runs ``COMMAND`` from the project root with ``ENVIRONMENT`` added to its
own (``make worker``, README "Background work"; the RQ test and the bulk benchmark start
their workers from these). ``SimpleWorker`` runs each job in the worker process instead of
a fork per job, so what is loaded once serves every job after it.

It survives its dependencies and runs the scheduled work itself, so a deployment runs
workers and nothing else:

- **Database restarts**: the database connection is checked before and after every job
  (Django's ``close_old_connections``, as a web request does), so a job after a PostgreSQL
  restart opens a fresh connection instead of failing on the dead one; the job that was
  running is retried (``cms.task_queue``). Redis outages: RQ's own loop reconnects.
- **Schedule**: every ``SCHEDULE_TICK`` seconds each worker enqueues the ``SCHEDULE`` entries
  that are due; a Redis key per entry, set only if absent and expiring after the entry's
  interval, lets exactly one of the running workers enqueue each one. ``--with-scheduler``
  runs RQ's scheduler for the retries' delays.
"""

import gc
import logging

from django.db import close_old_connections

from rq.worker import SimpleWorker

logger = logging.getLogger("puente.worker")

COMMAND = [
    "manage.py",
    "rqworker",
    "--worker-class",
    "cms.worker.Worker",
    "--job-class",
    "django_tasks_rq.Job",
    "--with-scheduler",
    "default",
]
ENVIRONMENT = {"PUENTE_WORKER": "1"}  # only what tasks load (cms/settings/base.py)


def worker_prepare() -> None:
    """Load what jobs use, then put it out of the garbage collector's way.

    The certificate renderer (WeasyPrint, fonts, stylesheet) is loaded at start rather than by
    the first certificate. Then everything loaded so far, about 150,000 objects that live as
    long as the process, is frozen (``gc.freeze``): a full collection no longer walks them,
    which had cost about 100 ms every few dozen renders.
    """
    from certificates.pdf import renderer_prepare  # needs the app registry: after setup

    renderer_prepare()
    gc.collect()
    gc.freeze()


SCHEDULE_TICK = 60  # seconds between two looks at the schedule (and RQ's maintenance)
# (name, task's import path, interval in seconds): what runs without anyone asking.
SCHEDULE = [
    ("reconcile", "certificates.tasks.background_reconcile", 5 * 60),
    ("close-overdue-attempts", "assessments.tasks.attempts_close_overdue", 5 * 60),
    ("expiry-reminders", "certificates.tasks.certificate_send_expiry_reminders", 24 * 3600),
]


def schedule_due(connection, *, schedule=SCHEDULE) -> list[str]:
    """Enqueue each entry of ``schedule`` no other worker enqueued within its interval."""
    from django.utils.module_loading import import_string

    due = []
    for name, path, interval in schedule:
        if connection.set(f"puente:schedule:{name}", 1, nx=True, ex=interval):
            import_string(path).enqueue()
            due.append(name)
    if due:
        logger.info("Scheduled work enqueued: %s", ", ".join(due))
    return due


class Worker(SimpleWorker):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("maintenance_interval", SCHEDULE_TICK)
        super().__init__(*args, **kwargs)
        self.scheduling = False

    @property
    def dequeue_timeout(self) -> int:
        # Wake up at least once a tick while the queue is empty, to look at the schedule.
        return min(super().dequeue_timeout, SCHEDULE_TICK)

    def work(self, *args, burst: bool = False, **kwargs):
        # A burst worker (tests, draining a queue) does only the work it finds.
        self.scheduling = not burst
        worker_prepare()
        return super().work(*args, burst=burst, **kwargs)

    def execute_job(self, job, queue):
        close_old_connections()  # a connection the database dropped is not reused
        try:
            return super().execute_job(job, queue)
        finally:
            close_old_connections()

    def run_maintenance_tasks(self):
        super().run_maintenance_tasks()
        if self.scheduling:
            schedule_due(self.connection)
