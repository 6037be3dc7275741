"""Writes for the item bank: freezing item content into immutable versions.

``item_content`` and ``item_problems`` live in ``assessments.content`` (below the models,
which need them too) and are re-exported here for the admin and other callers.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from types import SimpleNamespace

from django.db import IntegrityError, models, transaction

from ..content import (
    LANGUAGES,
    PREFETCHED_CRITERIA,
    PREFETCHED_OPTIONS,
    item_content,
    item_problems,
    missing_languages,
)
from ..models import Item, ItemCriterion, ItemOption, ItemVersion


def _digest(content: dict) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def content_prefetches() -> tuple[models.Prefetch, models.Prefetch]:
    """What ``item_content`` reads of an item's relations, prefetched into plain lists
    (``to_attr``): a prefetch into the relations' managers builds two querysets per item,
    which cost more than the queries themselves on a 20-item quiz start."""
    return (
        models.Prefetch("options", to_attr=PREFETCHED_OPTIONS),
        models.Prefetch("criteria", to_attr=PREFETCHED_CRITERIA),
    )


def items_for_content() -> models.QuerySet[Item]:
    """Items with what ``item_content`` reads prefetched (``content_prefetches``)."""
    return Item.objects.prefetch_related(*content_prefetches())


def content_relations_as_values(items: Mapping[int, Item]) -> None:
    """Give ``items`` (by id) their options and criterion links as plain values, in the
    lists ``item_content`` reads (two queries): ``item_content`` reads them through their
    attributes, and plain values cost a fraction of model instances (a 20-item quiz start
    built about a hundred of them, the largest part of its time)."""
    for item in items.values():
        setattr(item, PREFETCHED_OPTIONS, [])
        setattr(item, PREFETCHED_CRITERIA, [])
    for model, attribute in (
        (ItemOption, PREFETCHED_OPTIONS),
        (ItemCriterion, PREFETCHED_CRITERIA),
    ):
        fields = [field.attname for field in model._meta.concrete_fields]
        for row in model.objects.filter(item_id__in=items).values(*fields):  # Meta.ordering
            getattr(items[row["item_id"]], attribute).append(SimpleNamespace(**row))


def latest_version(field: str, item: str = "item_id") -> models.Subquery:
    """A sub-select of ``field`` of the latest version of the item whose id is at ``item``
    (for ``item_versions_for_contents``'s ``latest``)."""
    versions = ItemVersion.objects.filter(item_id=models.OuterRef(item)).order_by("-number")
    return models.Subquery(versions.values(field)[:1])


def item_versions_for(*, items: Iterable[Item]) -> dict[int, ItemVersion]:
    """The immutable version of each item's current content, created when it is new.

    ``items`` should come from ``items_for_content()`` (options and criteria prefetched).
    Editing an item therefore never changes a version an attempt already points at.
    """
    return item_versions_for_contents(contents={item.pk: item_content(item) for item in items})


def item_versions_for_contents(
    *, contents: Mapping[int, dict], latest: Mapping[int, tuple[int, str]] | None = None
) -> dict[int, ItemVersion]:
    """``item_versions_for`` given each item's current content (``item_content``), by item
    id: one query when every version exists, none for the items whose latest version
    (``latest``: ``{item id: (version id, digest)}``, read with the items) holds their
    current content; a new version is created in its own transaction (versions are
    immutable, so one left unused by a failed start is harmless).
    """
    digests = {pk: _digest(content) for pk, content in contents.items()}
    found = {}
    # A version with the item's digest holds exactly ``contents[pk]``: it is not read back.
    for pk, (version_id, digest) in (latest or {}).items():
        if pk in digests and version_id is not None and digest == digests[pk]:
            found[pk] = ItemVersion(pk=version_id, item_id=pk, digest=digest, content=contents[pk])
    unknown = {pk: digest for pk, digest in digests.items() if pk not in found}
    versions = ItemVersion.objects.filter(
        item_id__in=unknown, digest__in=set(unknown.values())
    ).defer("content")
    for version in versions if unknown else ():
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
    "content_prefetches",
    "item_content",
    "item_problems",
    "item_versions_for",
    "item_versions_for_contents",
    "content_relations_as_values",
    "items_for_content",
    "latest_version",
]
