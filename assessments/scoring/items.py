"""Graders for answers to questions: plain values in, a fraction from 0 to 1 out.

No ORM here (DESIGN principle 3). Each item type (``assessments.item_types``) reads its
answer key out of frozen item content (``ItemVersion.content``) and calls the grader it
needs; the results feed the competency scoring through ``ItemResult``. Nothing here knows
the set of item types.

What each type stores as a response is documented in its module.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import combinations

ALL_OR_NOTHING = "all_or_nothing"
PROPORTIONAL = "proportional"


@dataclass(frozen=True)
class ItemResult:
    """What competency scoring needs to know about one answered item of an attempt.

    ``item_key`` is the item's language-independent identity (its UUID as text);
    ``criterion_weights`` maps ``competencies.Criterion`` ids to the item's weight for it;
    ``fraction`` is ``None`` while an essay awaits manual grading.
    """

    item_key: str
    version: int
    kind: str
    fraction: float | None
    max_points: float
    criterion_weights: dict[int, float] = field(default_factory=dict)
    language: str = "es"

    @property
    def points(self) -> float | None:
        return None if self.fraction is None else self.fraction * self.max_points


class InvalidResponse(ValueError):
    """A response that cannot belong to this item; ``code`` says why (for a message), and
    ``limit`` the bound it broke when there is one (the most characters an answer takes)."""

    def __init__(self, code: str, *, limit: int | None = None):
        super().__init__(code)
        self.code = code
        self.limit = limit


# --- single-type graders ---------------------------------------------------------------


def _clamp(value: float) -> float:
    return min(1.0, max(0.0, float(value)))


def grade_single_choice(correct_keys: Collection[str], chosen: str | None) -> float:
    return 1.0 if chosen is not None and chosen in correct_keys else 0.0


def grade_true_false(correct: bool, answer: bool | None) -> float:
    return 1.0 if answer is not None and answer == correct else 0.0


def grade_multiple_response(
    correct_keys: Collection[str],
    all_keys: Collection[str],
    chosen: Collection[str],
    *,
    mode: str = ALL_OR_NOTHING,
    penalty: float = 1.0,
) -> float:
    """All or nothing, or the share of right picks minus ``penalty`` per wrong pick share."""
    correct, chosen_set = set(correct_keys), set(chosen) & set(all_keys)
    if mode == ALL_OR_NOTHING:
        return 1.0 if chosen_set == correct else 0.0
    wrong_keys = set(all_keys) - correct
    right_share = len(chosen_set & correct) / len(correct) if correct else 1.0
    wrong_share = len(chosen_set & wrong_keys) / len(wrong_keys) if wrong_keys else 0.0
    return _clamp(right_share - float(penalty) * wrong_share)


def fold_text(text: str, *, case_sensitive: bool = False, accent_sensitive: bool = False) -> str:
    """Collapse spaces; drop case and accents unless asked to keep them ("Válvula" = "valvula")."""
    text = " ".join(str(text).split())
    if not accent_sensitive:
        decomposed = unicodedata.normalize("NFD", text)
        text = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    text = unicodedata.normalize("NFC", text)
    return text if case_sensitive else text.casefold()


def grade_short_answer(
    accepted: Collection[str],
    answer: str | None,
    *,
    case_sensitive: bool = False,
    accent_sensitive: bool = False,
) -> float:
    if not answer:
        return 0.0
    options = {"case_sensitive": case_sensitive, "accent_sensitive": accent_sensitive}
    folded = fold_text(answer, **options)
    return 1.0 if any(folded == fold_text(a, **options) for a in accepted if a) else 0.0


_NUMBER = re.compile(r"^\s*([+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+))\s*((?:[^\d\s.,+-].*?)?)\s*$")


def parse_number(text: str) -> tuple[Decimal, str]:
    """``"3,5 N·m"`` → ``(Decimal("3.5"), "N·m")``; raises ``InvalidResponse("number")``."""
    match = _NUMBER.match(str(text))
    if not match:
        raise InvalidResponse("number")
    try:
        value = Decimal(match.group(1).replace(",", "."))
    except InvalidOperation as error:  # pragma: no cover - the pattern admits only numbers
        raise InvalidResponse("number") from error
    return value, match.group(2)


UNIT_JOINERS = str.maketrans("", "", " ·⋅×*.-‐")  # "N·m", "N m", "N-m", "N*m" are one unit


def _fold_unit(unit: str) -> str:
    return fold_text(unit).translate(UNIT_JOINERS)


def grade_numeric(
    expected: Decimal, tolerance: Decimal, units: Collection[str], answer: str | None
) -> float:
    """Within ``tolerance`` of ``expected``; a unit, when typed, must be one of ``units``."""
    if not answer:
        return 0.0
    try:
        value, unit = parse_number(answer)
    except InvalidResponse:
        return 0.0
    if unit and _fold_unit(unit) not in {_fold_unit(u) for u in units}:
        return 0.0
    return 1.0 if abs(value - Decimal(expected)) <= abs(Decimal(tolerance)) else 0.0


def grade_matching(correct: Mapping[str, str], answer: Mapping[str, str] | None) -> float:
    """Share of left-hand prompts matched to their right-hand partner."""
    if not correct:
        return 0.0
    answer = answer or {}
    return sum(1 for left, right in correct.items() if answer.get(left) == right) / len(correct)


def grade_ordering(correct_order: Sequence[str], answer: Sequence[str] | None) -> float:
    """Share of pairs put in the right relative order: 1 when exact, 0 when reversed."""
    keys = list(correct_order)
    if len(keys) < 2:
        return 1.0 if answer and list(answer) == keys else 0.0
    if not answer or sorted(answer) != sorted(keys):
        return 0.0
    rank = {key: index for index, key in enumerate(answer)}
    pairs = list(combinations(keys, 2))
    return sum(1 for a, b in pairs if rank[a] < rank[b]) / len(pairs)


def grade_situational(weights: Mapping[str, float], chosen: str | None) -> float:
    """The weight (0–1) the author gave to the chosen course of action."""
    return _clamp(weights.get(chosen, 0.0)) if chosen is not None else 0.0
