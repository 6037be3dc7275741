"""What an item type is: the behaviour one kind of question owns, from answer key to template.

A type works on an item's frozen *content* (the plain dict ``assessments.content.item_content``
builds and ``ItemVersion.content`` stores), never on the ORM: grading stays pure (DESIGN
principle 3) and a type can be tested with plain values. Subclass ``ItemType`` in a module of
this package, override what differs from the defaults, and register an instance (see
``assessments.item_types``).
"""

from __future__ import annotations

import random
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise

from ..portable import PortableChoice, PortableItem
from ..scoring.items import InvalidResponse

Text = Callable[[Mapping[str, str] | None], str]
"""Picks the trainee's language out of ``{"es": …, "en": …}`` (with the source as fallback)."""


def option_keys(content: Mapping) -> list[str]:
    return [option["key"] for option in content.get("options", ())]


def correct_keys(content: Mapping) -> list[str]:
    return [option["key"] for option in content.get("options", ()) if option.get("correct")]


def option_from(
    choice: PortableChoice, *, correct: bool = False, weight: Decimal | int = 0
) -> dict:
    """An option of content (``item_content``'s shape, texts in one language) from a choice."""
    return {
        "text": choice.text,
        "match": choice.match,
        "feedback": choice.feedback,
        "correct": correct,
        "weight": Decimal(weight),
    }


ANSWER_MAX_LENGTH = 20_000  # characters: the longest typed answer (an essay's)


def free_text(raw: Any, *, max_length: int) -> str | None:
    """A typed answer as stored: trimmed, ``None`` when blank; ``InvalidResponse`` when it is
    not text, holds a NUL character (PostgreSQL cannot store one) or is longer than
    ``max_length`` (short answers and essays alike). A line break counts as one character,
    as the browser's ``maxlength`` counts it, though the form sends it as two."""
    if not isinstance(raw, str):
        raise InvalidResponse("text")
    if "\x00" in raw:
        raise InvalidResponse("nul")
    text = raw.strip()
    if len(text) - text.count("\r\n") > max_length:
        raise InvalidResponse("too_long", limit=max_length)
    return text or None


class ItemType(ABC):
    """One kind of question. Defaults fit a question answered by picking options; every
    type says how it grades."""

    kind: str = ""
    """Stored in ``Item.kind`` and in frozen content; never change it once items exist."""
    label: Promise | str = ""
    """What authors read in the type menu (``gettext_lazy``)."""
    position = 1000
    """Where the type comes in the type menu (the built-ins count in tens)."""
    uses_options = True
    """False when the answer key lives in the item's settings only (true or false)."""
    graded_by_hand = False
    """True when ``grade`` cannot decide and an instructor grades the answer."""

    @property
    def template(self) -> str:
        """The answer controls of the question (``_question.html`` includes it)."""
        return f"assessments/items/types/{self.kind}.html" if self.kind else ""

    # --- authoring ---------------------------------------------------------------------

    def settings(self, item) -> dict:
        """The type's answer key taken from the item's own fields, for the frozen content."""
        return {}

    def problems(self, content: Mapping) -> list[str]:
        """Translated reasons why ``content`` cannot be graded (shown to the author)."""
        return []

    def texts_to_read(self, content: Mapping) -> list[Mapping[str, str]]:
        """Besides the stem and image description, the texts a trainee must read, each as
        ``{language: text}``: an empty one keeps the item from being served in that language."""
        return [option["text"] for option in content["options"]]

    def item_fields(self, settings: Mapping) -> dict:
        """The item's own fields that ``settings`` (as ``settings()`` gives them) come from."""
        return {}

    # --- exchange (``assessments.portable``) -------------------------------------------

    def to_portable(self, content: Mapping, *, text: Text) -> PortableItem | None:
        """The interaction and answers of frozen ``content`` as exchange formats describe
        them, texts picked by ``text``; ``None`` when no format can carry the type. The
        stem, feedback, points and identifiers are filled in by ``item_types.to_portable``."""
        return None

    def from_portable(self, portable: PortableItem) -> dict | None:
        """``{"settings": …, "options": […]}`` (``item_content``'s shape, texts as plain
        strings) when this type claims ``portable``, else ``None``. What the type cannot
        keep is said in ``portable.warnings`` (translated)."""
        return None

    # --- taking ------------------------------------------------------------------------

    def option_order(
        self, keys: list[str], *, shuffle: bool, rng: random.Random
    ) -> tuple[list[str], list[str]]:
        """The order the trainee sees the options in, and of matching partners (frozen on
        the attempt when it starts)."""
        order = list(keys)
        if shuffle:
            rng.shuffle(order)
        return order, []

    def read_response(self, data, name: str, option_order: list[str]) -> Any:
        """The raw response in submitted form ``data`` (a ``QueryDict``); the question's
        fields are named ``name`` (and ``name-<option key>``, as its template names them)."""
        return data.get(name, "")

    def normalize(self, content: Mapping, raw: Any) -> Any:
        """The response to store for a non-empty ``raw``; ``InvalidResponse`` when it
        cannot belong to this item (a tampered key, a malformed number)."""
        if not isinstance(raw, str) or raw not in option_keys(content):
            raise InvalidResponse("option")
        return raw

    @abstractmethod
    def grade(self, content: Mapping, response: Any) -> float | None:
        """Fraction from 0 to 1 earned by a non-empty ``response``; ``None`` when graded by
        hand. Pure: plain values in, a number out."""

    def correct_response(self, content: Mapping) -> Any:
        """The response that earns full marks (for reviews, demos and tests)."""
        return None

    def correct_answer(self, content: Mapping, *, text: Text) -> list[str]:
        """The correct answer in words, one line each, for a review that may show it. Empty
        by default: choice types mark the right options in their own rows (``correct``)."""
        return []

    # --- showing -----------------------------------------------------------------------

    def display(
        self,
        question: dict,
        *,
        content: Mapping,
        response: Any,
        match_order: list[str],
        text: Text,
    ) -> None:
        """Add what the type's template needs to ``question`` (the common keys, ``options``
        with ``chosen`` among them, are already there); most types need nothing more."""
        return None

    def __repr__(self) -> str:
        return f"<ItemType {self.kind}>"


class UnchosenType(ItemType):
    """What an item is while its author has not chosen a type yet (the admin's live preview
    of a new item): no answer controls, no checks, nothing to grade. Never registered."""

    def grade(self, content: Mapping, response: Any) -> None:
        return None
