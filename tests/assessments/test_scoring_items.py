"""Grading of every item type, with property tests for bounds, full marks and order.

The graders are pure functions (``assessments.scoring.items``); each type reaches them through
the registry (``assessments.item_types``) with plain content dicts, no database.
"""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessments import item_types
from assessments.scoring import items as g

KEYS = st.text(alphabet="abcdefgh", min_size=1, max_size=3)


def _content(kind, options, **settings):
    return {"kind": kind, "options": options, "settings": settings}


def _opt(key, correct=False, weight="0", text=None, match=None):
    return {
        "key": key,
        "correct": correct,
        "weight": weight,
        "text": text or {"es": key, "en": key},
        "match": match or {"es": key, "en": key},
    }


@st.composite
def choice_items(draw):
    keys = draw(st.lists(KEYS, min_size=2, max_size=6, unique=True))
    correct = draw(st.lists(st.sampled_from(keys), min_size=1, unique=True))
    weights = {k: draw(st.decimals(0, 1, places=3)) for k in keys}
    return keys, set(correct), weights


@given(choice_items(), st.data())
def test_every_choice_grader_stays_within_0_and_1(spec, data):
    keys, correct, weights = spec
    chosen = data.draw(st.lists(st.sampled_from(keys), unique=True))
    penalty = data.draw(st.floats(0, 1))
    for mode in (g.ALL_OR_NOTHING, g.PROPORTIONAL):
        assert (
            0 <= g.grade_multiple_response(correct, keys, chosen, mode=mode, penalty=penalty) <= 1
        )
    one = chosen[0] if chosen else None
    assert 0 <= g.grade_single_choice(correct, one) <= 1
    assert 0 <= g.grade_situational({k: float(w) for k, w in weights.items()}, one) <= 1


@given(choice_items(), st.sampled_from([g.ALL_OR_NOTHING, g.PROPORTIONAL]), st.floats(0, 1))
def test_multiple_response_all_correct_is_full_marks_in_any_order(spec, mode, penalty):
    keys, correct, _weights = spec
    ordered = sorted(correct)
    assert g.grade_multiple_response(correct, keys, ordered, mode=mode, penalty=penalty) == 1
    assert g.grade_multiple_response(correct, keys, ordered[::-1], mode=mode, penalty=penalty) == 1


def test_multiple_response_proportional_penalises_wrong_picks():
    keys, correct = ["a", "b", "c", "d"], {"a", "b"}
    assert g.grade_multiple_response(correct, keys, ["a"], mode=g.PROPORTIONAL, penalty=1) == 0.5
    assert (
        g.grade_multiple_response(correct, keys, ["a", "c"], mode=g.PROPORTIONAL, penalty=1) == 0.0
    )
    assert (
        g.grade_multiple_response(correct, keys, ["a", "b", "c"], mode=g.PROPORTIONAL, penalty=0.5)
        == 0.75
    )
    assert g.grade_multiple_response(correct, keys, ["a"], mode=g.ALL_OR_NOTHING) == 0


def test_true_false_and_single_choice():
    assert g.grade_true_false(True, True) == 1
    assert g.grade_true_false(True, False) == 0
    assert g.grade_true_false(False, None) == 0
    assert g.grade_single_choice({"a"}, "a") == 1
    assert g.grade_single_choice({"a"}, "b") == 0


@pytest.mark.parametrize(
    ("answer", "case", "accent", "expected"),
    [
        ("valvula", False, False, 1),
        ("  VÁLVULA ", False, False, 1),
        ("Válvula", True, False, 0),
        ("valvula", False, True, 0),
        ("válvula", True, True, 1),
        ("valve", False, False, 1),
        ("válvulas", False, False, 0),
        ("", False, False, 0),
    ],
)
def test_short_answer_folds_case_and_accents_by_choice(answer, case, accent, expected):
    accepted = ["válvula", "valve"]
    assert (
        g.grade_short_answer(accepted, answer, case_sensitive=case, accent_sensitive=accent)
        == expected
    )


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("25", 1),
        ("25,4", 1),
        ("25.4 N·m", 1),
        ("24.5 Nm", 1),
        ("25 N-m", 1),
        ("25 n ⋅ m", 1),
        ("25.6", 0),
        ("25 kg", 0),
        ("veinticinco", 0),
        ("", 0),
        (",5", 0),
    ],
)
def test_numeric_tolerance_units_and_decimal_comma(answer, expected):
    assert g.grade_numeric(Decimal("25"), Decimal("0.5"), ["N·m", "Nm"], answer) == expected


