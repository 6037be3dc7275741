"""Starting attempts over HTTP (target: 2,000 starts within 60 s, p95 ≤ 300 ms).

    .venv/bin/python benchmarks/quiz_start.py [--starts 2000] [--threads 8]

Each of ``--starts`` enrolled trainees POSTs ``/es/assessments/quizzes/<id>/start/`` once
(a 20-item quiz with shuffled items and options, so every start freezes versions, the
order and the option order). Afterwards every trainee must have exactly one attempt of
20 answers.
"""

import argparse
import sys
import threading
import time

from quiz_bench import (
    TMP,
    Client,
    Server,
    build_quiz,
    configure,
    prepare_database,
    report,
    trainees,
)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--starts", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database", default=str(TMP / "puente-bench-start.sqlite3"))
    args = parser.parse_args()
    env = configure(args.database)
    print("migrating, building the quiz and the trainees…", file=sys.stderr, flush=True)
    prepare_database(args.database)
    from django.db.models import Count

    from assessments.models import Attempt

    quiz = build_quiz()
    people = trainees(quiz.course, args.starts)
    latencies, failures, lock = [], [], threading.Lock()

    def work(index: int):
        local = []
        for _user, session in people[index :: args.threads]:
            status, data, elapsed = Client(server.port, session).request(
                "POST", f"/es/assessments/quizzes/{quiz.pk}/start/"
            )
            local.append(elapsed)
            if status != 302:
                failures.append((status, data[:200]))
        with lock:
            latencies.extend(local)

    with Server(env, workers=args.workers) as server:
        threads = [threading.Thread(target=work, args=(i,)) for i in range(args.threads)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
    ok = report("start", latencies, elapsed, target_p95_ms=300)
    shapes = set(
        Attempt.objects.filter(quiz=quiz).annotate(n=Count("answers")).values_list("n", flat=True)
    )
    count = Attempt.objects.filter(quiz=quiz).count()
    print(f"errors: {len(failures)}  attempts: {count}  answers per attempt: {sorted(shapes)}")
    passed = ok and elapsed <= 60 and not failures and count == args.starts and shapes == {20}
    print("PASS" if passed else "FAIL", "(target: 2,000 starts in ≤ 60 s, p95 ≤ 300 ms)")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
