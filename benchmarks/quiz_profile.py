"""Per-request cost of the quiz endpoints in-process: CPU milliseconds and queries.

    .venv/bin/python benchmarks/quiz_profile.py [--requests 200] [--profile autosave]

Calls the project's WSGI application directly (every middleware, production settings from
``benchmarks/settings.py``, a fresh SQLite file) with the same requests as the HTTP
benchmarks: start a 20-item quiz, autosave, show a page, submit. No HTTP server and no
client threads, so the figures hold still on a busy machine where the HTTP benchmarks do
not; they guide work, the HTTP benchmarks judge the targets. ``--profile NAME`` prints
cProfile's top functions for that endpoint. Prints figures only (no target, exit 0).
Keep ``--requests`` under the local-memory cache's 300 entries, or sessions fall out of
it and every request pays a session query the HTTP benchmarks do not.
"""

import argparse
import cProfile
import io
import pstats
import sys
import time
from urllib.parse import urlencode

from quiz_bench import CSRF, TMP, build_quiz, configure, prepare_database, trainees

WARM_UP = 20


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)  # sessions stay cached
    parser.add_argument("--profile", choices=["start", "autosave", "page", "submit"])
    parser.add_argument("--database", default=str(TMP / "puente-bench-profile.sqlite3"))
    args = parser.parse_args()
    configure(args.database)
    prepare_database(args.database)

    from django.core.wsgi import get_wsgi_application
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from assessments.item_types import correct_response
    from assessments.models import Attempt
    from assessments.services import attempt_answers_save

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

    def measure(name: str, requests: list[tuple], expect: int) -> None:
        for request in requests[:WARM_UP]:
            assert call(*request) == expect, name
        with CaptureQueriesContext(connection) as queries:
            assert call(*requests[WARM_UP]) == expect, name
        query_count = len(queries.captured_queries)  # before later requests reset the log
        measured = requests[WARM_UP + 1 :]
        profiler = cProfile.Profile() if args.profile == name else None
        started, cpu = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        for request in measured:
            assert call(*request) == expect, name
        if profiler:
            profiler.disable()
        wall = (time.perf_counter() - started) / len(measured) * 1000
        cpu = (time.process_time() - cpu) / len(measured) * 1000
        print(
            f"{name}: {cpu:.2f} ms CPU ({wall:.2f} ms wall) per request, "
            f"{query_count} queries, {len(measured)} requests"
        )
        if profiler:
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)

    count = args.requests + WARM_UP + 1
    quiz = build_quiz()
    people = trainees(quiz.course, count)
    sessions = {user.pk: session for user, session in people}
    measure(
        "start", [("POST", f"/es/assessments/quizzes/{quiz.pk}/start/", s) for _, s in people], 302
    )
    attempts = []
    for attempt in Attempt.objects.filter(quiz=quiz).order_by("pk"):
        answers = {a.position: a for a in attempt.answers.select_related("item_version")}
        attempts.append((attempt, answers))
    saves, sequences = [], {}
    for n in range(count * 4):
        attempt, answers = attempts[n % len(attempts)]
        singles = [p for p, a in answers.items() if a.kind == "single"]
        position = singles[n % len(singles)]
        sequence = sequences[(attempt.pk, position)] = sequences.get((attempt.pk, position), 0) + 1
        keys = answers[position].option_order
        body = urlencode({"position": position, "seq": sequence, f"q{position}": keys[n % 3]})
        path = f"/es/assessments/attempts/{attempt.public_id}/autosave/"
        saves.append(("POST", path, sessions[attempt.user_id], body))
    measure("autosave", saves, 200)
    pages = [
        ("GET", f"/es/assessments/attempts/{a.public_id}/page/1/", sessions[a.user_id])
        for a, _ in attempts
    ]
    measure("page", pages, 200)
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
        path = f"/es/assessments/attempts/{attempt.public_id}/submit/"
        submits.append(("POST", path, sessions[attempt.user_id]))
    measure("submit", submits, 302)
    return 0


if __name__ == "__main__":
    sys.exit(main())
