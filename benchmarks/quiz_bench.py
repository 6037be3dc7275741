"""Shared set-up for the quiz benchmarks: a fresh database, a 20-item quiz, trainees with
sessions, and gunicorn on loopback (``Server``, which ``module_page.py`` uses too). Not a
benchmark by itself.

Each benchmark creates its own SQLite file (``--database``, default under /tmp), migrates it,
logs trainees in by creating real sessions, and drives real HTTP against gunicorn (2 sync
workers, production settings from ``benchmarks/settings.py``) with one keep-alive-free
``http.client`` connection per client thread. gunicorn serves ``benchmarks.floor_settings``:
the site plus the floors of ``benchmarks/floor_urls.py`` (the same rows written by the bare
ORM behind bare views), which each benchmark measures beside its endpoint in the same run,
the two alternating in ``--rounds`` blocks (``floors.alternate``), and prints the ratio.

Two sync workers, one per core of the reference machine, is also the fastest choice there
for SQLite: with the same autosave run, 3 workers gave 549 saves/s, 5 workers 452/s and
2 gthread workers of 2 threads 380/s, against 564/s for 2 sync workers (more processes
only add context switches and waits for SQLite's single write lock). ``--workers``
changes it. ``quiz_profile.py`` measures the same endpoints in-process.
"""

from __future__ import annotations

import argparse
import functools
import http.client
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from floors import FLOOR_SETTINGS, ROUNDS, against, alternate

ROOT = Path(__file__).resolve().parent.parent
TMP = Path(tempfile.gettempdir())
sys.path.insert(0, str(ROOT))


def configure(database: str, *, settings: str = "benchmarks.settings") -> dict[str, str]:
    """Environment shared by this process (set-up) and gunicorn (serving)."""
    env = {
        "DJANGO_SETTINGS_MODULE": settings,
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "benchmark-only-" + "x" * 40),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "WAGTAILADMIN_BASE_URL": os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1"),
        # A throw-away issuer key, made on first use (benchmarks/settings.py allows it).
        "PUENTE_ISSUER_KEY_FILE": str(TMP / "puente-bench-issuer-keys.json"),
        "DATABASE_URL": f"sqlite:///{database}",
    }
    os.environ.update(env)
    return {**os.environ, **env}


def prepare_database(database: str, *, fresh: bool = True):
    if fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(database + suffix).unlink(missing_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def setup(name: str, *, counts: dict[str, int], threads: int, note: str):
    """The options every quiz benchmark shares plus its own ``counts``; then a fresh,
    migrated database. Returns ``(args, env)``, ``env`` being gunicorn's environment (the
    site and its floors)."""
    parser = argparse.ArgumentParser()
    for option, default in counts.items():
        parser.add_argument(f"--{option}", type=int, default=default)
    parser.add_argument("--threads", type=int, default=threads)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="blocks of each side")
    parser.add_argument("--database", default=str(TMP / f"puente-bench-{name}.sqlite3"))
    args = parser.parse_args()
    env = configure(args.database, settings=FLOOR_SETTINGS)
    print(note, file=sys.stderr, flush=True)
    prepare_database(args.database)
    return args, env


def build_quiz(*, items: int = 20, shuffle: bool = True):
    """A course and a quiz of ``items`` items of every auto-graded type."""
    from tests.factories.assessments import CourseFactory, make_item, quiz_with

    kinds = [
        "single",
        "multiple",
        "true_false",
        "short",
        "numeric",
        "matching",
        "ordering",
        "situational",
    ]
    course = CourseFactory()
    built = [make_item(kinds[n % len(kinds)]) for n in range(items)]
    return quiz_with(
        built, course=course, shuffle_items=shuffle, shuffle_options=shuffle, layout="one"
    )


def trainees(course, count: int) -> list[tuple[object, str]]:
    """``count`` enrolled trainees with a logged-in session: ``[(user, session key), ...]``."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils.module_loading import import_string

    from accounts.models import User
    from courses.models import Enrollment

    # The first backend that can read a session's user (django-axes' comes first and cannot).
    backend = next(
        path
        for path in settings.AUTHENTICATION_BACKENDS
        if hasattr(import_string(path), "get_user")
    )
    tag = secrets.token_hex(3)
    users = User.objects.bulk_create(
        [
            User(
                email=f"bench-{tag}-{n}@puente.example",
                first_name="Bench",
                last_name=str(n),
                password="!unusable",  # noqa: S106 - an unusable hash, never a password
            )
            for n in range(count)
        ]
    )
    users = list(User.objects.filter(email__startswith=f"bench-{tag}-").order_by("pk"))
    Enrollment.objects.bulk_create([Enrollment(user=user, course=course) for user in users])
    result = []
    for user in users:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = backend
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        result.append((user, session.session_key))
    return result


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn serving the project on a free loopback port (a context manager)."""

    def __init__(self, env: dict[str, str], *, workers: int = 2):
        self.env, self.workers, self.port = env, workers, free_port()

    def __enter__(self):
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "cms.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
        )
        deadline = time.monotonic() + 180  # workers import the whole project before serving
        while time.monotonic() < deadline:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
                connection.request("GET", "/es/")
                connection.getresponse().read()
                connection.close()
                return self
            except OSError:
                time.sleep(0.5)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


