"""Per-request cost against the stack's floor, both measured in the same run.

    .venv/bin/python benchmarks/floor.py [--requests 150] [--profile submit]

In-process through the project's WSGI application (every middleware, production settings
from ``benchmarks/settings.py``, a fresh SQLite file, or ``DATABASE_URL``'s database when
``--database-url`` is given), so the figures hold still on a busy machine. Each endpoint is
timed beside its floor, request for request interleaved, so both see the same machine:

| endpoint | floor | target |
|---|---|---|
| demo module page (anonymous) | a bare Wagtail page (core ``Page``, one-line template) | ≤ 1.3× |
| autosave | the same UPDATE by the bare ORM behind a bare view | ≤ 1.3× |
| submit and grade | the same UPDATEs by the bare ORM behind a bare view | ≤ 2× |
| attempt start | the same INSERTs by the bare ORM behind a bare view | ≤ 3× |

A bare Django view (``HttpResponse("ok")``) is printed too: the cost of the middleware
alone. Prints milliseconds per request (mean wall time), queries per request and the
ratio; exits non-zero when a ratio misses its target.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from urllib.parse import urlencode

from floors import FLOOR_SETTINGS, bare_page, start_answers
from quiz_bench import CSRF, TMP, build_quiz, configure, prepare_database, trainees

WARM_UP = 10
TARGETS = {"module page": 1.3, "autosave": 1.3, "submit": 2.0, "start": 3.0}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=150)
    parser.add_argument("--database", default=str(TMP / "puente-bench-floor.sqlite3"))
    parser.add_argument(
        "--profile",
        choices=sorted(TARGETS),
        help="print one endpoint's queries and cProfile's top functions",
    )
    args = parser.parse_args()
    configure(args.database, settings=FLOOR_SETTINGS)
    from django.conf import settings  # noqa: E402 — settings exist once configured

    prepare_database(args.database)
    settings.AXES_ENABLED = False
    from django.core.management import call_command

    print("seeding the demo…", file=sys.stderr, flush=True)
    call_command("seed_demo", force=True, stdout=io.StringIO())

    from django.core.wsgi import get_wsgi_application
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from assessments.item_types import correct_response
    from assessments.models import Attempt
    from assessments.services import attempt_answers_save
    from benchmarks import floor_urls
    from cms.process import web_prepare

    bare = bare_page()
    application = get_wsgi_application()
    web_prepare()  # as cms.wsgi readies a web process; the seeding's leftovers are set aside too
    last_headers: list[tuple[str, str]] = []

    def call(method: str, path: str, session: str = "", body: str = "") -> int:
        data = body.encode()
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "127.0.0.1",
            "HTTP_COOKIE": f"sessionid={session}; csrftoken={CSRF}" if session else "",
            "HTTP_X_CSRFTOKEN": CSRF,
            "CONTENT_TYPE": "application/x-www-form-urlencoded",
            "CONTENT_LENGTH": str(len(data)),
            "wsgi.input": io.BytesIO(data),
            "wsgi.errors": sys.stderr,
            "wsgi.url_scheme": "http",
            "wsgi.version": (1, 0),
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        status = []

        def start_response(line, headers, exc_info=None):
            status.append(line)
            last_headers[:] = headers

        b"".join(application(environ, start_response))
        return int(status[0].split()[0])

    def queries_of(request: tuple, *, show: bool = False) -> int:
        reset_queries()  # a request empties the log as it starts: count from an empty one
        with CaptureQueriesContext(connection) as captured:
            call(*request[:-1])
        if show:
            for query in captured.captured_queries:
                print(" ", query["sql"][:240], file=sys.stderr)
        return len(captured.captured_queries)

    def timed(name: str, pairs: list[tuple[tuple, tuple]]) -> tuple[float, float, int, int]:
        """Mean ms of the endpoint's and the floor's requests, alternated, and their queries
        (each request is ``(method, path, session, body, expected status)``); with
        ``--profile name``, cProfile's top functions of the endpoint's requests."""
        profiler = cProfile.Profile() if args.profile == name else None
        for endpoint, floor in pairs[:WARM_UP]:
            assert call(*endpoint[:-1]) == endpoint[-1], endpoint
            assert call(*floor[:-1]) == floor[-1], floor
        q_endpoint = queries_of(pairs[WARM_UP][0], show=profiler is not None)
        q_floor = queries_of(pairs[WARM_UP][1])
        spent = [0.0, 0.0]
        measured = pairs[WARM_UP + 1 :]
        for endpoint, floor in measured:
            for side, request in enumerate((endpoint, floor)):
                if profiler and side == 0:
                    profiler.enable()
                started = time.perf_counter()
                status = call(*request[:-1])
                spent[side] += time.perf_counter() - started
                if profiler and side == 0:
                    profiler.disable()
                assert status == request[-1], (request, status)
        if profiler:
            pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(60)
        n = len(measured)
        return spent[0] / n * 1000, spent[1] / n * 1000, q_endpoint, q_floor

    count = args.requests + WARM_UP + 1
    rows = []
    module = "/es/cursos/calidad-linea-ensamble/par-de-apriete/"
    bare_url = bare.get_url()
    pages = [(("GET", module, "", "", 200), ("GET", bare_url, "", "", 200))] * count
    rows.append(("module page", "bare Wagtail page", *timed("module page", pages)))
    django_floor = [(("GET", "/es/bench-floor/", "", "", 200),) * 2] * count
    ms, _ms, queries, _q = timed("bare Django view", django_floor)
    rows.append(("bare Django view", "itself", ms, ms, queries, queries))

    quiz, twin = build_quiz(), build_quiz()
    people = trainees(quiz.course, count)
    others = trainees(twin.course, count)
    sessions = {user.pk: session for user, session in people + others}
    starts = [
        (
            ("POST", f"/es/assessments/quizzes/{quiz.pk}/start/", s, "", 302),
            ("POST", f"/es/bench/orm-start/{twin.pk}/", t, "", 302),
        )
        for (_u, s), (_v, t) in zip(people, others, strict=True)
    ]
    # The bare start writes the same rows a real start froze: its versions and option orders.
    first_user = people[0][0]
    call("POST", f"/es/assessments/quizzes/{quiz.pk}/start/", sessions[first_user.pk])
    sample = Attempt.objects.filter(quiz=quiz, user=first_user).first()
    if sample is None:
        raise RuntimeError(f"the start was refused: {last_headers}")
    floor_urls.START_ANSWERS[:] = start_answers(sample)
    rows.append(("start", "bare ORM inserts", *timed("start", starts[1:])))

    def attempts_of(of_quiz):
        return [
            (attempt, {a.position: a for a in attempt.answers.select_related("item_version")})
            for attempt in Attempt.objects.filter(quiz=of_quiz).order_by("pk")
        ]

    real, bare_attempts = attempts_of(quiz), attempts_of(twin)
    saves = []
    for n in range(count * 2):
        attempt, answers = real[n % len(real)]
        twin_attempt, twin_answers = bare_attempts[n % len(bare_attempts)]
        singles = [p for p, a in answers.items() if a.kind == "single"]
        position = singles[n % len(singles)]
        key = answers[position].option_order[n % 3]
        body = urlencode({"position": position, "seq": n + 1, f"q{position}": key})
        saves.append(
            (
                ("POST", f"/es/assessments/attempts/{attempt.public_id}/autosave/",
                 sessions[attempt.user_id], body, 200),
                ("POST", f"/es/bench/orm-autosave/{twin_answers[position].pk}/",
                 sessions[twin_attempt.user_id], urlencode({"q": key}), 200),
            )
        )  # fmt: skip
    rows.append(("autosave", "bare ORM update", *timed("autosave", saves)))

    submits = []
    for (attempt, answers), (twin_attempt, _answers) in zip(real, bare_attempts, strict=False):
        right = {}
        for answer in answers.values():
            response = correct_response(answer.content)
            if isinstance(response, bool):
                response = "true" if response else "false"
            right[answer.position] = (response, 10**6)
        attempt_answers_save(
            public_id=attempt.public_id, user=attempt.user, answers=right, language="es"
        )
        submits.append(
            (
                ("POST", f"/es/assessments/attempts/{attempt.public_id}/submit/",
                 sessions[attempt.user_id], "", 302),
                ("POST", f"/es/bench/orm-submit/{twin_attempt.pk}/",
                 sessions[twin_attempt.user_id], "", 302),
            )
        )  # fmt: skip
    rows.append(("submit", "bare ORM updates", *timed("submit", submits)))

    engine = connection.vendor
    print(f"\nper request against the floor, {engine}, {args.requests} requests each (mean)")
    print(f"{'endpoint':18} {'× floor':>8} {'target':>7} {'ms':>7} {'queries':>7}   "
          f"{'floor':20} {'ms':>7} {'queries':>7}")  # fmt: skip
    missed = []
    for name, floor_name, ms, floor_ms, queries, floor_queries in rows:
        ratio = ms / floor_ms
        target = TARGETS.get(name)
        mark = f"≤{target:.1f}×" if target else ""
        if target and ratio > target:
            missed.append(f"{name}: {ratio:.2f}× (target ≤ {target}×)")
        print(f"{name:18} {ratio:>7.2f}× {mark:>7} {ms:>7.2f} {queries:>7}   "
              f"{floor_name:20} {floor_ms:>7.2f} {floor_queries:>7}")  # fmt: skip
    if missed:
        print("\nmissed:", *missed, sep="\n  ")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
