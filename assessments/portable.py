"""The portable item: a question in one language, as exchange formats describe it.

GIFT, Moodle XML and QTI all describe a question by its *interaction* (pick among choices,
type a text, type a number, match pairs, put in order, write an essay) and the credit of
each answer as a *fraction* of the question. A ``PortableItem`` holds exactly that, in the
one language a file is written in. Each item type says how its content maps to and from it
(``ItemType.to_portable`` / ``from_portable``); each format module reads and writes it. So a
new item type touches its own module only, and a new format touches one module only.

Plain values, no ORM: below models, services and the format modules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


class Interaction:
    """What the trainee does; the vocabulary every format module speaks."""

    CHOICE = "choice"  # pick one (``multiple`` False) or several (``multiple`` True)
    TRUE_FALSE = "true_false"
    TEXT = "text"  # type a short text; the choices are the accepted answers
    NUMERIC = "numeric"
    MATCH = "match"  # each choice's ``text`` belongs with its ``match``
    ORDER = "order"  # the choices in their correct order
    EXTENDED_TEXT = "extended_text"  # an essay graded by hand


@dataclass
class PortableChoice:
    text: str
    fraction: Decimal = Decimal("0")
    """Share of the question's credit this answer earns, from -1 to 1."""
    feedback: str = ""
    match: str = ""


@dataclass
class PortableImage:
    name: str
    data: bytes
    alt: str = ""


@dataclass
class PortableItem:
    interaction: str
    stem: str = ""
    """HTML."""
    identifier: str = ""
    """The author's name for it (GIFT ``::title::``, Moodle XML ``name``)."""
    ref: str = ""
    """A stable identifier (GIFT ``[id:…]``, Moodle XML ``idnumber``); Puente writes the
    item's key."""
    general_feedback: str = ""
    """HTML shown after answering: Puente's explanation."""
    points: Decimal | None = None
    tags: list[str] = field(default_factory=list)
    choices: list[PortableChoice] = field(default_factory=list)
    multiple: bool = False
    all_or_nothing: bool | None = None
    """Several choices: ``None`` when the file does not say (credit is the sum of fractions)."""
    answer: bool | Decimal | None = None
    """True or false: the truth of the statement. Numeric: the number."""
    tolerance: Decimal = Decimal("0")
    units: list[str] = field(default_factory=list)
    case_sensitive: bool | None = None
    accent_sensitive: bool | None = None
    model_answer: str = ""
    image: PortableImage | None = None
    """The question's picture (Moodle XML embeds it; GIFT cannot)."""
    kind: str = ""
    """The Puente item type, when the file says (Puente's own extension to a format): asked
    first, so a situational judgement whose best answer is worth 1 and the rest 0 stays one."""
    line: int = 0
    """Where the question starts in its file (1-based), for messages."""
    warnings: list[str] = field(default_factory=list)
    """What the format reader or the item type left out, translated, for the preview."""


FULL = Decimal("1")
NONE = Decimal("0")


def fraction_text(fraction: Decimal) -> str:
    """A fraction as a percentage, no trailing zeros: ``0.5`` → ``"50"``, 1/3 → ``"33.33333"``."""
    percent = (Decimal(fraction) * 100).quantize(Decimal("0.00001"))
    return format(percent.normalize(), "f")


def decimal_text(value: Decimal) -> str:
    """A number without trailing zeros and never in exponent form (``12.5000`` → ``12.5``)."""
    text = format(Decimal(value).normalize(), "f")
    return "0" if text in ("-0", "") else text


__all__ = [
    "FULL",
    "NONE",
    "Interaction",
    "PortableChoice",
    "PortableImage",
    "PortableItem",
    "decimal_text",
    "fraction_text",
]
