"""Item types as plugins: one module per type, this registry the one place that knows the set.

Each module of this package defines an ``ItemType`` (see ``base``) that owns everything that
differs between kinds of question: its answer-key checks, how a response is read from the
form and normalised, how it is graded, which texts a trainee must read in each language,
the display data and the template. Everything else (``Item.Kind``, the admin form's checks,
freezing, attempts, the quiz pages, the preview) asks this registry, never ``if kind == …``.

Adding a type: a module here defining ``ITEM_TYPE`` (found when this package is imported,
listed by its ``position``), its template ``assessments/items/types/<kind>.html`` and its
tests. ``Item.kind`` takes its choices from ``choices`` (a callable, so no migration). A
type whose answer key needs new columns on ``Item`` also needs those fields, their
migration and their admin panel.
"""

from __future__ import annotations

import pkgutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from decimal import Decimal
from importlib import import_module
from typing import Any

from ..portable import PortableItem
from ..scoring.items import InvalidResponse
from .base import ANSWER_MAX_LENGTH, ItemType

KIND_MAX_LENGTH = 12  # Item.kind's max_length

_registry: dict[str, ItemType] = {}


def register(item_type: ItemType) -> ItemType:
    """Make ``item_type`` known; its ``kind`` must be new and fit ``Item.kind``."""
    kind = item_type.kind
    if not kind or len(kind) > KIND_MAX_LENGTH:
        raise ValueError(f"An item type needs a kind of 1 to {KIND_MAX_LENGTH} characters.")
    if kind in _registry:
        raise ValueError(f"The item type {kind!r} is already registered.")
    _registry[kind] = item_type
    return item_type


def unregister(kind: str) -> None:
    _registry.pop(kind, None)


@contextmanager
def registered(item_type: ItemType) -> Iterator[ItemType]:
    """``item_type`` registered for the duration of a ``with`` block (tests)."""
    register(item_type)
    try:
        yield item_type
    finally:
        unregister(item_type.kind)


def get(kind: str) -> ItemType:
    """The registered type of ``kind``; ``LookupError`` when there is none."""
    try:
        return _registry[kind]
    except KeyError:
        raise LookupError(f"Unknown item type {kind!r}.") from None


def all() -> list[ItemType]:  # noqa: A001 - the registry's own vocabulary: item_types.all()
    """Every registered type: the built-ins by ``position`` (as authors see them), then any
    registered later."""
    return list(_registry.values())


def choices() -> list[tuple[str, Any]]:
    """``(kind, label)`` pairs for a choices field."""
    return [(item_type.kind, item_type.label) for item_type in _registry.values()]


# --- dispatch on frozen content --------------------------------------------------------


def _is_empty(value) -> bool:
    return value is None or value in ("", [], {})


def grade(content: Mapping, response) -> float | None:
    """Fraction earned by ``response`` on frozen ``content``; ``None`` while it waits for a
    human (an essay). Not answered earns 0, an empty essay included."""
    if _is_empty(response):
        return 0.0
    try:
        item_type = get(content["kind"])
    except LookupError:
        return None  # a type no longer installed: leave it to a human
    return item_type.grade(content, response)


def normalize_response(content: Mapping, raw):
    """The response to store for ``raw`` (``None``: not answered); ``InvalidResponse`` when
    it cannot belong to the item."""
    if _is_empty(raw):
        return None
    try:
        item_type = get(content["kind"])
    except LookupError:
        raise InvalidResponse("kind") from None
    return item_type.normalize(content, raw)


def correct_response(content: Mapping):
    """The response that earns full marks; ``None`` for a type graded by hand."""
    return get(content["kind"]).correct_response(content)


# --- exchange formats ------------------------------------------------------------------


def to_portable(content: Mapping, language: str) -> PortableItem | None:
    """Frozen ``content`` in ``language`` as exchange formats describe it; ``None`` when its
    type cannot be exchanged. Texts are the language's own (empty when not translated)."""

    def text(values: Mapping[str, str] | None) -> str:
        return (values or {}).get(language, "")

    item_type = get(content["kind"])
    portable = item_type.to_portable(content, text=text)
    if portable is None:
        return None
    portable.kind = item_type.kind
    portable.stem = text(content["stem"])
    portable.general_feedback = text(content["explanation"])
    portable.model_answer = text(content.get("model_answer"))
    portable.points = Decimal(content["points"])
    return portable


def from_portable(portable: PortableItem) -> tuple[ItemType, dict] | None:
    """The type that claims ``portable`` (the one it names first, then by position) and the
    answer part of its content; ``None`` when no type does."""
    named = _registry.get(portable.kind)
    for item_type in [named, *_registry.values()] if named else _registry.values():
        answer = item_type.from_portable(portable)
        if answer is not None:
            return item_type, answer
    return None


def _discover() -> None:
    """Register the ``ITEM_TYPE`` of every module of this package, by ``position``."""
    found = []
    for module in pkgutil.iter_modules(__path__):
        if module.name.startswith("_") or module.name == "base":
            continue
        item_type = getattr(import_module(f"{__name__}.{module.name}"), "ITEM_TYPE", None)
        if item_type is not None:
            found.append(item_type)
    for item_type in sorted(found, key=lambda item_type: (item_type.position, item_type.kind)):
        register(item_type)


_discover()

__all__ = [
    "ANSWER_MAX_LENGTH",
    "InvalidResponse",
    "ItemType",
    "all",
    "choices",
    "correct_response",
    "from_portable",
    "get",
    "grade",
    "normalize_response",
    "register",
    "registered",
    "to_portable",
    "unregister",
]
