"""The pure competency rules: exhaustive properties with hypothesis, then worked examples."""

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.scoring.competency import (
    AttemptEvidence,
    AttemptPolicy,
    CriterionSpec,
    CriterionStatus,
    ElementSpec,
    ObservationEvidence,
    StandardSpec,
    Verdict,
    attempt_criterion_scores,
    item_criterion_scores,
    standard_result,
)

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Outcome:
    """Shaped like ``scoring.items.ItemResult``: what the competency rules read."""

    item_key: str
    fraction: Fraction
    max_points: Fraction
    criterion_weights: dict = field(default_factory=dict)
    language: str = "es"


CRITERIA = (1, 2, 3)
fractions_01 = st.fractions(min_value=0, max_value=1, max_denominator=20)
outcomes = st.builds(
    Outcome,
    item_key=st.uuids().map(str),
    fraction=fractions_01,
    max_points=st.integers(min_value=1, max_value=10).map(Fraction),
    criterion_weights=st.dictionaries(
        st.sampled_from(CRITERIA),
        st.fractions(min_value=0, max_value=1, max_denominator=4),
        min_size=1,
    ),
    language=st.sampled_from(["es", "en"]),
)
item_lists = st.lists(outcomes, min_size=1, max_size=8)
policies = st.sampled_from(list(AttemptPolicy))
# Generation, not the code under test, is what can be slow on a busy CI machine.
relaxed = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def attempts_of(item_lists, policy, quiz_id=1):
    return [
        AttemptEvidence(
            attempt_id=index + 1,
            quiz_id=quiz_id,
            finished_at=T0 + timedelta(days=index),
            policy=policy,
            items=items,
        )
        for index, items in enumerate(item_lists)
    ]


@relaxed
@given(st.lists(item_lists, min_size=1, max_size=4), policies)
def test_scores_stay_between_zero_and_one(lists, policy):
    for score, _ids in item_criterion_scores(attempts_of(lists, policy)).values():
        assert 0 <= score <= 1


@settings(relaxed, max_examples=150)
@given(st.lists(item_lists, min_size=1, max_size=4), policies, st.data())
def test_a_better_answer_never_lowers_a_score(lists, policy, data):
    before = item_criterion_scores(attempts_of(lists, policy))
    attempt_index = data.draw(st.integers(0, len(lists) - 1))
    item_index = data.draw(st.integers(0, len(lists[attempt_index]) - 1))
    item = lists[attempt_index][item_index]
    better = data.draw(st.fractions(min_value=item.fraction, max_value=1, max_denominator=20))
    improved = [list(items) for items in lists]
    improved[attempt_index][item_index] = replace(item, fraction=better)
    after = item_criterion_scores(attempts_of(improved, policy))
    for criterion_id, (score, _ids) in before.items():
        assert after[criterion_id][0] >= score


@relaxed
@given(item_lists, st.randoms(use_true_random=False))
def test_item_order_does_not_matter(items, random):
    shuffled = list(items)
    random.shuffle(shuffled)
    assert attempt_criterion_scores(items) == attempt_criterion_scores(shuffled)


@relaxed
@given(st.lists(item_lists, min_size=1, max_size=4), policies, st.randoms(use_true_random=False))
def test_attempt_order_does_not_matter(lists, policy, random):
    attempts = attempts_of(lists, policy)
    shuffled = list(attempts)
    random.shuffle(shuffled)
    assert item_criterion_scores(attempts) == item_criterion_scores(shuffled)


@relaxed
@given(st.lists(item_lists, min_size=1, max_size=4), policies)
def test_the_language_an_item_was_answered_in_does_not_matter(lists, policy):
    spanish = [[replace(item, language="es") for item in items] for items in lists]
    english = [[replace(item, language="en") for item in items] for items in lists]
    assert item_criterion_scores(attempts_of(spanish, policy)) == item_criterion_scores(
        attempts_of(english, policy)
    )


# --- worked examples ----------------------------------------------------------------------


def spec(*kinds, threshold=Fraction(4, 5)):
    """One element per entry of ``kinds`` (a tuple of criterion kinds each)."""
    criteria, elements, pk = {}, [], 0
    for number, element_kinds in enumerate(kinds, start=1):
        ids = []
        for position, kind in enumerate(element_kinds, start=1):
            pk += 1
            criteria[pk] = CriterionSpec(
                pk, number, f"EC0000 E{number}.{position}", kind, threshold
            )
            ids.append(pk)
        elements.append(ElementSpec(number, number, tuple(ids)))
    return StandardSpec(1, "EC0000", tuple(elements), criteria)


def observed(pk, criterion_id, met, minutes=0):
    return ObservationEvidence(pk, criterion_id, met, T0 + timedelta(minutes=minutes))