def test_parse_number_reads_comma_and_point_alike():
    assert g.parse_number("3,5") == g.parse_number("3.5") == (Decimal("3.5"), "")
    with pytest.raises(g.InvalidResponse):
        g.parse_number("tres")


@given(st.lists(KEYS, min_size=1, max_size=6, unique=True), st.data())
def test_matching_and_ordering_bounds_and_full_marks(keys, data):
    correct = {k: k for k in keys}
    answer = {k: data.draw(st.sampled_from(keys)) for k in keys}
    assert 0 <= g.grade_matching(correct, answer) <= 1
    assert g.grade_matching(correct, dict(reversed(list(correct.items())))) == 1
    permutation = data.draw(st.permutations(keys))
    assert 0 <= g.grade_ordering(keys, permutation) <= 1
    assert g.grade_ordering(keys, keys) == 1


def test_ordering_partial_credit_counts_pairs():
    assert g.grade_ordering(list("abcd"), list("dcba")) == 0
    assert g.grade_ordering(list("abcd"), list("bacd")) == pytest.approx(5 / 6)


ALL_CONTENTS = [
    _content("single", [_opt("a", True), _opt("b")]),
    _content(
        "multiple",
        [_opt("a", True), _opt("b", True), _opt("c")],
        scoring=g.PROPORTIONAL,
        penalty="0.5",
    ),
    _content("true_false", [], answer=False),
    _content("short", [_opt("v", text={"es": "válvula", "en": "valve"})]),
    _content("numeric", [], answer="3.5", tolerance="0", units=["mm"]),
    _content("matching", [_opt("x"), _opt("y"), _opt("z")]),
    _content("ordering", [_opt("1"), _opt("2"), _opt("3")]),
    _content("situational", [_opt("good", weight="1"), _opt("ok", weight="0.5")]),
]


@pytest.mark.parametrize("content", ALL_CONTENTS, ids=lambda c: c["kind"])
def test_the_correct_response_of_every_type_earns_full_marks(content):
    response = item_types.normalize_response(content, item_types.correct_response(content))
    assert item_types.grade(content, response) == 1
    assert item_types.grade(content, None) == 0


def test_essays_wait_for_a_human_unless_empty():
    essay = _content("essay", [])
    assert item_types.grade(essay, "La junta se documenta en el formato 8D.") is None
    assert item_types.grade(essay, None) == 0


@pytest.mark.parametrize(
    ("content", "raw", "code"),
    [
        (ALL_CONTENTS[0], "tampered", "option"),
        (ALL_CONTENTS[1], ["a", "zz"], "option"),
        (ALL_CONTENTS[2], "maybe", "option"),
        (ALL_CONTENTS[4], "3..5", "number"),
        (ALL_CONTENTS[5], {"x": "nope"}, "option"),
        (ALL_CONTENTS[6], ["1", "1", "2"], "order"),
    ],
)
def test_tampered_or_malformed_responses_are_refused(content, raw, code):
    with pytest.raises(item_types.InvalidResponse) as error:
        item_types.normalize_response(content, raw)
    assert error.value.code == code


def test_item_result_points_follow_the_fraction():
    result = g.ItemResult("k", 1, "single", 0.5, 4.0, {7: 1.0}, "en")
    assert result.points == 2.0
    assert g.ItemResult("k", 1, "essay", None, 4.0).points is None
