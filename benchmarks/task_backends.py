"""Task backends compared (issue 14): RQ with the transactional outbox (Puente's) against
django-tasks' database backend (``django_tasks_db``), both recording a task in its cause's
transaction.

    .venv/bin/python benchmarks/task_backends.py [--enqueues 200] [--tasks 500]
        [--database-url postgres://…/h_bench] [--redis-port 8113]
    PYTHONPATH=<a folder holding django_tasks_db> …   to include the database backend

Starts its own ``redis-server`` on ``--redis-port``. On a fresh SQLite file (or the empty
database ``--database-url`` names), production settings (``benchmarks/task_settings.py``):

1. **Enqueue cost inside a request's transaction**: the cause (one UPDATE) with one task
   enqueued, commit included, beside the floor (the same transaction without a task) and the
   enqueue of RQ after the commit as it was before the outbox; interleaved, mean ms.
2. **Throughput of 2 workers** on ``--tasks`` no-op tasks enqueued at once (tasks/s), each
   worker's RSS after them, and on PostgreSQL every worker connection terminated halfway
   (``pg_terminate_backend``, as a database restart does): tasks not done, workers that died.

The no-op task (``benchmarks/task_noop.py``) measures the backend, not the work.
"""

import argparse
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from faults import ROOT, Redis, wait_for

