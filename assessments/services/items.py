"""Writes for the item bank: freezing item content into immutable versions.

``item_content`` and ``item_problems`` live in ``assessments.content`` (below the models,
which need them too) and are re-exported here for the admin and other callers.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping

from django.db import IntegrityError, models, transaction

from ..content import (
    LANGUAGES,
    PREFETCHED_CRITERIA,
    PREFETCHED_OPTIONS,
    item_content,
    item_problems,
    missing_languages,
)
from ..models import Item, ItemVersion


def _digest(content: dict) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def items_for_content() -> models.QuerySet[Item]:
    """Items with what ``item_content`` reads prefetched into plain lists (``to_attr``):
    a prefetch into the relations' managers builds two querysets per item, which cost more
    than the three queries themselves on a 20-item quiz start."""
    return Item.objects.prefetch_related(
        models.Prefetch("options", to_attr=PREFETCHED_OPTIONS),
        models.Prefetch("criteria", to_attr=PREFETCHED_CRITERIA),
    )


def item_versions_for(*, items: Iterable[Item]) -> dict[int, ItemVersion]:
    """The immutable version of each item's current content, created when it is new.

    ``items`` should come from ``items_for_content()`` (options and criteria prefetched).
    Editing an item therefore never changes a version an attempt already points at.
    """
    return item_versions_for_contents(contents={item.pk: item_content(item) for item in items})


def item_versions_for_contents(*, contents: Mapping[int, dict]) -> dict[int, ItemVersion]:
    """``item_versions_for`` given each item's current content (``item_content``), by item
    id: one query when every version exists; a new version is created in its own
    transaction (versions are immutable, so one left unused by a failed start is harmless).
    """
    digests = {pk: _digest(content) for pk, content in contents.items()}
    found = {}
    # A version with the item's digest holds exactly ``contents[pk]``: it is not read back.
    for version in ItemVersion.objects.filter(
        item_id__in=contents, digest__in=set(digests.values())
    ).defer("content"):
        if digests[version.item_id] == version.digest:
            version.content = contents[version.item_id]
            found[version.item_id] = version
    for pk, content in contents.items():
        if pk in found:
            continue
        latest = ItemVersion.objects.filter(item_id=pk).aggregate(n=models.Max("number"))["n"] or 0
        missing = missing_languages(content)
        try:
            with transaction.atomic():
                found[pk] = ItemVersion.objects.create(
                    item_id=pk,
                    number=latest + 1,
                    digest=digests[pk],
                    content=content,
                    languages=[language for language in LANGUAGES if language not in missing],
                )
        except IntegrityError:  # a parallel start froze the same content first
            found[pk] = ItemVersion.objects.get(item_id=pk, digest=digests[pk])
    return found


__all__ = [
    "item_content",
    "item_problems",
    "item_versions_for",
    "item_versions_for_contents",
    "items_for_content",
]
