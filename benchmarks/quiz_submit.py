"""Submitting and grading a 20-item attempt over HTTP (target: p95 ≤ 100 ms).

    .venv/bin/python benchmarks/quiz_submit.py [--attempts 300] [--threads 4]

Set-up (not measured, service layer): each trainee starts an attempt and answers all 20
questions correctly. Measured: POST ``/es/assessments/attempts/<id>/submit/`` (grade every
answer, totals, pass/fail, one transaction). Afterwards every attempt must be graded 100 %.
"""

import sys

from quiz_bench import build_quiz, post_each, report, setup, trainees


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

    quiz = build_quiz()
    prepared = []
    for user, session in trainees(quiz.course, args.attempts):
        attempt, _ = attempt_start(quiz=quiz, user=user, language="es")
        answers = {}
        for answer in attempt.answers.select_related("item_version"):
            response = correct_response(answer.content)
            if isinstance(response, bool):
                response = "true" if response else "false"
            answers[answer.position] = (response, 1)
        attempt_answers_save(public_id=attempt.public_id, user=user, answers=answers, language="es")
        prepared.append((attempt.public_id, session))
    latencies, failures, elapsed = post_each(
        env,
        args,
        [
            (session, f"/es/assessments/attempts/{public_id}/submit/")
            for public_id, session in prepared
        ],
    )
    ok = report("submit", latencies, elapsed, target_p95_ms=100)
    graded = Attempt.objects.filter(quiz=quiz, status="graded", score=100).count()
    print(f"errors: {len(failures)}  graded at 100 %: {graded} of {len(prepared)}")
    passed = ok and not failures and graded == len(prepared)
    print("PASS" if passed else "FAIL", "(target p95 ≤ 100 ms)")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
