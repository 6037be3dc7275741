"""Submitting and grading a 20-item attempt over HTTP (target: p95 ≤ 100 ms), beside its
floor: the same rows updated by the bare ORM behind a bare view.

    .venv/bin/python benchmarks/quiz_submit.py [--attempts 300] [--threads 4] [--rounds 10]

Set-up (not measured, service layer): each trainee starts an attempt and answers all 20
questions correctly, and as many other trainees do the same on a twin quiz. Measured: POST
``/es/assessments/attempts/<id>/submit/`` (grade every answer, totals, pass/fail, one
transaction), and for the floor POST ``/es/bench/orm-submit/<twin attempt>/`` (every
answer's grade in one UPDATE and the attempt's totals, by the bare ORM), served by the same
gunicorn, the two taking turns in ``--rounds`` blocks. Afterwards every attempt must be
graded 100 %. Prints both, and the ratio.
"""

import sys

from quiz_bench import build_quiz, post_each, report, report_floor, setup, trainees


def main() -> int:
    args, env = setup(
        "submit",
        counts={"attempts": 300},
        threads=4,
        note="migrating and preparing answered attempts…",
    )
    from assessments.item_types import correct_response
    from assessments.models import Attempt
    from assessments.services import attempt_answers_save, attempt_start

    def answered(quiz):
        """Each trainee's attempt of ``quiz``, every answer right: ``[(attempt, session)]``."""
        prepared = []
        for user, session in trainees(quiz.course, args.attempts):
            attempt, _ = attempt_start(quiz=quiz, user=user, language="es")
            answers = {}
            for answer in attempt.answers.select_related("item_version"):
                response = correct_response(answer.content)
                if isinstance(response, bool):
                    response = "true" if response else "false"
                answers[answer.position] = (response, 1)
            attempt_answers_save(
                public_id=attempt.public_id, user=user, answers=answers, language="es"
            )
            prepared.append((attempt, session))
        return prepared

    quiz, twin = build_quiz(), build_quiz()
    prepared, others = answered(quiz), answered(twin)
    results = post_each(
        env,
        args,
        {
            "submit": [
                (session, f"/es/assessments/attempts/{attempt.public_id}/submit/")
                for attempt, session in prepared
            ],
            "floor": [
                (session, f"/es/bench/orm-submit/{attempt.pk}/") for attempt, session in others
            ],
        },
    )
    latencies, failures, elapsed = results["submit"]
    floor_latencies, floor_failures, floor_elapsed = results["floor"]
    ok = report("submit", latencies, elapsed, target_p95_ms=100)
    report_floor(
        "submit", (latencies, elapsed), "bare ORM updates", (floor_latencies, floor_elapsed)
    )
    graded = Attempt.objects.filter(quiz=quiz, status="graded", score=100).count()
    floor_graded = Attempt.objects.filter(quiz=twin, status="graded", score=100).count()
    print(
        f"errors: {len(failures)} (floor {len(floor_failures)})  graded at 100 %: {graded} "
        f"of {len(prepared)} (floor {floor_graded} of {len(others)})"
    )
    if failures or floor_failures:
        print("first error:", (failures or floor_failures)[0])
    passed = (
        ok
        and not failures
        and not floor_failures
        and graded == len(prepared)
        and floor_graded == len(others)
    )
    print("PASS" if passed else "FAIL", "(target p95 ≤ 100 ms)")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
