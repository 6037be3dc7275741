"""Bulk issuance of 1,000 certificates through RQ with two workers (target ≤ 60 s).

    .venv/bin/python benchmarks/certificate_bulk.py [--learners 1000] [--workers 2]

Needs Redis at 127.0.0.1:6379 (uses DB 14, flushed). Builds a fresh SQLite database in a
temporary directory (or uses DATABASE_URL, which must point at an empty database), creates a
cohort of learners who completed the course, starts the workers with the production settings
and the production command and environment (``cms.worker.COMMAND`` and ``ENVIRONMENT``, as
in ``make worker`` and the README),
starts the bulk issuance as the admin does and waits until every PDF is stored. The issued
e-mails really go out over SMTP, to a local relay (in this process) that discards them.
Prints the wall time and each worker's RSS at the end (target ≤ 150 MiB after the renders).
"""

import argparse
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from certificates.credentials import multibase  # noqa: E402
from cms import worker as cms_worker  # noqa: E402
from tests.smtp import SMTPSink  # noqa: E402

REDIS_URL = "redis://127.0.0.1:6379/14"
TARGET_SECONDS = 60.0
TARGET_RSS_MIB = 150.0


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="puente-bulk-"))
    smtp = SMTPSink(keep=False)  # the e-mails really go out over SMTP, and are discarded
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        DJANGO_SECRET_KEY="benchmark-only-not-secret",  # noqa: S106
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        PUENTE_ISSUER_KEYS=multibase.private_key_encode(secrets.token_bytes(32)),
        PUENTE_PDF_SIGNING_FILE=str(workdir / "pdf-signing.pem"),
        WAGTAILADMIN_BASE_URL="https://puente.example",
        REDIS_URL=REDIS_URL,
        DJANGO_MEDIA_ROOT=str(workdir / "media"),
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp.port),
    )

    import django

    django.setup()
    from django.core.management import call_command

    from certificates.pdf_signing import signing_file_create

    signing_file_create(workdir / "pdf-signing.pem")  # a throw-away key for the workers
    from django.utils import timezone

    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()

    print(f"Preparing {os.environ['DATABASE_URL']} …", flush=True)
    call_command("migrate", verbosity=0)
    from accounts.models import User
    from certificates.models import BulkIssuance, Certificate
    from certificates.services import bulk_issuance_start
    from courses.models import Cohort, Course, Enrollment

    course = Course.objects.create(
        code="bench-course",
        title_es="Seguridad en la línea de ensamble",
        title_en="Assembly line safety",
        hours=24,
        sector="automotive",
        skill_focus="mixed",
    )
    cohort = Cohort.objects.create(
        course=course, name="Benchmark", starts_on="2026-01-12", ends_on="2026-03-20"
    )
    users = User.objects.bulk_create(
        User(
            email=f"aprendiz{n}@bench.example",
            first_name="María José",
            last_name=f"Hernández Peña {n}",
            password="!",  # noqa: S106 — unusable
        )
        for n in range(args.learners)
    )
    Enrollment.objects.bulk_create(
        Enrollment(user=u, course=course, cohort=cohort, completed_at=timezone.now()) for u in users
    )

    administrator = User.objects.create(
        email="admin@bench.example", first_name="Ana", last_name="Admin", is_superuser=True
    )

    env = {**os.environ, **cms_worker.ENVIRONMENT}
    workers = []
    try:
        for _ in range(args.workers):
            workers.append(
                subprocess.Popen(  # noqa: S603 — our own interpreter, fixed arguments
                    [sys.executable, *cms_worker.COMMAND],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=(workdir / f"worker-{len(workers)}.log").open("w"),
                )
            )
        from rq import Worker

        connection = redis.Redis.from_url(REDIS_URL)
        while Worker.count(connection=connection) < args.workers:  # up before the clock starts
            if any(w.poll() is not None for w in workers):
                print("A worker exited; see", workdir)
                return 2
            time.sleep(0.2)
        time.sleep(1)  # the workers' first BLPOP
        idle_rss = [rss_mib(w.pid) for w in workers]
        start = time.perf_counter()
        bulk = bulk_issuance_start(cohort=cohort, kind="course", requested_by=administrator)
        while True:
            time.sleep(0.5)
            rendered = Certificate.objects.exclude(pdf="").count()
            bulk.refresh_from_db()
            if bulk.status == BulkIssuance.Status.FAILED:
                print("Bulk issuance failed:", bulk.error)
                return 2
            if rendered >= args.learners:
                break
            if time.perf_counter() - start > 1800:
                print("Gave up after 30 minutes:", rendered, "rendered")
                return 2
        elapsed = time.perf_counter() - start
        issued_at = (bulk.finished_at - bulk.created_at).total_seconds()
        rss = [rss_mib(w.pid) for w in workers]
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)
    print(
        f"bulk issuance of {args.learners} certificates with {args.workers} RQ workers "
        f"on {os.cpu_count()} cores: {elapsed:.1f} s until every PDF was stored "
        f"(issuance rows done after ~{issued_at:.1f} s) — target ≤ {TARGET_SECONDS:.0f} s: "
        f"{'met' if elapsed <= TARGET_SECONDS else 'MISSED'}"
    )
    print("worker RSS idle before the run: " + ", ".join(f"{r:.0f} MiB" for r in idle_rss))
    print(
        "worker RSS after the renders: "
        + ", ".join(f"{r:.0f} MiB" for r in rss)
        + f" — target ≤ {TARGET_RSS_MIB:.0f} MiB: "
        + ("met" if max(rss) <= TARGET_RSS_MIB else "MISSED")
    )
    redis.Redis.from_url(REDIS_URL).flushdb()
    return 0 if elapsed <= TARGET_SECONDS and max(rss) <= TARGET_RSS_MIB else 1


if __name__ == "__main__":
    sys.exit(main())
