"""Grading one answer of each item type: plain values in, a fraction from 0 to 1 out.

No ORM here (DESIGN principle 3). Services pass the frozen item content of an attempt
(``ItemVersion.content``) and the trainee's normalised response; the results feed the
competency scoring through ``ItemResult``.

Responses, as stored on an attempt's answer once normalised by ``normalize_response``:

=====================  ==========================================================
single, situational    option key (``str``)
multiple               sorted list of option keys
true_false             ``True`` / ``False``
short                  text as typed (stripped)
numeric                text as typed; graded with ``parse_number``
matching               ``{left option key: right option key}``
ordering               list of option keys in the trainee's order
essay                  text; graded by hand (``grade`` returns ``None``)
=====================  ==========================================================
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import combinations

SINGLE = "single"
MULTIPLE = "multiple"
TRUE_FALSE = "true_false"
SHORT = "short"
NUMERIC = "numeric"
MATCHING = "matching"
ORDERING = "ordering"
ESSAY = "essay"
SITUATIONAL = "situational"

KINDS = (SINGLE, MULTIPLE, TRUE_FALSE, SHORT, NUMERIC, MATCHING, ORDERING, ESSAY, SITUATIONAL)
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
    """A response that cannot belong to this item; ``code`` says why (for a message)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


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


# --- frozen item content ---------------------------------------------------------------


def _options(content: Mapping) -> list[Mapping]:
    return list(content.get("options", ()))


def _keys(content: Mapping) -> list[str]:
    return [option["key"] for option in _options(content)]


def grade(content: Mapping, response) -> float | None:
    """Fraction earned by ``response`` on the frozen item ``content``; ``None`` for essays."""
    kind, settings, options = content["kind"], content.get("settings", {}), _options(content)
    correct = [o["key"] for o in options if o.get("correct")]
    if response is None or response in ("", [], {}):
        return 0.0  # not answered (an empty essay included: nothing to grade by hand)
    if kind == SINGLE:
        return grade_single_choice(correct, response)
    if kind == TRUE_FALSE:
        return grade_true_false(bool(settings.get("answer")), response)
    if kind == MULTIPLE:
        return grade_multiple_response(
            correct,
            _keys(content),
            response,
            mode=settings.get("scoring", ALL_OR_NOTHING),
            penalty=float(settings.get("penalty", 1)),
        )
    if kind == SHORT:
        accepted = [text for o in options for text in o.get("text", {}).values()]
        return grade_short_answer(
            accepted,
            response,
            case_sensitive=settings.get("case_sensitive", False),
            accent_sensitive=settings.get("accent_sensitive", False),
        )
    if kind == NUMERIC:
        return grade_numeric(
            Decimal(settings["answer"]),
            Decimal(settings.get("tolerance", "0")),
            settings.get("units", []),
            response,
        )
    if kind == MATCHING:
        return grade_matching({o["key"]: o["key"] for o in options}, response)
    if kind == ORDERING:
        return grade_ordering(_keys(content), response)
    if kind == SITUATIONAL:
        return grade_situational({o["key"]: float(o.get("weight", 0)) for o in options}, response)
    return None  # essay: graded by hand


def normalize_response(content: Mapping, raw):
    """Check a submitted response against the item; raise ``InvalidResponse`` when it cannot
    belong to it (a tampered option key, a malformed number). Empty means "not answered"."""
    kind, keys = content["kind"], set(_keys(content))
    if raw in (None, "", [], {}):
        return None
    if kind in (SINGLE, SITUATIONAL):
        if not isinstance(raw, str) or raw not in keys:
            raise InvalidResponse("option")
        return raw
    if kind == TRUE_FALSE:
        if raw in (True, "true"):
            return True
        if raw in (False, "false"):
            return False
        raise InvalidResponse("option")
    if kind == MULTIPLE:
        chosen = [raw] if isinstance(raw, str) else raw
        if not isinstance(chosen, list) or not set(chosen) <= keys:
            raise InvalidResponse("option")
        return sorted(set(chosen))
    if kind in (SHORT, ESSAY):
        if not isinstance(raw, str):
            raise InvalidResponse("text")
        text = raw.strip()
        if len(text) > (20000 if kind == ESSAY else 500):
            raise InvalidResponse("too_long")
        return text or None
    if kind == NUMERIC:
        if not isinstance(raw, str):
            raise InvalidResponse("number")
        parse_number(raw)
        return raw.strip()
    if kind == MATCHING:
        if not isinstance(raw, dict):
            raise InvalidResponse("option")
        pairs = {left: right for left, right in raw.items() if right}
        if not set(pairs) <= keys or not set(pairs.values()) <= keys:
            raise InvalidResponse("option")
        return pairs or None
    if kind == ORDERING:
        if not isinstance(raw, list) or sorted(raw) != sorted(keys):
            raise InvalidResponse("order")
        return list(raw)
    raise InvalidResponse("kind")


def correct_response(content: Mapping):
    """The response that earns full marks (for reviews and tests); ``None`` for essays."""
    kind, settings, options = content["kind"], content.get("settings", {}), _options(content)
    if kind == SINGLE:
        return next(o["key"] for o in options if o.get("correct"))
    if kind == SITUATIONAL:
        return max(options, key=lambda o: float(o.get("weight", 0)))["key"]
    if kind == MULTIPLE:
        return sorted(o["key"] for o in options if o.get("correct"))
    if kind == TRUE_FALSE:
        return bool(settings.get("answer"))
    if kind == SHORT:
        return next(iter(options[0]["text"].values()))
    if kind == NUMERIC:
        return str(settings["answer"])
    if kind == MATCHING:
        return {o["key"]: o["key"] for o in options}
    if kind == ORDERING:
        return _keys(content)
    return None
