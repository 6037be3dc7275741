"""The floors the benchmarks measure beside their own figures, in the same run, and the ratio.
Not a benchmark by itself.

A floor is the least the stack does for the same work: a bare Wagtail page (core ``Page``,
one-line template) for a page, the same rows written by the bare ORM behind bare views
(``benchmarks/floor_urls.py``, served with ``benchmarks.floor_settings``) for a write, a bare
one-line WeasyPrint page for a PDF. Absolute figures move with the machine and its load; the
ratio to a floor measured beside them moves much less.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable, Sequence

#: Settings that serve the site plus the floors (``DJANGO_SETTINGS_MODULE``).
FLOOR_SETTINGS = "benchmarks.floor_settings"
#: Blocks each side of an alternated measurement is cut into (``alternate``).
ROUNDS = 10


def bare_page():
    """The bare Wagtail page under the Spanish home (core ``Page``, the one-line template of
    ``benchmarks/templates``), created and published on first use."""
    from wagtail.models import Locale, Page

    home = Page.objects.get(depth=2, locale=Locale.objects.get(language_code="es")).specific
    bare = home.get_children().filter(slug="bench-bare").first()
    if bare is None:
        bare = home.add_child(instance=Page(title="Página mínima", slug="bench-bare"))
        bare.save_revision().publish()
    return bare


def start_answers(attempt) -> list[tuple[int, object, list]]:
    """What the bare start copies into each attempt, from a real attempt of the same quiz:
    its frozen item versions, points and option orders (``floor_urls.START_ANSWERS``)."""
    answers = attempt.answers.order_by("position")
    return [(a.item_version_id, a.max_points, a.option_order) for a in answers]


def start_answers_environment(attempt) -> dict[str, str]:
    """``start_answers`` as the environment that hands it to gunicorn's workers."""
    from benchmarks.floor_urls import START_ANSWERS_ENV

    rows = [(version, str(points), order) for version, points, order in start_answers(attempt)]
    return {START_ANSWERS_ENV: json.dumps(rows)}


def alternate(rounds: int, sides: Sequence[Callable[[int], None]]) -> list[float]:
    """Run ``side(round)`` for each side in turn, ``rounds`` times over, so that every side
    sees the same machine through the run; the wall seconds each side took in all."""
    walls = [0.0] * len(sides)
    for index in range(rounds):
        for side, run in enumerate(sides):
            started = time.perf_counter()
            run(index)
            walls[side] += time.perf_counter() - started
    return walls


def percentiles(values: Sequence[float]) -> tuple[float, float]:
    """p50 and p95 of ``values``."""
    q = statistics.quantiles(sorted(values), n=100)
    return q[49], q[94]


def weasyprint_floor(runs: int = 30) -> tuple[list[float], float]:
    """Wall milliseconds of each bare WeasyPrint render of a one-line page (the system's
    fonts; one render first, unmeasured) and the mean processor milliseconds of one."""
    from certificates.weasyprint_import import HTML  # as the renderer imports it

    HTML(string="<p>Puente</p>").write_pdf()
    timings = []
    cpu_start = time.process_time()
    for _ in range(runs):
        start = time.perf_counter()
        HTML(string="<p>Puente</p>").write_pdf()
        timings.append((time.perf_counter() - start) * 1000)
    return timings, (time.process_time() - cpu_start) / runs * 1000


def against(figure: float, floor: float) -> str:
    """``figure`` as a multiple of ``floor``: ``2.31×``."""
    return f"{figure / floor:.2f}×" if floor else "—"