CSRF = "b" * 32  # any 32-character secret; sent as cookie and header alike


class Client:
    """One trainee's HTTP client on loopback (session cookie, CSRF header)."""

    def __init__(self, port: int, session_key: str):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.headers = {
            "Cookie": f"sessionid={session_key}; csrftoken={CSRF}",
            "X-CSRFToken": CSRF,
            "Content-Type": "application/x-www-form-urlencoded",
        }

    def request(self, method: str, path: str, body: str = "") -> tuple[int, bytes, float]:
        started = time.perf_counter()
        self.connection.request(method, path, body=body or None, headers=self.headers)
        response = self.connection.getresponse()
        data = response.read()
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
        return response.status, data, time.perf_counter() - started


def run_threads(work, count: int) -> float:
    """Run ``work(index)`` for each index on ``count`` threads at once; the wall time taken."""
    threads = [threading.Thread(target=work, args=(index,)) for index in range(count)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def post_each(env, args, sides: dict[str, list[tuple[str, str]]]):
    """POST each ``(session key, path)`` of every side once against one gunicorn, shared out
    over ``args.threads`` client threads, the sides taking turns in ``args.rounds`` blocks so
    that each sees the same machine (the endpoint and its floor). Returns, for each side,
    ``(latencies, failures, wall time)``; a failure is any answer but a redirect."""
    results = {name: ([], [], threading.Lock()) for name in sides}

    def block(name: str, index: int):
        latencies, failures, lock = results[name]
        requests = sides[name][index :: args.rounds]

        def work(thread: int):
            local = []
            for session, path in requests[thread :: args.threads]:
                status, data, elapsed = Client(server.port, session).request("POST", path)
                local.append(elapsed)
                if status != 302:
                    failures.append((status, data[:200]))
            with lock:
                latencies.extend(local)

        run_threads(work, args.threads)

    with Server(env, workers=args.workers) as server:
        # Each worker routes and renders once before the clock starts (URLconf, templates),
        # so that a cold worker's first request is not the first side's alone.
        session = next(iter(sides.values()))[0][0]
        run_threads(
            lambda _t: Client(server.port, session).request("GET", "/es/"), args.workers * 2
        )
        walls = alternate(args.rounds, [functools.partial(block, name) for name in sides])
    return {
        name: (latencies, failures, wall)
        for (name, (latencies, failures, _lock)), wall in zip(results.items(), walls, strict=True)
    }


def report(
    name: str, latencies: list[float], elapsed: float, *, target_p95_ms: float | None = None
) -> bool:
    latencies = sorted(latencies)
    q = statistics.quantiles(latencies, n=100)
    p95 = q[94] * 1000
    print(
        f"{name}: {len(latencies)} requests in {elapsed:.2f}s = "
        f"{len(latencies) / elapsed:.0f}/s; latency ms p50={q[49] * 1000:.1f} "
        f"p95={p95:.1f} p99={q[98] * 1000:.1f} max={latencies[-1] * 1000:.1f}"
    )
    return target_p95_ms is None or p95 <= target_p95_ms


def report_floor(
    name: str,
    measured: tuple[list[float], float],
    floor_name: str,
    floor: tuple[list[float], float],
) -> None:
    """The floor's line as ``report`` prints the endpoint's, then the endpoint as a multiple
    of it: p50, p95 and the time per request (the floor's requests per second over the
    endpoint's). ``measured`` and ``floor`` are ``(latencies, wall seconds)``."""
    (latencies, elapsed), (floor_latencies, floor_elapsed) = measured, floor
    report(f"floor ({floor_name})", floor_latencies, floor_elapsed)
    q, fq = (statistics.quantiles(sorted(v), n=100) for v in (latencies, floor_latencies))
    per_request = against(elapsed / len(latencies), floor_elapsed / len(floor_latencies))
    print(
        f"{name} × floor: p50 {against(q[49], fq[49])}, p95 {against(q[94], fq[94])}, "
        f"time per request {per_request}"
    )
