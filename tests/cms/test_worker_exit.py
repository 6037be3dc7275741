"""A worker that cannot work exits non-zero, so its supervisor restarts it (issue 14).

RQ retries an unreachable Redis for ever and a job on an unreachable database fails and is
retried: the process looked alive while nothing got done. ``cms.worker.Worker`` waits up to
``PUENTE_WORKER_GIVE_UP_AFTER`` seconds, then exits with ``EXIT_CANNOT_WORK``.
"""

# ruff: noqa: F811 (fixtures imported from other modules are parameters)
import signal
import time

from django.db import connection

import psycopg
import pytest

from cms.worker import EXIT_CANNOT_WORK
from tests.certificates.conftest import media_root  # noqa: F401
from tests.certificates.test_redis_outage import redis_server  # noqa: F401
from tests.certificates.test_rq import (  # noqa: F401
    memory_database,
    rqworker_running,
    smtp,
    worker_database_url,
)

pytestmark = [
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def worker_log(worker) -> str:
    worker.log.seek(0)
    return worker.log.read().decode(errors="replace")


def wait_for_exit(worker, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    while worker.poll() is None:
        assert time.monotonic() < deadline, f"still running: {worker_log(worker)[-3000:]}"
        time.sleep(0.2)
    return worker.returncode


def wait_for_log(worker, text: str, timeout: float = 60, every: float = 0.2) -> None:
    deadline = time.monotonic() + timeout
    while text not in worker_log(worker):
        assert worker.poll() is None, worker_log(worker)[-3000:]
        assert time.monotonic() < deadline, worker_log(worker)[-3000:]
        time.sleep(every)


def test_a_worker_exits_when_redis_stays_unreachable(
    redis_server, worker_database_url, media_root, smtp
):
    environment = {
        "redis_url": redis_server.url,
        "database_url": worker_database_url,
        "media_root": media_root,
        "smtp": smtp,
        "PUENTE_WORKER_GIVE_UP_AFTER": "3",
    }
    with rqworker_running(**environment) as worker:
        wait_for_log(worker, "Listening on")
        redis_server.stop()

        status = wait_for_exit(worker, timeout=60)

        assert status == EXIT_CANNOT_WORK, worker_log(worker)[-3000:]
        assert "the worker exits" in worker_log(worker)


WORKER_CONNECTION = "puente-worker-exit-test"


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_a_worker_exits_when_the_database_stays_unreachable(
    redis_server, worker_database_url, media_root, smtp
):
    name = connection.settings_dict["NAME"]
    connection.ensure_connection()
    environment = {
        "redis_url": redis_server.url,
        # Named, so that only the worker's connection is ended below: the test process's
        # own connections (the live server's, the journeys') stay alive for later tests.
        "database_url": f"{worker_database_url}?application_name={WORKER_CONNECTION}",
        "media_root": media_root,
        "smtp": smtp,
        "PUENTE_WORKER_GIVE_UP_AFTER": "3",
        # An idle worker checks its database once a tick: the next check comes within 2 s,
        # not the minute a worker waits by default.
        "PUENTE_WORKER_TICK": "2",
        "DATABASE_CONN_MAX_AGE": "600",
    }
    with rqworker_running(**environment) as worker:
        wait_for_log(worker, "Listening on")
        server = worker_database_url.rsplit("/", 1)[0] + "/postgres"  # not the test database
        with psycopg.connect(server, autocommit=True) as admin:
            # No new connections to the test database; the worker's one is ended.
            admin.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false')
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND application_name = %s",
                [name, WORKER_CONNECTION],
            )
            try:
                status = wait_for_exit(worker, timeout=120)
            finally:
                admin.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS true')

        assert status == EXIT_CANNOT_WORK, worker_log(worker)[-3000:]
        assert "The database unreachable for" in worker_log(worker)


@pytest.mark.parametrize(
    "when",
    [
        "Listening on",  # idle, waiting for jobs
        # Still starting: RQ has registered but not yet installed its own signal handlers
        # (they come after its scheduler starts); this stop was a kill (status -15).
        "started with PID",
    ],
)
def test_a_worker_asked_to_stop_exits_zero(
    when, redis_server, worker_database_url, media_root, smtp
):
    """A supervisor's SIGTERM (deploys, scaling down) is a clean stop, not a failure, from
    the moment the worker starts."""
    environment = {
        "redis_url": redis_server.url,
        "database_url": worker_database_url,
        "media_root": media_root,
        "smtp": smtp,
    }
    with rqworker_running(**environment) as worker:
        wait_for_log(worker, when, every=0.002)  # the signal lands within milliseconds
        worker.send_signal(signal.SIGTERM)

        assert wait_for_exit(worker, timeout=60) == 0, worker_log(worker)[-3000:]
        assert "the worker exits" not in worker_log(worker)
