"""Receivers of other apps' signals: each calls one service and holds no logic."""

from .services import certificate_issue_for_judgement


def issue_on_judgement(sender, *, judgement, **kwargs) -> None:
    """``assessments.signals.judgement_recorded``: in the judgement's own transaction."""
    certificate_issue_for_judgement(judgement=judgement)
