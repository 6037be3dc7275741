"""Reads for assessments, for other apps and for views."""

from ..models import Judgement


def judgement_current(*, candidate, standard) -> Judgement | None:
    """The latest judgement recorded for ``candidate`` on ``standard``, if any."""
    return (
        Judgement.objects.filter(candidate=candidate, standard=standard)
        .select_related("evaluator", "standard")
        .order_by("-decided_at", "-pk")
        .first()
    )


def judgements_current(*, candidates, standard) -> dict[int, Judgement]:
    """``judgement_current`` for many candidates at once (one query), keyed by candidate id."""
    current = {}
    judgements = Judgement.objects.filter(candidate__in=candidates, standard=standard).order_by(
        "candidate_id", "-decided_at", "-pk"
    )
    for judgement in judgements:
        current.setdefault(judgement.candidate_id, judgement)
    return current
