"""Starting attempts over HTTP (target: 2,000 starts within 60 s, p95 ≤ 300 ms).

    .venv/bin/python benchmarks/quiz_start.py [--starts 2000] [--threads 8]

Each of ``--starts`` enrolled trainees POSTs ``/es/assessments/quizzes/<id>/start/`` once
(a 20-item quiz with shuffled items and options, so every start freezes versions, the
order and the option order). Afterwards every trainee must have exactly one attempt of
20 answers.
"""

import sys

from quiz_bench import build_quiz, post_each, report, setup, trainees


def main() -> int:
    args, env = setup(
        "start",
        counts={"starts": 2000},
        threads=8,
        note="migrating, building the quiz and the trainees…",
    )
    from django.db.models import Count

    from assessments.models import Attempt

    quiz = build_quiz()
    people = trainees(quiz.course, args.starts)
    latencies, failures, elapsed = post_each(
        env,
        args,
        [(session, f"/es/assessments/quizzes/{quiz.pk}/start/") for _user, session in people],
    )
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
