"""Cohort reports and trainee pages at 1,000 and 10,000 learners: time, queries, peak memory.

    DATABASE_URL=sqlite:////tmp/reports.sqlite3 .venv/bin/python benchmarks/reports.py
    DATABASE_URL=postgres://…/reports .venv/bin/python benchmarks/reports.py --learners 1000 10000

Migrates and seeds the demo into the given database, grows its cohort with
``manage.py grow_demo`` to each size in turn (idempotent: a database already grown keeps its
learners, so give a fresh one to measure a smaller size after a larger one), then requests
every report in-process through the full Django stack (middleware, templates, the test
client) as the demo instructor, and each trainee page as a grown learner. For each it prints
the wall time (best of ``--repeat``), the CPU time of this process (the best too: on a
shared, loaded machine it shows what the page itself costs), the queries, the peak of Python
memory allocated while serving it (``tracemalloc``, measured in a separate pass so that
tracing does not slow the timed one) and the size of the response. A bare Django view
(``HttpResponse("ok")`` behind the same middleware and client) is measured in the same run
as the floor, with each page's ratio to it. Targets at 10,000 learners: every report ≤ 1 s
and ≤ 300 MiB. The cohort heatmap is measured twice: cold (the cache emptied first) and
warm; both read the standings table the services keep (``assessments.services.standings``).
Ends with the ``EXPLAIN`` of the queries that read a whole cohort or a list a user can make
long. Exits non-zero when a target is missed.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 1.0
TARGET_MIB = 300


def manage(*args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.dev"},
        check=True,
        stdout=subprocess.DEVNULL,
    )


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.dev"
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # as served: cached templates, no query log of Django's own
    settings.ALLOWED_HOSTS = ["*"]
    settings.ROOT_URLCONF = "benchmarks.reports_urls"
    # force_login has no client address: django-axes would log an 'unknown' one, which
    # PostgreSQL's inet column refuses; the benchmark measures pages, not sign-in.
    settings.AXES_ENABLED = False


def serve(client, url: str) -> tuple[int, int]:
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url}: HTTP {response.status_code}")
    if response.streaming:
        return sum(len(chunk) for chunk in response.streaming_content), 200
    return len(response.content), 200


class QueryCounter:
    """Counts the statements a connection runs (``connection.execute_wrapper``): unlike the
    query log it needs no DEBUG and survives the request closing the connection."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def measure(client, url: str, *, repeat: int, before=None) -> dict:
    from django.db import connection

    times, cpu = [], []
    for _run in range(repeat):
        if before:
            before()
        gc.collect()
        queries = QueryCounter()
        with connection.execute_wrapper(queries):
            start, start_cpu = time.perf_counter(), time.process_time()
            size, _status = serve(client, url)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
    if before:
        before()
    gc.collect()
    tracemalloc.start()
    serve(client, url)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "seconds": min(times),
        "median": statistics.median(times),
        "cpu": min(cpu),
        "queries": queries.count,
        "mib": peak / 2**20,
        "bytes": size,
    }


def run(learners: int, repeat: int, skip: list[str]) -> Iterator[tuple[str, dict]]:
    """Each page's figures as soon as they are measured, the floor first."""
    from django.core.cache import cache
    from django.test import Client
    from django.urls import reverse

    from accounts.models import User
    from assessments.models import Judgement
    from cms.demo.grow import EMAIL_DOMAIN
    from courses.models import Cohort

    cohort = Cohort.objects.get(
        enrollments__user__email="aprendiz@puente.example", course__code="AUTO-CAL-101"
    )
    standard = Judgement.objects.filter(candidate__email__endswith=EMAIL_DOMAIN).first().standard
    instructor = Client()
    instructor.force_login(User.objects.get(email="instructor@puente.example"))
    learner = Client()
    learner.force_login(
        Judgement.objects.filter(candidate__email__endswith=EMAIL_DOMAIN).first().candidate
    )
    heatmap = reverse("assessments:report_heatmap", args=[cohort.pk])
    items = reverse("assessments:report_items", args=[cohort.pk])
    grid = reverse("courses:cohort", args=[cohort.pk])
    pages = [
        ("floor: bare Django view", instructor, reverse("bench_floor"), None),
        ("cohort heatmap, cold", instructor, heatmap, cache.clear),
        ("cohort heatmap, warm", instructor, heatmap, None),
        ("heatmap CSV (streamed)", instructor, heatmap + "?format=csv", None),
        ("item statistics", instructor, items, None),
        ("item statistics CSV", instructor, items + "?format=csv", None),
        ("cohort grid", instructor, grid, None),
        ("cohort grid CSV", instructor, grid + "?format=csv", None),
        ("grading queue", instructor, reverse("assessments:grading_queue"), None),
        ("My competencies (trainee)", learner, reverse("assessments:progress"), None),
        (
            "a standard's progress (trainee)",
            learner,
            reverse("assessments:progress_standard", args=[standard.pk]),
            None,
        ),
    ]
    for label, client, url, before in pages:
        if any(word in label for word in skip) and not label.startswith("floor"):
            continue
        try:
            if before is None:
                client.get(url)  # warm the site, locale and template caches
            yield label, measure(client, url, repeat=repeat, before=before)
        except Exception as error:  # noqa: BLE001 — reported in the table, the rest still runs
            yield label, {"error": f"{type(error).__name__}: {error}"[:90]}