def quiz(attempt_id, items, policy=AttemptPolicy.HIGHEST, quiz_id=1, day=0):
    return AttemptEvidence(attempt_id, quiz_id, T0 + timedelta(days=day), policy, items)


def item(fraction, weights, points=1):
    return Outcome("k", Fraction(fraction), Fraction(points), weights)


def test_weighted_share_of_points_per_criterion():
    items = [item(1, {1: 1}, points=2), item(0, {1: 1}, points=1), item(Fraction(1, 2), {1: 2})]
    # earned: 2·1 + 0 + ½·1·2 = 3; mass: 2 + 1 + 2 = 5
    assert attempt_criterion_scores(items) == {1: (Fraction(3, 5), Fraction(5))}


def test_repeated_attempt_policies():
    first = [item(1, {1: 1})]
    second = [item(Fraction(1, 2), {1: 1})]

    def score(policy):
        attempts = [quiz(1, first, policy, day=0), quiz(2, second, policy, day=1)]
        return item_criterion_scores(attempts)[1]

    assert score(AttemptPolicy.HIGHEST) == (Fraction(1), (1,))
    assert score(AttemptPolicy.LATEST) == (Fraction(1, 2), (2,))
    assert score(AttemptPolicy.MEAN) == (Fraction(3, 4), (1, 2))


def test_a_criterion_without_evidence_is_pending_and_never_passed():
    result = standard_result(spec(("knowledge", "performance")))
    assert [c.status for c in result.criteria.values()] == [CriterionStatus.PENDING] * 2
    assert result.verdict == Verdict.NOT_YET_COMPETENT
    assert not result.is_complete
    assert [c.code for c in result.missing] == ["EC0000 E1.1", "EC0000 E1.2"]


def test_competent_when_every_element_is_met():
    standard = spec(("knowledge", "attitude"), ("performance", "product"))
    result = standard_result(
        standard,
        attempts=[quiz(7, [item(Fraction(9, 10), {1: 1}), item(1, {2: 1})])],
        observations=[observed(11, 3, True), observed(12, 4, True)],
    )
    assert result.is_complete
    assert result.verdict == Verdict.COMPETENT
    assert result.attempt_ids == (7,)
    assert result.evidence_ids == (11, 12)
    basis = result.as_basis()
    assert basis["criteria"]["1"]["score"] == "0.9"
    assert basis["criteria"]["3"]["evidence"] == [11]


def test_not_yet_competent_lists_the_missing_criteria():
    standard = spec(("knowledge",), ("performance", "product"))
    result = standard_result(
        standard,
        attempts=[quiz(1, [item(Fraction(79, 100), {1: 1})])],  # just under the 80 % threshold
        observations=[observed(1, 2, True), observed(2, 3, False)],
    )
    assert result.is_complete
    assert result.verdict == Verdict.NOT_YET_COMPETENT
    assert [c.code for c in result.missing] == ["EC0000 E1.1", "EC0000 E2.2"]
    assert result.criteria[1].percent == 79
    assert [e.is_met for e in result.elements] == [False, False]


def test_threshold_is_reached_exactly():
    result = standard_result(
        spec(("knowledge",)), attempts=[quiz(1, [item(Fraction(4, 5), {1: 1})])]
    )
    assert result.criteria[1].status == CriterionStatus.MASTERED


def test_evidence_of_the_wrong_kind_is_ignored():
    # Quiz items cannot prove a performance criterion; a checklist cannot prove knowledge.
    standard = spec(("performance", "knowledge"))
    result = standard_result(
        standard,
        attempts=[quiz(1, [item(1, {1: 1})])],
        observations=[observed(5, 2, True)],
    )
    assert result.criteria[1].is_pending
    assert result.criteria[2].is_pending


def test_attitude_observation_wins_over_situational_items():
    standard = spec(("attitude",))
    from_items = standard_result(standard, attempts=[quiz(1, [item(1, {1: 1})])])
    assert from_items.criteria[1].is_mastered
    both = standard_result(
        standard, attempts=[quiz(1, [item(1, {1: 1})])], observations=[observed(9, 1, False)]
    )
    assert both.criteria[1].status == CriterionStatus.NOT_YET
    assert both.criteria[1].evidence_ids == (9,)


def test_a_correction_supersedes_the_earlier_observation():
    standard = spec(("performance",))
    result = standard_result(
        standard, observations=[observed(1, 1, False, minutes=0), observed(2, 1, True, minutes=5)]
    )
    assert result.criteria[1].is_mastered
    assert result.criteria[1].evidence_ids == (2,)


def test_quizzes_combine_by_weight_mass():
    attempts = [
        quiz(1, [item(1, {1: 1}, points=3)], quiz_id=1),
        quiz(2, [item(0, {1: 1}, points=1)], quiz_id=2),
    ]
    assert item_criterion_scores(attempts)[1] == (Fraction(3, 4), (1, 2))
