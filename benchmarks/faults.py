"""Fault injection against gunicorn + RQ workers on PostgreSQL (issue 14): nothing is lost.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/puente_faults \\
        .venv/bin/python benchmarks/faults.py [--learners 150] [--port 8307] [--redis-port 6390]

``DATABASE_URL`` must name an empty PostgreSQL database (``createdb`` it first). The script
starts its own ``redis-server`` on ``--redis-port`` (it stops and restarts that one, never
another), ``gunicorn cms.wsgi`` with 2 processes on ``--port`` and 2 workers as production
runs them (``cms.worker.COMMAND``, production settings), then injects four faults:

1. **Redis stopped during a request stream**: for 20 s two clients request the home page, a
   verification page and a certificate's PDF; Redis is stopped from second 5 to second 12
   while a bulk issuance is started. Errors are the requests answered 5xx or not answered.
2. **A worker killed mid-bulk** (``kill -9``) once a third of a bulk run is issued; another
   worker is started in its place.
3. **PostgreSQL connections terminated** (``pg_terminate_backend``, every connection of the
   database but the script's, three times a second apart) under the running workers.

4. **Redis restarted empty with work queued**: the workers are stopped; a bulk run is
   started and planned and its learners issued (here, as its tasks would), so every
   certificate's render and e-mail is queued in Redis; Redis is restarted without
   persistence (the queue is gone) and the workers are started again.

After faults 1 to 3, the reconciliation runs as the workers' schedule runs it (two passes, so a
run that stopped is seen not moving), and the script waits for the work to finish. After fault
4 it does not: the workers alone (their outbox relay) must finish the work, e-mails included.
It prints the requests, the errors and the work lost: learners without exactly one
certificate, certificates without their PDF, bulk runs not done (and for fault 4, e-mails not
sent and certificate tasks left in the outbox). Exit status 0 when nothing was lost.
"""

import argparse
import atexit
import contextlib
import datetime
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from certificates.credentials import multibase  # noqa: E402
from cms import worker as cms_worker  # noqa: E402
from tests.smtp import SMTPSink  # noqa: E402


def wait_for(condition, *, timeout: float, what: str, step: float = 0.5) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"gave up waiting for {what} after {timeout:.0f} s")
        time.sleep(step)


class Redis:
    def __init__(self, port: int, workdir: Path):
        self.port, self.workdir, self.process = port, workdir, None
        self.url = f"redis://127.0.0.1:{port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603
            [shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        import redis

        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.2)
        wait_for(lambda: _pings(client), timeout=10, what="redis-server", step=0.05)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def _pings(client) -> bool:
    import redis

    try:
        return client.ping()
    except redis.exceptions.ConnectionError:
        return False


class Stream:
    """Clients requesting ``urls`` in a loop until stopped; counts answers and errors."""

    def __init__(self, urls: list[str], clients: int = 2):
        self.urls, self.requests, self.errors, self.samples = urls, 0, 0, []
        self.running = True
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._run, daemon=True) for _ in range(clients)]

    def _run(self) -> None:
        n = 0
        while self.running:
            url = self.urls[n % len(self.urls)]
            n += 1
            sample = f"5xx {url}"
            try:
                with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
                    response.read()
                    failed = response.status >= 500
            except urllib.error.HTTPError as error:
                failed = error.code >= 500
                sample = f"{error.code} {url}"
            except OSError as error:
                failed, sample = True, f"{error} {url}"
            with self.lock:
                self.requests += 1
                if failed:
                    self.errors += 1
                    if len(self.samples) < 5:
                        self.samples.append(sample)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.running = False
        for thread in self.threads:
            thread.join(timeout=15)


