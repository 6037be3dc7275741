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
