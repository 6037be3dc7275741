"""Serve a demo module page with gunicorn and measure it under a fixed request rate.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python benchmarks/module_page.py

Migrates and seeds the demo into the given database (idempotent), starts gunicorn with
2 sync workers on a free loopback port, sends ``--rate`` requests per second for
``--seconds`` seconds (open loop, bounded: at most rate × seconds requests, loopback only)
and prints requests/s and p50/p95/p99 latency. Target: p95 ≤ 50 ms at 100 requests/s
uncached on 2 cores: every request routes and renders the page from the database (no page
or fragment cache). The load generator shares the 2 cores, so it is kept lean: one
``http.client`` request per connection (gunicorn's sync workers close it anyway), no urllib.
Exits non-zero when the target is missed or a request fails.
"""

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from quiz_bench import ROOT, Server

PATH = "/es/cursos/calidad-linea-ensamble/par-de-apriete/"
TARGET_RATE = 100
TARGET_P95_MS = 50.0


def fetch(port: int) -> float:
    start = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", PATH)
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
    parser.add_argument("--seconds", type=int, default=10)
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
        # static files without a manifest), minus the HTTPS redirect because the benchmark
        # speaks plain HTTP on loopback.
        **env,
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "DJANGO_SECRET_KEY": env.get("DJANGO_SECRET_KEY", "benchmark-only-" + "x" * 40),
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": env.get("DATABASE_URL", f"sqlite:///{ROOT / 'db.sqlite3'}"),
    }
    with Server(serving, workers=args.workers) as server:
        port = server.port
        print(f"serving http://127.0.0.1:{port}{PATH}; warming up…", file=sys.stderr, flush=True)
        for _warm in range(20):
            fetch(port)
        total = args.rate * args.seconds
        latencies, errors = [], 0
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=64) as pool:
            futures = []
            for n in range(total):
                delay = started + n / args.rate - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
                futures.append(pool.submit(fetch, port))
            for future in futures:
                try:
                    latencies.append(future.result())
                except Exception:  # noqa: BLE001 — counted and reported
                    errors += 1
        elapsed = time.perf_counter() - started
    latencies.sort()
    q = statistics.quantiles(latencies, n=100)
    print(f"{PATH}  workers={args.workers}  offered={args.rate}/s for {args.seconds}s")
    print(f"requests: {len(latencies)} ok, {errors} errors, {len(latencies) / elapsed:.1f} req/s")
    print(f"latency ms: p50={q[49] * 1000:.1f}  p95={q[94] * 1000:.1f}  p99={q[98] * 1000:.1f}")
    met = args.rate >= TARGET_RATE and q[94] * 1000 <= TARGET_P95_MS and errors == 0
    print(
        f"target p95 ≤ {TARGET_P95_MS:.0f} ms at {TARGET_RATE} req/s: "
        + ("met" if met else "MISSED")
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
