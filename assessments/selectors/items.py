"""Reads of the item bank for exchange: the items of a quiz, of a tag, of a selection."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ..models import Item, Quiz


def items_for_exchange() -> QuerySet[Item]:
    """Items with what an export reads (options, criteria, tags) prefetched, by name."""
    return (
        Item.objects.select_related("image")
        .prefetch_related("options", "criteria", "tags")
        .order_by("name", "pk")
    )


def items_of_quiz(*, quiz: Quiz) -> QuerySet[Item]:
    """The quiz's fixed items and every active item one of its draws can pick."""
    condition = Q(pk__in=[0])
    for slot in quiz.slots.all():
        if slot.item_id:
            condition |= Q(pk=slot.item_id)
            continue
        draw = Q(is_active=True)
        if slot.draw_criterion_id:
            draw &= Q(criteria__criterion_id=slot.draw_criterion_id)
        if slot.draw_tag:
            draw &= Q(tags__name__iexact=slot.draw_tag)
        if slot.draw_difficulty:
            draw &= Q(difficulty=slot.draw_difficulty)
        condition |= Q(pk__in=Item.objects.filter(draw).values("pk"))
    return items_for_exchange().filter(condition)


def items_tagged(*, tag: str) -> QuerySet[Item]:
    return items_for_exchange().filter(tags__name__iexact=tag).distinct()
