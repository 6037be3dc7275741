"""Starting attempts over HTTP (target: 2,000 starts within 60 s, p95 ≤ 300 ms), beside its
floor: the same rows inserted by the bare ORM behind a bare view.

    .venv/bin/python benchmarks/quiz_start.py [--starts 2000] [--threads 8] [--rounds 10]

Each of ``--starts`` enrolled trainees POSTs ``/es/assessments/quizzes/<id>/start/`` once
(a 20-item quiz with shuffled items and options, so every start freezes versions, the
order and the option order). Afterwards every trainee must have exactly one attempt of
20 answers. The floor: as many other trainees POST ``/es/bench/orm-start/<twin quiz>/``,
which inserts the attempt and its 20 answers (the versions, points and option orders of
a real start) by the bare ORM, served by the same gunicorn; the two take turns in
``--rounds`` blocks of all the client threads. The target is judged on the starts' own
blocks; prints both, and the ratio.
"""

import sys

from floors import start_answers_environment
from quiz_bench import build_quiz, post_each, report, report_floor, setup, trainees


def main() -> int:
    args, env = setup(
        "start",
        counts={"starts": 2000},
        threads=8,
        note="migrating, building the quizzes and the trainees…",
    )
    from django.db.models import Count

    from assessments.models import Attempt
    from assessments.services import attempt_start

    quiz, twin = build_quiz(), build_quiz()
    people = trainees(quiz.course, args.starts)
    others = trainees(twin.course, args.starts + 1)
    # The bare start writes the rows a real start of the twin froze (one trainee's, unmeasured).
    sample, _ = attempt_start(quiz=twin, user=others.pop()[0], language="es")
    env = {**env, **start_answers_environment(sample)}
    results = post_each(
        env,
        args,
        {
            "start": [(s, f"/es/assessments/quizzes/{quiz.pk}/start/") for _u, s in people],
            "floor": [(s, f"/es/bench/orm-start/{twin.pk}/") for _u, s in others],
        },
    )
    latencies, failures, elapsed = results["start"]
    floor_latencies, floor_failures, floor_elapsed = results["floor"]
    ok = report("start", latencies, elapsed, target_p95_ms=300)
    report_floor(
        "start", (latencies, elapsed), "bare ORM inserts", (floor_latencies, floor_elapsed)
    )
    shapes = set(
        Attempt.objects.filter(quiz=quiz).annotate(n=Count("answers")).values_list("n", flat=True)
    )
    count = Attempt.objects.filter(quiz=quiz).count()
    floor_count = Attempt.objects.filter(quiz=twin).count() - 1
    print(
        f"errors: {len(failures)} (floor {len(floor_failures)})  attempts: {count} "
        f"(floor {floor_count})  answers per attempt: {sorted(shapes)}"
    )
    if failures or floor_failures:
        print("first error:", (failures or floor_failures)[0])
    passed = (
        ok
        and elapsed <= 60
        and not failures
        and not floor_failures
        and count == args.starts
        and floor_count == args.starts
        and shapes == {20}
    )
    print("PASS" if passed else "FAIL", "(target: 2,000 starts in ≤ 60 s, p95 ≤ 300 ms)")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
