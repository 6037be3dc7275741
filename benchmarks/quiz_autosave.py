"""Autosave throughput over HTTP (target: ≥ 500 saves/s on 2 cores with SQLite, p95 ≤ 50 ms,
no lost answer), beside its floor: the same UPDATE by the bare ORM behind a bare view.

    .venv/bin/python benchmarks/quiz_autosave.py [--trainees 40] [--saves 6000] [--threads 8]
        [--rounds 10]

Starts one attempt per trainee (service layer: set-up, not measured), then ``--threads``
client threads POST ``/es/assessments/attempts/<id>/autosave/`` as fast as gunicorn answers,
each save with the next sequence number for its question. Afterwards every stored answer
must be the last one sent (response and sequence): a lost or reordered save fails the run.

The floor: as many trainees of a twin quiz POST ``/es/bench/orm-autosave/<answer id>/`` with
the same values (one UPDATE of the answer's response, sequence and time by the bare ORM),
served by the same gunicorn; the saves and the floor take turns in ``--rounds`` blocks of all
the client threads (the target is judged on the saves' own blocks). Prints both, and the
ratio.
"""

import random
import sys
import threading
from urllib.parse import urlencode

from floors import alternate
from quiz_bench import (
    ROOT,
    Client,
    Server,
    build_quiz,
    report,
    report_floor,
    run_threads,
    setup,
    trainees,
)


def main() -> int:
    args, env = setup(
        "autosave",
        counts={"trainees": 40, "saves": 6000},
        threads=8,
        note="migrating and building the quizzes…",
    )
    from assessments.models import Answer
    from assessments.services import attempt_start

    def started(quiz):
        """One attempt per trainee: ``[(public id, session, option orders, kinds, answer
        ids)]``, each of the last three by position."""
        attempts = []
        for user, session in trainees(quiz.course, args.trainees):
            attempt, _ = attempt_start(quiz=quiz, user=user, language="es")
            answers = list(attempt.answers.select_related("item_version"))
            keys = {a.position: a.option_order for a in answers}
            kinds = {a.position: a.kind for a in answers}
            ids = {a.position: a.pk for a in answers}
            attempts.append((attempt.public_id, session, keys, kinds, ids))
        return attempts

    quiz, twin = build_quiz(), build_quiz()
    attempts, twins = started(quiz), started(twin)
    # Only single, true/false and numeric positions: each save sends a different value.
    last: dict[tuple[str, int], tuple[str, int]] = {}
    latencies, failures, lock = [], [], threading.Lock()
    floor_latencies, floor_failures = [], []
    per_block = args.saves // args.threads // args.rounds
    rngs = [random.Random(index) for index in range(args.threads)]  # noqa: S311 - load only
    sequences: dict[tuple[str, int], int] = {}  # each key belongs to one thread

    def value(kind, keys, n):
        if kind == "numeric":
            return f"{n % 50},{n % 10}"
        if kind == "true_false":
            return "true" if n % 2 else "false"
        return keys[n % len(keys)]

    def choose(rng, mine):
        public_id, session, keys, kinds, ids = rng.choice(mine)
        position = rng.choice(
            [p for p, k in kinds.items() if k in ("single", "true_false", "numeric")]
        )
        return public_id, session, keys, kinds, ids, position

    def work(index: int):
        rng = rngs[index]
        mine = attempts[index :: args.threads]
        clients = {public_id: Client(server.port, session) for public_id, session, *_ in mine}
        local, local_last = [], {}
        for n in range(per_block):
            public_id, _session, keys, kinds, _ids, position = choose(rng, mine)
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

    def floor_work(index: int):
        """The same single UPDATE of one answer, by the bare ORM behind a bare view."""
        rng = rngs[index]
        mine = twins[index :: args.threads]
        clients = {public_id: Client(server.port, session) for public_id, session, *_ in mine}
        local = []
        for n in range(per_block):
            public_id, _session, keys, kinds, ids, position = choose(rng, mine)
            body = urlencode({"q": value(kinds[position], keys[position], n)})
            status, data, elapsed = clients[public_id].request(
                "POST", f"/es/bench/orm-autosave/{ids[position]}/", body
            )
            local.append(elapsed)
            if status != 200:
                floor_failures.append((status, data[:200]))
        with lock:
            floor_latencies.extend(local)

    with Server(env, workers=args.workers) as server:
        # Warm up each worker (imports, template and URL caches).
        public_id, session, *_ = attempts[0]
        warm = Client(server.port, session)
        for _ in range(20):
            warm.request("GET", f"/es/assessments/attempts/{public_id}/page/1/")
        elapsed, floor_elapsed = alternate(
            args.rounds,
            [
                lambda _round: run_threads(work, args.threads),
                lambda _round: run_threads(floor_work, args.threads),
            ],
        )
    ok = report("autosave", latencies, elapsed, target_p95_ms=50)
    report_floor(
        "autosave", (latencies, elapsed), "bare ORM update", (floor_latencies, floor_elapsed)
    )
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
    print(
        f"errors: {len(failures)} (floor {len(floor_failures)})  lost or stale answers: "
        f"{lost} of {len(last)} checked"
    )
    if failures or floor_failures:
        print("first error:", (failures or floor_failures)[0])
    passed = ok and rate >= 500 and not failures and not floor_failures and not lost
    print("PASS" if passed else "FAIL", f"(target ≥ 500 saves/s, p95 ≤ 50 ms; root {ROOT})")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
