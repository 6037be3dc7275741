"""Writes for the item bank: freezing item content into immutable versions."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping

from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from ..models import Item, ItemVersion
from ..models.items import grading_missing_languages
from ..scoring import items as grading

LANGUAGES = ("es", "en")


def _both(obj, field: str) -> dict[str, str]:
    return {language: getattr(obj, f"{field}_{language}", "") or "" for language in LANGUAGES}


def item_content(item: Item, *, options=None, criteria=None) -> dict:
    """The plain, self-contained content of ``item`` as a trainee would be served it.

    Works on unsaved instances too (the Wagtail preview passes the form's item and options;
    the admin form passes ``options`` and ``criteria`` built from its formsets).
    """
    settings: dict = {}
    if item.kind == grading.MULTIPLE:
        settings = {"scoring": item.scoring, "penalty": str(item.penalty)}
    elif item.kind == grading.TRUE_FALSE:
        settings = {"answer": bool(item.true_false_answer)}
    elif item.kind == grading.SHORT:
        settings = {
            "case_sensitive": item.case_sensitive,
            "accent_sensitive": item.accent_sensitive,
        }
    elif item.kind == grading.NUMERIC:
        settings = {
            "answer": str(item.numeric_answer if item.numeric_answer is not None else 0),
            "tolerance": str(item.numeric_tolerance or 0),
            "units": [unit.strip() for unit in item.numeric_units.split(",") if unit.strip()],
        }
    if options is None:
        options = list(item.options.all())
    if criteria is None:
        criteria = list(item.criteria.all())
    if item.kind == grading.TRUE_FALSE:
        options = []
    return {
        "key": str(item.key),
        "kind": item.kind,
        "source_language": item.source_language,
        "points": str(item.points),
        "stem": _both(item, "stem"),
        "explanation": _both(item, "explanation"),
        "model_answer": _both(item, "model_answer"),
        "image": (
            {"id": item.image_id, "alt": _both(item, "image_alt")} if item.image_id else None
        ),
        "settings": settings,
        "options": [
            {
                "key": option.key,
                "text": _both(option, "text"),
                "match": _both(option, "match"),
                "feedback": _both(option, "feedback"),
                "correct": bool(option.is_correct),
                "weight": str(option.weight),
            }
            for option in options
        ],
        "criteria": {
            str(link.criterion_id): str(link.weight) for link in criteria if link.criterion_id
        },
    }


def item_problems(content: dict) -> list[str]:
    """What keeps frozen ``content`` from being a gradable item (for the author)."""
    kind, options = content["kind"], content["options"]
    correct = [option for option in options if option["correct"]]
    problems = []
    if kind in (grading.SINGLE,) and len(correct) != 1:
        problems.append(_("A single-choice item needs exactly one correct option."))
    if kind == grading.MULTIPLE and not correct:
        problems.append(_("Mark at least one option as correct."))
    if kind in (grading.SINGLE, grading.MULTIPLE, grading.SITUATIONAL) and len(options) < 2:
        problems.append(_("Give at least two options."))
    if kind == grading.SITUATIONAL and not any(float(o["weight"]) > 0 for o in options):
        problems.append(_("Give at least one course of action a weight above 0."))
    if kind == grading.SHORT and not options:
        problems.append(_("Add at least one accepted answer as an option."))
    if kind in (grading.MATCHING, grading.ORDERING) and len(options) < 2:
        problems.append(_("Give at least two elements."))
    if kind == grading.MATCHING and any(not any(o["match"].values()) for o in options):
        problems.append(_("Every matching element needs its partner text."))
    return problems


def _digest(content: dict) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def items_for_content() -> models.QuerySet[Item]:
    return Item.objects.prefetch_related("options", "criteria")


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
    found = {
        version.item_id: version
        for version in ItemVersion.objects.filter(
            item_id__in=contents, digest__in=set(digests.values())
        )
        if digests[version.item_id] == version.digest
    }
    for pk, content in contents.items():
        if pk in found:
            continue
        latest = ItemVersion.objects.filter(item_id=pk).aggregate(n=models.Max("number"))["n"] or 0
        missing = grading_missing_languages(content)
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
