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
- **Dependencies gone for good**: a worker that has not reached Redis or the database for
  ``GIVE_UP_AFTER`` seconds (``PUENTE_WORKER_GIVE_UP_AFTER``) exits with status
  ``EXIT_CANNOT_WORK``, so its supervisor restarts it (and, if it keeps failing, shows the
  crash loop) instead of a process that looks alive and does nothing. Before that it waits:
  each loop checks both (the database with one ``SELECT 1``) before taking a job, so a job is
  never taken only to fail on a database that is down.
- **Outbox**: a worker relays the outbox (``cms.task_queue.outbox_relay``) when it starts and
  every ``SCHEDULE_TICK`` seconds (``PUENTE_WORKER_TICK``, 60 by default): work recorded
  while Redis was down, or lost with a Redis that restarted empty, goes back to the queue.
- **Schedule**: every ``SCHEDULE_TICK`` seconds each worker enqueues the ``SCHEDULE`` entries
  that are due; a Redis key per entry, set only if absent and expiring after the entry's
  interval, lets exactly one of the running workers enqueue each one. ``--with-scheduler``
  runs RQ's scheduler for the retries' delays.
"""

import datetime
import gc
import logging
import os
import signal
import time

from django.db import DatabaseError, close_old_connections, connection

import redis
from rq.worker import SimpleWorker

from cms.process import loaded_freeze

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
    long as the process, is frozen (``cms.process.loaded_freeze``): a full collection no
    longer walks them, which had cost about 100 ms every few dozen renders.
    """
    from certificates.pdf import renderer_prepare  # needs the app registry: after setup

    renderer_prepare()
    loaded_freeze()


def job_garbage_collect(*, first: bool) -> None:
    """Collect what a job left in reference cycles before the next job starts.

    A job's cycles (querysets, model instances, the credentials' JSON-LD documents) outlive it
    until a full collection, which the collector's thresholds make rare once start-up's
    objects are frozen: until then their memory is neither reused nor returned, and a worker
    grew by about 0.5 MiB with every bulk issue chunk of 50 (its peak 165 MiB after 2,000
    certificates on SQLite, 183 MiB after 10,000 on PostgreSQL; issue 21). Collected after
    each job, it stays flat.

    After the ``first`` job's collection, what is left is what jobs keep (the renderer's font
    and layout caches, the first render's state): it is frozen too, as start-up's was, so
    each later collection walks only what later jobs made. Measured beside a render of 88 ms
    (p50): 1.8 ms a job, against 7.2 ms when the first job's objects were walked every time,
    with the same peak after 200 renders.
    """
    gc.collect()
    if first:
        gc.freeze()


# Seconds between two looks at the schedule (and RQ's maintenance); an idle worker also checks
# its database that often (``PUENTE_WORKER_TICK``).
SCHEDULE_TICK = int(os.environ.get("PUENTE_WORKER_TICK", "60"))
# (name, task's import path, interval in seconds): what runs without anyone asking.
SCHEDULE = [
    ("reconcile", "certificates.tasks.background_reconcile", 5 * 60),
    ("close-overdue-attempts", "assessments.tasks.attempts_close_overdue", 5 * 60),
    ("expiry-reminders", "certificates.tasks.certificate_send_expiry_reminders", 24 * 3600),
]


def outbox_relay_safely(**kwargs) -> None:
    """The relay, for the worker's loop: a dependency that is down only postpones it."""
    from cms.task_queue import outbox_relay

    try:
        outbox_relay(**kwargs)
    except (*REDIS_DOWN, DatabaseError) as error:
        logger.warning("Outbox relay postponed: %s", error)


def schedule_due(connection, *, schedule=SCHEDULE) -> list[str]:
    """Enqueue each entry of ``schedule`` no other worker enqueued within its interval."""
    from django.utils.module_loading import import_string

    from cms.task_queue import enqueue_periodic

    due = []
    for name, path, interval in schedule:
        key = f"puente:schedule:{name}"
        if connection.set(key, 1, nx=True, ex=interval):
            try:
                enqueue_periodic(import_string(path))
            except DatabaseError as error:  # down (embedded backend): the next tick tries again
                connection.delete(key)
                logger.warning("Scheduled work %s postponed: %s", name, error)
                continue
            due.append(name)
    if due:
        logger.info("Scheduled work enqueued: %s", ", ".join(due))
    return due


