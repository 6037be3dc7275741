"""Per-request cost of the quiz endpoints in-process: CPU milliseconds and queries.

    .venv/bin/python benchmarks/quiz_profile.py [--requests 200] [--profile autosave]

Calls the project's WSGI application directly (every middleware, production settings from
``benchmarks/settings.py``, a fresh SQLite file) with the same requests as the HTTP
benchmarks: start a 20-item quiz, autosave, show a page, submit. No HTTP server and no
client threads, so the figures hold still on a busy machine where the HTTP benchmarks do
not; they guide work, the HTTP benchmarks judge the targets. Each request is interleaved
with its floor's, by the same trainee (``benchmarks/floor_urls.py``): the same rows written
by the bare ORM behind a bare view for start, autosave and submit (into a twin quiz), a
bare Django view for the page; the bare Django view is printed by itself too. ``--profile
NAME`` prints cProfile's top functions for that endpoint. Prints figures and ratios only (no
target, exit 0). Keep ``--requests`` under the local-memory cache's 300 entries, or sessions
fall out of it and every request pays a session query the HTTP benchmarks do not.
"""

import argparse
import cProfile
import io
import pstats
import sys
import time
from urllib.parse import urlencode

from floors import FLOOR_SETTINGS, against, start_answers
from quiz_bench import CSRF, TMP, build_quiz, configure, prepare_database, trainees

