"""Autosave throughput over HTTP (target: ≥ 500 saves/s on 2 cores with SQLite, p95 ≤ 50 ms,
no lost answer).

    .venv/bin/python benchmarks/quiz_autosave.py [--trainees 40] [--saves 6000] [--threads 8]

Starts one attempt per trainee (service layer: set-up, not measured), then ``--threads``
client threads POST ``/es/assessments/attempts/<id>/autosave/`` as fast as gunicorn answers,
each save with the next sequence number for its question. Afterwards every stored answer
must be the last one sent (response and sequence): a lost or reordered save fails the run.
"""

import random
import sys
import threading
from urllib.parse import urlencode

from quiz_bench import (
    ROOT,
    Client,
    Server,
    build_quiz,
    report,
    run_threads,
    setup,
    trainees,
)


def main() -> int:
    args, env = setup(
        "autosave",
        counts={"trainees": 40, "saves": 6000},
        threads=8,
        note="migrating and building the quiz…",
    )
    from assessments.models import Answer
    from assessments.services import attempt_start

    quiz = build_quiz()
    people = trainees(quiz.course, args.trainees)
    attempts = []
    for user, session in people:
        attempt, _ = attempt_start(quiz=quiz, user=user, language="es")
        keys = {a.position: a.option_order for a in attempt.answers.all()}
        kinds = {a.position: a.kind for a in attempt.answers.select_related("item_version")}
        attempts.append((attempt.public_id, session, keys, kinds))
    # Only single, true/false and numeric positions: each save sends a different value.
    last: dict[tuple[str, int], tuple[str, int]] = {}
    latencies, failures, lock = [], [], threading.Lock()
    per_thread = args.saves // args.threads

    def value(kind, keys, n):
        if kind == "numeric":
            return f"{n % 50},{n % 10}"
        if kind == "true_false":
            return "true" if n % 2 else "false"
        return keys[n % len(keys)]

    def work(index: int):
        rng = random.Random(index)  # noqa: S311 - load generation, not security
        mine = attempts[index :: args.threads]
        clients = {public_id: Client(server.port, session) for public_id, session, *_ in mine}
        sequences: dict[tuple[str, int], int] = {}
        local, local_last = [], {}
        for n in range(per_thread):
            public_id, _session, keys, kinds = rng.choice(mine)
            position = rng.choice(
                [p for p, k in kinds.items() if k in ("single", "true_false", "numeric")]
            )
            sequence = sequences.get((public_id, position), 0) + 1
            sequences[(public_id, position)] = sequence
            answer = value(kinds[position], keys[position], n)
            body = urlencode({"position": position, "seq": sequence, f"q{position}": answer})
            status, data, elapsed = clients[public_id].request(
                "POST", f"/es/assessments/attempts/{public_id}/autosave/", body
            )
            local.append(elapsed)
            if status != 200:
                failures.append((status, data[:200]))
                continue
            local_last[(public_id, position)] = (answer, sequence)
        with lock:
            latencies.extend(local)
            last.update(local_last)

    with Server(env, workers=args.workers) as server:
        # Warm up each worker (imports, template and URL caches).
        public_id, session, keys, kinds = attempts[0]
        warm = Client(server.port, session)
        for _ in range(20):
            warm.request("GET", f"/es/assessments/attempts/{public_id}/page/1/")
        elapsed = run_threads(work, args.threads)
    ok = report("autosave", latencies, elapsed, target_p95_ms=50)
    rate = len(latencies) / elapsed
    stored = {
        (a.attempt.public_id, a.position): (a.response, a.sequence)
        for a in Answer.objects.filter(attempt__quiz=quiz).select_related("attempt")
    }
    lost = 0
    for key, (answer, sequence) in last.items():
        response, stored_sequence = stored[key]
        expected = {"true": True, "false": False}.get(answer, answer)
        if stored_sequence != sequence or response != expected:
            lost += 1
    print(f"errors: {len(failures)}  lost or stale answers: {lost} of {len(last)} checked")
    if failures:
        print("first error:", failures[0])
    passed = ok and rate >= 500 and not failures and not lost
    print("PASS" if passed else "FAIL", f"(target ≥ 500 saves/s, p95 ≤ 50 ms; root {ROOT})")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