GIVE_UP_AFTER = float(os.environ.get("PUENTE_WORKER_GIVE_UP_AFTER", "120"))  # seconds
EXIT_CANNOT_WORK = 3
DATABASE_RETRY = 2  # seconds between two tries of an unreachable database
REDIS_DOWN = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


class CannotWork(SystemExit):
    """Raised to stop the worker with ``EXIT_CANNOT_WORK``: RQ's loop lets ``SystemExit``
    through, and ``manage.py rqworker`` exits with its code."""

    def __init__(self):
        super().__init__(EXIT_CANNOT_WORK)


class Worker(SimpleWorker):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("maintenance_interval", SCHEDULE_TICK)
        super().__init__(*args, **kwargs)
        self.scheduling = False
        self.unreachable_since: float | None = None
        self.jobs_done = 0

    def _unreachable(self, what: str, error: Exception) -> None:
        now = time.monotonic()
        self.unreachable_since = self.unreachable_since or now
        down = now - self.unreachable_since
        if down >= GIVE_UP_AFTER:
            logger.critical("%s unreachable for %.0f s (%s): the worker exits", what, down, error)
            raise CannotWork
        logger.error("%s unreachable for %.0f s (%s); retrying", what, down, error)

    def teardown(self):
        try:
            super().teardown()
        except REDIS_DOWN as error:  # leaving anyway: the exit status says why (``work``)
            logger.warning("Could not deregister from Redis on the way out: %s", error)

    def heartbeat(self, *args, **kwargs):
        """RQ's heartbeat, before every wait for a job; with the database's check."""
        if kwargs.get("pipeline") is not None or (len(args) > 1 and args[1] is not None):
            return super().heartbeat(*args, **kwargs)  # inside a job's Redis pipeline
        try:
            result = super().heartbeat(*args, **kwargs)
        except REDIS_DOWN as error:
            self._unreachable("Redis", error)
            raise  # RQ's loop waits (with backoff) and comes back here
        while True:
            try:
                close_old_connections()
                with connection.cursor() as cursor:
                    cursor.execute("SELECT 1")
                break
            except DatabaseError as error:
                connection.close()
                self._unreachable("The database", error)
                time.sleep(DATABASE_RETRY)
        self.unreachable_since = None
        return result

    @property
    def dequeue_timeout(self) -> int:
        # Wake up at least once a tick while the queue is empty, to look at the schedule.
        return min(super().dequeue_timeout, SCHEDULE_TICK)

    def work(self, *args, burst: bool = False, **kwargs):
        # RQ installs its SIGTERM and SIGINT handlers only once it has registered, subscribed
        # and started its scheduler; until then a supervisor's stop killed the process (status
        # -15, not 0). A stop asked for while starting is recorded here and honoured by RQ's
        # loop at its first turn; RQ's own handlers take over after that.
        signal.signal(signal.SIGTERM, self._stop_while_starting)
        signal.signal(signal.SIGINT, self._stop_while_starting)
        # A burst worker (tests, draining a queue) does only the work it finds.
        self.scheduling = not burst
        worker_prepare()
        # What waits in the outbox, with no grace: a worker starts after an outage or a crash.
        outbox_relay_safely(after=datetime.timedelta(0))
        worked = super().work(*args, burst=burst, **kwargs)
        stopped = self._stop_requested or self._shutdown_requested_date is not None  # SIGTERM
        if not (burst or stopped or kwargs.get("max_jobs") or kwargs.get("max_idle_time")):
            # RQ's loop ends quietly (status 0) on an error it does not handle, such as a Redis
            # timeout: a worker that stops working must not look like one that finished.
            logger.critical("The worker's loop ended on an error: the worker exits")
            raise CannotWork
        return worked

    def _stop_while_starting(self, signum, frame) -> None:
        logger.info("Stop requested (%s) while the worker starts", signal.Signals(signum).name)
        self._stop_requested = True

    def execute_job(self, job, queue):
        close_old_connections()  # a connection the database dropped is not reused
        try:
            return super().execute_job(job, queue)
        finally:
            close_old_connections()
            job_garbage_collect(first=self.jobs_done == 0)
            self.jobs_done += 1

    def run_maintenance_tasks(self):
        super().run_maintenance_tasks()
        outbox_relay_safely()
        if self.scheduling:
            schedule_due(self.connection)