from certificates.credentials import multibase
from cms import worker as cms_worker


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> int:  # noqa: C901, PLR0915 — one measure after the other
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enqueues", type=int, default=200)
    parser.add_argument("--tasks", type=int, default=500)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--redis-port", type=int, default=8113)
    args = parser.parse_args()
    try:
        import django_tasks_db  # noqa: F401

        with_db_backend = True
    except ImportError:
        with_db_backend = False
        print("django_tasks_db is not importable: only the outbox is measured.")

    workdir = Path(tempfile.mkdtemp(prefix="puente-task-backends-"))
    database_url = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    redis_server = Redis(args.redis_port, workdir)
    redis_server.start()
    os.environ.update(
        DJANGO_SETTINGS_MODULE="benchmarks.task_settings",
        PUENTE_BENCH_TASKS_DB="1" if with_db_backend else "0",
        DJANGO_SECRET_KEY="bench-only-not-secret-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        PUENTE_ISSUER_KEYS=multibase.private_key_encode(secrets.token_bytes(32)),
        PUENTE_PDF_SIGNING_FILE=str(workdir / "pdf-signing.pem"),
        WAGTAILADMIN_BASE_URL="http://127.0.0.1",
        REDIS_URL=redis_server.url,
        DATABASE_URL=database_url,
        DJANGO_MEDIA_ROOT=str(workdir / "media"),
        DJANGO_PRIVATE_MEDIA_ROOT=str(workdir / "private"),
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test.utils import override_settings

    from accounts.models import User
    from benchmarks.task_noop import noop
    from certificates import pdf_signing
    from cms.outbox.models import OutboxTask

    pdf_signing.signing_file_create(Path(os.environ["PUENTE_PDF_SIGNING_FILE"]))
    call_command("migrate", verbosity=0)
    engine = connection.vendor
    tasks = {
        "default": {"BACKEND": "cms.task_queue.RetryingRQBackend", "QUEUES": ["default"]},
        "rq_before": {"BACKEND": "django_tasks_rq.backend.RQBackend", "QUEUES": ["default"]},
    }
    if with_db_backend:
        tasks["db"] = {"BACKEND": "django_tasks_db.DatabaseBackend"}
    override_settings(TASKS=tasks).enable()
    cause = User.objects.create(email="cause@bench.example", first_name="A", last_name="B")

    # 1. Enqueue cost inside the cause's transaction, commit included.
    def floor(n):
        with transaction.atomic():
            User.objects.filter(pk=cause.pk).update(last_name=f"B{n}")

    def outbox(n):
        with transaction.atomic():
            User.objects.filter(pk=cause.pk).update(last_name=f"B{n}")
            noop.enqueue(n)

    def rq_before(n):
        with transaction.atomic():
            User.objects.filter(pk=cause.pk).update(last_name=f"B{n}")
            transaction.on_commit(lambda: noop.using(backend="rq_before").enqueue(n))

    def database(n):
        with transaction.atomic():
            User.objects.filter(pk=cause.pk).update(last_name=f"B{n}")
            noop.using(backend="db").enqueue(n)

    variants = {
        "floor (the cause alone)": floor,
        "RQ after commit (before)": rq_before,
        "outbox + RQ": outbox,
    }
    if with_db_backend:
        variants["django-tasks-db"] = database
    spent = dict.fromkeys(variants, 0.0)
    for n in range(args.enqueues + 20):
        for name, run in variants.items():
            start = time.perf_counter()
            run(n)
            if n >= 20:  # warm-up
                spent[name] += time.perf_counter() - start
    base = spent["floor (the cause alone)"] / args.enqueues * 1000
    print(f"== {engine}: enqueue cost inside a request's transaction ({args.enqueues} each)")
    for name, seconds in spent.items():
        ms = seconds / args.enqueues * 1000
        extra = "" if name.startswith("floor") else f"  (+{ms - base:.2f} ms per task)"
        print(f"  {name:28} {ms:6.2f} ms  {ms / base:4.2f}× floor{extra}")

    import redis as redis_client

    redis_client.Redis.from_url(redis_server.url).flushdb()
    OutboxTask.objects.all().delete()
    if with_db_backend:
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.all().delete()

    # 2. Throughput of 2 workers; RSS; a database restart halfway (PostgreSQL).
    env = {**os.environ, **cms_worker.ENVIRONMENT}
    commands = {"outbox + RQ": ([sys.executable, *cms_worker.COMMAND], "0")}
    if with_db_backend:
        commands["django-tasks-db"] = (
            [sys.executable, "manage.py", "db_worker", "--interval", "0.1"],
            "1",
        )

    def left(name) -> int:
        if name == "outbox + RQ":
            return OutboxTask.objects.filter(task_path=noop.module_path).count()
        return DBTaskResult.objects.exclude(status="SUCCESSFUL").count()

    def failed(name) -> int:
        if name == "outbox + RQ":
            return OutboxTask.objects.exclude(failed_at=None).count()
        return DBTaskResult.objects.filter(status="FAILED").count()

    def enqueue_many(name, count, offset):
        with transaction.atomic():
            for n in range(count):
                if name == "outbox + RQ":
                    noop.enqueue(offset + n)
                else:
                    noop.using(backend="db").enqueue(offset + n)
        if name != "outbox + RQ":  # the worker runs the tasks of its own default backend
            DBTaskResult.objects.update(backend_name="default")

    print(f"== {engine}: 2 workers, {args.tasks} no-op tasks enqueued at once")
    for name, (command, db_flag) in commands.items():
        workers = [
            subprocess.Popen(  # noqa: S603
                command,
                cwd=ROOT,
                env={**env, "PUENTE_BENCH_TASKS_DB": db_flag},
                stdout=subprocess.DEVNULL,
                stderr=(workdir / f"{name[:6].strip()}-{i}.log").open("w"),
                start_new_session=True,
            )
            for i in range(2)
        ]
        enqueue_many(name, 4, 10**6)  # both workers up and warm
        wait_for(lambda name=name: left(name) == 0, timeout=180, what=f"{name} warm-up")
        enqueue_many(name, args.tasks, 0)
        start = time.monotonic()
        terminated, half = 0, None
        if engine == "postgresql":
            wait_for(lambda name=name: left(name) <= args.tasks // 2, timeout=300, what="half")
            half = time.monotonic() - start
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
                terminated = cursor.fetchone()[0]
        try:
            wait_for(
                lambda name=name, workers=workers: (
                    left(name) - failed(name) == 0
                    or all(worker.poll() is not None for worker in workers)
                ),
                timeout=300,
                what=name,
            )
        except RuntimeError as error:
            print(f"  {name}: {error}")
        seconds = time.monotonic() - start
        alive = [worker.poll() is None for worker in workers]
        rss = [
            rss_mib(worker.pid) if up else 0.0 for worker, up in zip(workers, alive, strict=True)
        ]
        not_done = left(name)
        print(
            f"  {name:18} {args.tasks / seconds:7.1f} tasks/s ({seconds:.1f} s); worker RSS "
            + ", ".join(f"{r:.0f} MiB" for r in rss)
            + (
                f"; first half {args.tasks / 2 / half:.1f} tasks/s"
                f"; {terminated} connections terminated halfway: {not_done} tasks not done "
                f"({failed(name)} failed for good), workers alive {sum(alive)}/2"
                if engine == "postgresql"
                else f"; tasks not done {not_done}"
            )
        )
        for worker in workers:
            if worker.poll() is None:
                os.killpg(worker.pid, signal.SIGTERM)
        for worker in workers:
            worker.wait(timeout=60)
    redis_server.stop()
    print(f"logs in {workdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
