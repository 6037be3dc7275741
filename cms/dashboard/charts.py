"""Geometry of the dashboards' SVG charts: plain values in, plain values out (no ORM).

Every chart also says its numbers in words (the templates print them beside the picture
and in the SVG's ``<title>``), so the picture is never the only way to read it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

RING_RADIUS = 40
RING_CIRCUMFERENCE = 2 * math.pi * RING_RADIUS


def percent(part: int, whole: int) -> int:
    """``part`` of ``whole`` as a whole percentage, rounded down (0 of 0 is 0 %): a learner
    with 99.6 % done is not told 100 %."""
    if whole <= 0:
        return 0
    return max(0, min(100, (100 * part) // whole))


@dataclass(frozen=True)
class Ring:
    """A progress ring: ``done`` of ``total`` as the stroke of a circle of radius 40."""

    done: int
    total: int

    @property
    def percent(self) -> int:
        return percent(self.done, self.total)

    @property
    def dash(self) -> str:
        """``stroke-dasharray`` drawing the done share of the circumference."""
        filled = RING_CIRCUMFERENCE * self.percent / 100
        return f"{filled:.2f} {RING_CIRCUMFERENCE - filled:.2f}"

    @property
    def circumference(self) -> str:
        return f"{RING_CIRCUMFERENCE:.2f}"


@dataclass(frozen=True)
class Segment:
    """One part of a stacked bar: ``value`` items of a ``band`` (a CSS class suffix), named
    ``label`` (empty: the template names the band, as the heatmap's legend does)."""

    band: str
    label: str
    value: int
    start: float  # percentage of the bar's width where it begins
    width: float  # percentage of the bar's width it covers


def stack(parts: list[tuple[str, str, int]]) -> list[Segment]:
    """A 100 % stacked bar of ``(band, label, value)`` parts; empty parts take no room."""
    total = sum(value for _band, _label, value in parts)
    segments, start = [], 0.0
    for band, label, value in parts:
        width = 100 * value / total if total else 0.0
        segments.append(Segment(band, label, value, round(start, 3), round(width, 3)))
        start += width
    return segments
