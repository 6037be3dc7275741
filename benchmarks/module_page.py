"""Serve a demo module page with gunicorn and measure it under a fixed request rate, beside
its floor: a bare Wagtail page served by the same gunicorn at the same rate.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python benchmarks/module_page.py

Migrates and seeds the demo into the given database (idempotent), adds the bare page (core
``Page`` with a one-line template, ``floors.bare_page``), starts gunicorn with 2 sync
workers on a free loopback port (``benchmarks.floor_settings``), and sends ``--rate``
requests per second (open loop, bounded, loopback only), the module page and the bare page
taking turns of ``--turn`` seconds for ``--seconds`` seconds each (a turn ends when its last
answer is in: a backlog never spills into the other page's turn). Before that, one client
fetches ``--serial`` pairs, request for request interleaved: each page's own time and the
ratio without the queue a fixed rate builds on a busy machine. Prints requests/s and
p50/p95/p99 latency of both and the ratio. Target: p95 ≤ 50 ms at 100 requests/s uncached
on 2 cores: every request routes and renders the page from the database (no page or fragment
cache). The load generator shares the 2 cores, so it is kept lean: one ``http.client``
request per connection (gunicorn's sync workers close it anyway), no urllib. Exits non-zero
when the target is missed or a request fails.
"""

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from floors import FLOOR_SETTINGS, against, alternate, bare_page, percentiles
from quiz_bench import ROOT, TMP, Server

PATH = "/es/cursos/calidad-linea-ensamble/par-de-apriete/"
TARGET_RATE = 100
TARGET_P95_MS = 50.0


def fetch(port: int, path: str = PATH) -> float:
    start = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"HTTP {response.status}")
    finally:
        connection.close()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=int, default=TARGET_RATE)
    parser.add_argument("--seconds", type=int, default=10, help="of each page")
    parser.add_argument("--turn", type=int, default=5, help="seconds of one page at a time")
    parser.add_argument("--serial", type=int, default=100, help="pairs fetched by one client")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    python = sys.executable
    print("migrating and seeding the demo…", file=sys.stderr, flush=True)
    for command in (["migrate", "-v0"], ["seed_demo", "--force"]):
        subprocess.run(
            [python, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    serving = {
        # Production settings (DEBUG off, cached templates; benchmarks/settings.py serves
        # static files without a manifest) with the floors, minus the HTTPS redirect because
        # the benchmark speaks plain HTTP on loopback.
        **env,
        "DJANGO_SETTINGS_MODULE": FLOOR_SETTINGS,
        "DJANGO_SECRET_KEY": env.get("DJANGO_SECRET_KEY", "benchmark-only-" + "x" * 40),
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": env.get("DATABASE_URL", f"sqlite:///{ROOT / 'db.sqlite3'}"),
        "WAGTAILADMIN_BASE_URL": env.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1"),
        # A throw-away issuer key, made on first use (benchmarks/settings.py allows it).
        "PUENTE_ISSUER_KEY_FILE": str(TMP / "puente-bench-issuer-keys.json"),
        # The target is for the page rendered in full: no fragment cache (cms.fragments).
        "PUENTE_BENCH_NO_FRAGMENT_CACHE": "1",
    }
    os.environ.update(serving)
    import django

    django.setup()
    from django.db import connection

    bare = bare_page().url
    connection.close()  # not held open while gunicorn serves
    sides = {PATH: [], bare: []}
    errors = dict.fromkeys(sides, 0)
    with Server(serving, workers=args.workers) as server:
        port = server.port
        print(f"serving http://127.0.0.1:{port}{PATH}; warming up…", file=sys.stderr, flush=True)
        for _warm in range(20):
            fetch(port)
            fetch(port, bare)
        # One client, request for request interleaved: each page's own time, without the
        # queue a fixed rate builds on a busy machine.
        serial = {PATH: [], bare: []}
        for _pair in range(args.serial):
            for path in serial:
                serial[path].append(fetch(port, path))
        walls = dict.fromkeys(sides, 0.0)

        def turn(path: str) -> None:
            """``--turn`` seconds of ``path`` at ``--rate`` (open loop), then until every
            answer is in: a backlog never spills into the other page's turn."""
            started = time.perf_counter()
            with ThreadPoolExecutor(max_workers=64) as pool:
                futures = []
                for n in range(args.rate * args.turn):
                    delay = started + n / args.rate - time.perf_counter()
                    if delay > 0:
                        time.sleep(delay)
                    futures.append(pool.submit(fetch, port, path))
                for future in futures:
                    try:
                        sides[path].append(future.result())
                    except Exception:  # noqa: BLE001 — counted and reported
                        errors[path] += 1

        walls[PATH], walls[bare] = alternate(
            max(1, args.seconds // args.turn), [lambda _n: turn(PATH), lambda _n: turn(bare)]
        )
    q = {path: statistics.quantiles(sorted(latencies), n=100) for path, latencies in sides.items()}
    print(
        f"{PATH}  workers={args.workers}  offered={args.rate}/s for {args.seconds}s, "
        f"in turns of {args.turn}s with the bare page {bare}"
    )
    for name, path in (("module page", PATH), ("floor (bare Wagtail page)", bare)):
        print(
            f"{name}: {len(sides[path])} ok, {errors[path]} errors, "
            f"{len(sides[path]) / walls[path]:.1f} req/s; latency ms p50={q[path][49] * 1000:.1f}"
            f"  p95={q[path][94] * 1000:.1f}  p99={q[path][98] * 1000:.1f}"
        )
    print(
        f"module page × floor: p50 {against(q[PATH][49], q[bare][49])}, "
        f"p95 {against(q[PATH][94], q[bare][94])}"
    )
    (one, one95), (floor, floor95) = (percentiles(serial[path]) for path in (PATH, bare))
    print(
        f"one client, {args.serial} of each interleaved: module page p50={one * 1000:.1f} "
        f"p95={one95 * 1000:.1f} ms, floor p50={floor * 1000:.1f} p95={floor95 * 1000:.1f} ms; "
        f"× floor: p50 {against(one, floor)}, p95 {against(one95, floor95)}"
    )
    met = (
        args.rate >= TARGET_RATE
        and q[PATH][94] * 1000 <= TARGET_P95_MS
        and not any(errors.values())
    )
    print(
        f"target p95 ≤ {TARGET_P95_MS:.0f} ms at {TARGET_RATE} req/s: "
        + ("met" if met else "MISSED")
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