def main() -> int:  # noqa: C901, PLR0915 — one scenario after the other, in order
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=150)
    parser.add_argument("--port", type=int, default=8307)
    parser.add_argument("--redis-port", type=int, default=6390)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("DATABASE_URL must name an empty PostgreSQL database.", file=sys.stderr)
        return 2

    workdir = Path(tempfile.mkdtemp(prefix="puente-faults-"))
    smtp = SMTPSink()  # kept: fault 4 counts the e-mails
    redis_server = Redis(args.redis_port, workdir)
    redis_server.start()
    # Stopped however the script ends (a failure while preparing left it running).
    atexit.register(lambda: redis_server.process.poll() is None and redis_server.stop())
    base = f"http://127.0.0.1:{args.port}"
    os.environ.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        DJANGO_SECRET_KEY="faults-only-not-secret-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="false",
        PUENTE_ISSUER_KEYS=multibase.private_key_encode(secrets.token_bytes(32)),
        PUENTE_PDF_SIGNING_FILE=str(workdir / "pdf-signing.pem"),
        WAGTAILADMIN_BASE_URL=base,
        REDIS_URL=redis_server.url,
        DJANGO_MEDIA_ROOT=str(workdir / "media"),
        DJANGO_PRIVATE_MEDIA_ROOT=str(workdir / "private"),
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp.port),
        DATABASE_CONN_MAX_AGE="600",
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from accounts.models import User
    from certificates import pdf_signing
    from certificates.models import BulkIssuance, Certificate
    from certificates.services import (
        background_reconcile,
        bulk_issuance_issue,
        bulk_issuance_run,
        bulk_issuance_start,
    )
    from cms.outbox.models import OutboxTask
    from courses.models import Cohort, Course, Enrollment

    pdf_signing.signing_file_create(Path(os.environ["PUENTE_PDF_SIGNING_FILE"]))  # self-signed
    print(f"Preparing {connection.settings_dict['NAME']} …", flush=True)
    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)  # production's manifest
    administrator = User.objects.create(
        email="admin@faults.example", first_name="Ana", last_name="Admin", is_superuser=True
    )

    def cohort_of(name: str) -> Cohort:
        course = Course.objects.create(
            code=f"faults-{name}",
            title_es=f"Curso {name}",
            title_en=f"Course {name}",
            hours=8,
            sector="automotive",
            skill_focus="mixed",
        )
        cohort = Cohort.objects.create(
            course=course, name=name, starts_on="2026-01-12", ends_on="2026-03-20"
        )
        users = User.objects.bulk_create(
            User(email=f"{name}{n}@faults.example", first_name="María", last_name=f"Peña {n}")
            for n in range(args.learners)
        )
        Enrollment.objects.bulk_create(
            Enrollment(user=u, course=course, cohort=cohort, completed_at=timezone.now())
            for u in users
        )
        return cohort

    env = {**os.environ, **cms_worker.ENVIRONMENT}
    processes: list[subprocess.Popen] = []

    def start_worker() -> subprocess.Popen:
        worker = subprocess.Popen(  # noqa: S603
            [sys.executable, *cms_worker.COMMAND],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=(workdir / f"worker-{len(processes)}.log").open("w"),
            start_new_session=True,
        )
        processes.append(worker)
        return worker

    def lost(cohort: Cohort, bulk: BulkIssuance) -> dict:
        bulk.refresh_from_db()
        per_learner = [
            Certificate.objects.filter(holder_id=e.user_id, course=cohort.course).count()
            for e in Enrollment.objects.filter(cohort=cohort)
        ]
        return {
            "learners without exactly one certificate": sum(n != 1 for n in per_learner),
            "certificates without their PDF": Certificate.objects.filter(
                course=cohort.course, pdf=""
            ).count(),
            "bulk run not done": int(bulk.status != BulkIssuance.Status.DONE),
        }

    def finish(cohort: Cohort, bulk: BulkIssuance, timeout: float = 600) -> float:
        """Run the reconciliation as the schedule does until nothing is missing; seconds."""
        start = time.monotonic()

        def done() -> bool:
            if not any(lost(cohort, bulk).values()):
                return True
            background_reconcile(after=datetime.timedelta(seconds=20))
            return False

        wait_for(done, timeout=timeout, what="the work to finish", step=10)
        return time.monotonic() - start

    results = []
    killed = None
    gunicorn = subprocess.Popen(  # noqa: S603
        [str(Path(sys.executable).parent / "gunicorn"), "cms.wsgi", "--workers", "2",
         "--bind", f"127.0.0.1:{args.port}", "--access-logfile", str(workdir / "access.log")],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k != "PUENTE_WORKER"},
        stdout=subprocess.DEVNULL,
        stderr=(workdir / "gunicorn.log").open("w"),
        start_new_session=True,
    )  # fmt: skip
    processes.append(gunicorn)
    try:
        workers = [start_worker(), start_worker()]
        wait_for(lambda: _answers(f"{base}/es/"), timeout=60, what="gunicorn")

        # A certificate to verify and download during the stream.
        first = cohort_of("warmup")
        bulk = bulk_issuance_start(cohort=first, kind="course", requested_by=administrator)
        finish(first, bulk)
        sample = Certificate.objects.filter(course=first.course).first()
        urls = [f"{base}/es/", f"{base}/es/verify/{sample.code}/", f"{base}/en/verify/"]

        # 1. Redis stopped during a request stream, a bulk run started meanwhile.
        cohort = cohort_of("redis")
        with Stream(urls) as stream:
            time.sleep(5)
            redis_server.stop()
            bulk = bulk_issuance_start(cohort=cohort, kind="course", requested_by=administrator)
            time.sleep(7)
            redis_server.start()
            time.sleep(8)
        seconds = finish(cohort, bulk)
        results.append(("Redis stopped 7 s", stream, lost(cohort, bulk), seconds))

        # 2. A worker killed mid-bulk.
        cohort = cohort_of("kill")
        with Stream(urls) as stream:
            bulk = bulk_issuance_start(cohort=cohort, kind="course", requested_by=administrator)

            def a_third_issued() -> bool:
                return Certificate.objects.filter(course=cohort.course).count() >= (
                    args.learners // 3
                )

            wait_for(a_third_issued, timeout=300, what="a third of the run")
            os.killpg(workers[0].pid, signal.SIGKILL)
            killed = workers[0]
            workers[0] = start_worker()
            seconds = finish(cohort, bulk)
        results.append(("worker killed mid-bulk", stream, lost(cohort, bulk), seconds))

        # 3. PostgreSQL connections terminated under the running workers.
        cohort = cohort_of("pg")
        with Stream(urls) as stream:
            bulk = bulk_issuance_start(cohort=cohort, kind="course", requested_by=administrator)
            time.sleep(2)
            for _ in range(3):
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )
                time.sleep(1)
            seconds = finish(cohort, bulk)
        results.append(("PostgreSQL connections terminated", stream, lost(cohort, bulk), seconds))

        # 4. Redis restarted empty (no persistence) with work queued, before a worker ran it.
        for worker in workers:
            os.killpg(worker.pid, signal.SIGTERM)
        for worker in workers:
            worker.wait(timeout=60)
        cohort = cohort_of("restart")
        with Stream(urls) as stream:
            bulk = bulk_issuance_start(cohort=cohort, kind="course", requested_by=administrator)
            bulk_issuance_run(bulk_id=bulk.pk)  # the planner's work, here: its chunks queue
            holders = list(Enrollment.objects.filter(cohort=cohort).values_list("user", flat=True))
            for start in range(0, len(holders), 25):  # the chunks' work: renders queue
                bulk_issuance_issue(bulk_id=bulk.pk, holder_ids=holders[start : start + 25])
            import redis

            queued = redis.Redis.from_url(redis_server.url).llen("rq:queue:default")
            redis_server.stop()
            redis_server.start()
            start = time.monotonic()
            workers = [start_worker(), start_worker()]

            def mailed() -> int:
                return sum(m["To"].startswith("restart") for m in list(smtp.messages))

            def finished() -> bool:
                return not any(lost(cohort, bulk).values()) and mailed() >= args.learners

            with contextlib.suppress(RuntimeError):  # what is left is reported as lost
                wait_for(finished, timeout=600, what="the workers alone", step=2)
            seconds = time.monotonic() - start
        missing = {
            **lost(cohort, bulk),
            "e-mails not sent": max(args.learners - mailed(), 0),
            "certificate tasks left in the outbox": OutboxTask.objects.filter(
                task_path__startswith="certificates."
            ).count(),
        }
        name = f"Redis restarted empty with {queued} jobs queued"
        results.append((name, stream, missing, seconds))
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        if redis_server.process.poll() is None:
            redis_server.stop()

    total_lost = 0
    for name, stream, missing, seconds in results:
        work_lost = sum(missing.values())
        total_lost += work_lost
        print(
            f"{name}: {stream.requests} requests, {stream.errors} errors; "
            f"{args.learners} learners, work lost: {work_lost} "
            f"({', '.join(f'{k}: {v}' for k, v in missing.items())}); "
            f"finished {seconds:.0f} s after the fault"
        )
        for sample in stream.samples:
            print(f"  e.g. {sample}")
    crashed = [
        " ".join(p.args[:2]) for p in processes if p.returncode not in (0, None) and p is not killed
    ]
    print(f"logs in {workdir}" + (f"; exited non-zero: {crashed}" if crashed else ""))
    return 0 if total_lost == 0 and all(s.errors == 0 for _, s, _, _ in results) else 1


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
            return response.status < 500
    except OSError:
        return False


if __name__ == "__main__":
    sys.exit(main())