WARM_UP = 20


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)  # sessions stay cached
    parser.add_argument("--profile", choices=["start", "autosave", "page", "submit"])
    parser.add_argument("--database", default=str(TMP / "puente-bench-profile.sqlite3"))
    args = parser.parse_args()
    configure(args.database, settings=FLOOR_SETTINGS)
    prepare_database(args.database)

    from django.core.wsgi import get_wsgi_application
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from assessments.item_types import correct_response
    from assessments.models import Attempt
    from assessments.services import attempt_answers_save, attempt_start
    from benchmarks import floor_urls

    application = get_wsgi_application()

    def call(method: str, path: str, session: str, body: str = "") -> int:
        data = body.encode()
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "127.0.0.1",
            "HTTP_COOKIE": f"sessionid={session}; csrftoken={CSRF}",
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
        b"".join(application(environ, lambda s, headers, exc_info=None: status.append(s)))
        return int(status[0].split()[0])

    def spent(request: tuple, expect: int, profiler=None) -> tuple[float, float]:
        """Wall and processor seconds of one request (asserting its status)."""
        if profiler:
            profiler.enable()
        wall, cpu = time.perf_counter(), time.process_time()
        status = call(*request)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        if profiler:
            profiler.disable()
        assert status == expect, (request, status)
        return wall, cpu

    def queries_of(request: tuple, expect: int) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert call(*request) == expect, request
        return len(queries.captured_queries)  # before later requests reset the log

    def measure(name: str, floor_name: str | None, pairs: list[tuple[tuple, tuple]], expect: int):
        """Each endpoint request interleaved with its floor's (``(endpoint, floor)`` pairs),
        so that both see the same machine; prints both and the ratio of processor time. A
        floor of ``None`` prints the endpoint alone."""
        for pair in pairs[:WARM_UP]:
            for request in filter(None, pair):
                assert call(*request) == expect, request
        query_count = [queries_of(r, expect) if r else 0 for r in pairs[WARM_UP]]
        measured = pairs[WARM_UP + 1 :]
        profiler = cProfile.Profile() if args.profile == name else None
        totals = [[0.0, 0.0], [0.0, 0.0]]  # [wall, cpu] of the endpoint, of the floor
        for pair in measured:
            for side, request in enumerate(pair):
                if request is None:
                    continue
                wall, cpu = spent(request, expect, profiler if side == 0 else None)
                totals[side][0] += wall
                totals[side][1] += cpu
        (wall, cpu), (floor_wall, floor_cpu) = (
            [value / len(measured) * 1000 for value in side] for side in totals
        )
        figures = (
            f"{name}: {cpu:.2f} ms CPU ({wall:.2f} ms wall) per request, "
            f"{query_count[0]} queries, {len(measured)} requests"
        )
        if floor_name is None:
            print(figures)
        else:
            print(
                f"{figures}; floor ({floor_name}): {floor_cpu:.2f} ms CPU ({floor_wall:.2f} ms "
                f"wall), {query_count[1]} queries; × floor: CPU {against(cpu, floor_cpu)}, "
                f"wall {against(wall, floor_wall)}"
            )
        if profiler:
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)

    count = args.requests + WARM_UP + 1
    quiz, twin = build_quiz(), build_quiz()
    people = trainees(quiz.course, count)
    sessions = {user.pk: session for user, session in people}
    # The floors write for the same trainees (the same sessions, which stay cached) into a
    # twin quiz, the rows a real start of it froze (an extra trainee's, unmeasured).
    sample_user = trainees(twin.course, 1)[0][0]
    sample, _ = attempt_start(quiz=twin, user=sample_user, language="es")
    floor_urls.START_ANSWERS[:] = start_answers(sample)
    bare = ("GET", "/es/bench-floor/", people[0][1])
    measure("bare Django view", None, [(bare, None)] * count, 200)
    measure(
        "start",
        "bare ORM inserts",
        [
            (
                ("POST", f"/es/assessments/quizzes/{quiz.pk}/start/", s),
                ("POST", f"/es/bench/orm-start/{twin.pk}/", s),
            )
            for _, s in people
        ],
        302,
    )

    def attempts_of(of_quiz):
        return [
            (attempt, {a.position: a for a in attempt.answers.select_related("item_version")})
            for attempt in Attempt.objects.filter(quiz=of_quiz, user__in=sessions).order_by("pk")
        ]

    attempts = attempts_of(quiz)
    twins = {attempt.user_id: (attempt, answers) for attempt, answers in attempts_of(twin)}
    saves, sequences = [], {}
    for n in range(count * 4):
        attempt, answers = attempts[n % len(attempts)]
        singles = [p for p, a in answers.items() if a.kind == "single"]
        position = singles[n % len(singles)]
        sequence = sequences[(attempt.pk, position)] = sequences.get((attempt.pk, position), 0) + 1
        keys = answers[position].option_order
        body = urlencode({"position": position, "seq": sequence, f"q{position}": keys[n % 3]})
        path = f"/es/assessments/attempts/{attempt.public_id}/autosave/"
        twin_answer = twins[attempt.user_id][1][position]
        floor_path = f"/es/bench/orm-autosave/{twin_answer.pk}/"
        session = sessions[attempt.user_id]
        saves.append(
            (
                ("POST", path, session, body),
                ("POST", floor_path, session, urlencode({"q": keys[n % 3]})),
            )
        )
    measure("autosave", "bare ORM update", saves, 200)
    pages = [
        (
            ("GET", f"/es/assessments/attempts/{a.public_id}/page/1/", sessions[a.user_id]),
            ("GET", "/es/bench-floor/", sessions[a.user_id]),
        )
        for a, _ in attempts
    ]
    measure("page", "bare Django view", pages, 200)
    submits = []
    for attempt, answers in attempts:
        right = {}
        for answer in answers.values():
            response = correct_response(answer.content)
            if isinstance(response, bool):
                response = "true" if response else "false"
            right[answer.position] = (response, 10**6)
        attempt_answers_save(
            public_id=attempt.public_id, user=attempt.user, answers=right, language="es"
        )
        session = sessions[attempt.user_id]
        submits.append(
            (
                ("POST", f"/es/assessments/attempts/{attempt.public_id}/submit/", session),
                ("POST", f"/es/bench/orm-submit/{twins[attempt.user_id][0].pk}/", session),
            )
        )
    measure("submit", "bare ORM updates", submits, 302)
    return 0


if __name__ == "__main__":
    sys.exit(main())