def explain() -> None:
    """The plans (``EXPLAIN`` on the engine in use) of every query that reads a whole cohort
    or a list a user can make long, to check that none grows with the square of the data:
    the heatmap's summary counts, a page of its standings and its CSV's one pass, the cohort
    grid's page and CSV pass, item statistics, a trainee's "My competencies" (their standards
    and judgements), the grading queue's page, a bulk chunk's recording and a page of a bulk
    run's summary."""
    from django.db import connection
    from django.db.models import Count, FilteredRelation, Q
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from assessments.models import CriterionStanding, Judgement
    from assessments.selectors.grading import grading_queue
    from assessments.selectors.progress import standards_of
    from assessments.selectors.statistics import cohort_item_statistics, cohort_trainees
    from certificates.models import BulkIssuanceOutcome
    from cms.demo.grow import EMAIL_DOMAIN
    from courses.models import Cohort, Enrollment
    from courses.selectors import cohort_enrollments

    cohort = Cohort.objects.get(
        enrollments__user__email="aprendiz@puente.example", course__code="AUTO-CAL-101"
    )
    standard = cohort.course.target_standards.order_by("code").first()
    in_cohort = Enrollment.objects.filter(cohort=cohort).values("user_id")
    summary = (
        CriterionStanding.objects.filter(standard=standard, candidate_id__in=in_cohort)
        .values("criterion_id")
        .annotate(mastered=Count("pk", filter=Q(status="mastered")))
        .order_by()
    )
    page_ids = list(cohort_enrollments(cohort=cohort).values_list("user_id", flat=True)[:50])
    page = CriterionStanding.objects.filter(standard=standard, candidate_id__in=page_ids)
    heatmap_csv = (
        cohort_trainees(cohort)
        .annotate(
            standing=FilteredRelation(
                "criterion_standings", condition=Q(criterion_standings__standard=standard)
            )
        )
        .values_list("pk", "email", "standing__criterion_id", "standing__status")
    )
    grid_csv = cohort_enrollments(cohort=cohort).values_list(
        "pk", "user__email", "module_progress__module_id", "module_progress__completed_at"
    )
    learner = User.objects.filter(email__endswith=EMAIL_DOMAIN).order_by("pk").last()
    instructor = User.objects.get(email="instructor@puente.example")
    with CaptureQueriesContext(connection) as captured:
        cohort_item_statistics(cohort=cohort)
    for label, queryset in (
        ("heatmap summary", summary),
        ("heatmap page of standings", page),
        ("heatmap CSV: the cohort's standings in one pass", heatmap_csv),
        ("cohort grid page", cohort_enrollments(cohort=cohort)[:50]),
        ("cohort grid CSV: enrolments and progress in one pass", grid_csv),
        ("My competencies: the trainee's standards", standards_of(candidate=learner)),
        ("My competencies: the trainee's judgements", Judgement.objects.filter(candidate=learner)),
        ("grading queue page", grading_queue(user=instructor)[:50]),
        (
            "bulk issuance: a chunk's learners already recorded",
            BulkIssuanceOutcome.objects.filter(bulk_id=1, holder__in=page_ids),
        ),
        (
            "bulk issuance summary: a page of learners",
            BulkIssuanceOutcome.objects.filter(bulk_id=1).by_name()[:100],
        ),
    ):
        print(f"\nEXPLAIN {label}:\n{queryset.explain()}")
    with connection.cursor() as cursor:
        plain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
        cursor.execute(plain + captured.captured_queries[0]["sql"])
        plan = "\n".join(" | ".join(str(c) for c in row) for row in cursor.fetchall())
    print(f"\nEXPLAIN item statistics (sums per item and language):\n{plan}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--learners", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--skip", nargs="*", default=[], help="leave out pages whose label contains a word"
    )
    args = parser.parse_args()
    engine = os.environ.get("DATABASE_URL", "sqlite").split(":", 1)[0]
    print("migrating and seeding the demo…", file=sys.stderr, flush=True)
    manage("migrate", "-v0")
    manage("seed_demo")
    missed = []
    for learners in sorted(args.learners):
        print(f"growing the demo to {learners} learners…", file=sys.stderr, flush=True)
        started = time.perf_counter()
        manage("grow_demo", "--learners", str(learners))
        grown = time.perf_counter() - started
        if "django.conf" not in sys.modules:
            setup_django()
        print(f"\n{engine}, {learners} learners (grow_demo {grown:.0f} s)")
        print(
            f"{'page':34} {'× floor':>9} {'time':>9} {'CPU':>9} {'queries':>7} "
            f"{'peak MiB':>9} {'KiB':>9}"
        )
        floor = None
        for label, figures in run(learners, args.repeat, args.skip):
            if "error" in figures:
                print(f"{label:34} failed: {figures['error']}")
                missed.append(f"{engine} {learners}: {label} (failed)")
                continue
            floor = floor or figures["seconds"]
            ratio = figures["seconds"] / floor
            print(
                f"{label:34} {ratio:>8.1f}× {figures['seconds'] * 1000:>7.0f}ms "
                f"{figures['cpu'] * 1000:>7.0f}ms {figures['queries']:>7} "
                f"{figures['mib']:>9.1f} {figures['bytes'] / 1024:>9.0f}",
                flush=True,
            )
            if (
                learners >= 10000
                and not label.startswith("floor")
                and (figures["seconds"] > TARGET_SECONDS or figures["mib"] > TARGET_MIB)
            ):
                missed.append(f"{engine} {learners}: {label}")
    explain()
    if missed:
        print("\nmissed the targets (≤ 1 s, ≤ 300 MiB at 10,000 learners):", *missed, sep="\n  ")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
