"""Writes for the judgement: *Competente* / *Todavía no competente*, recorded once.

The verdict comes from ``scoring.competency`` over the candidate's graded attempts and the
current evaluator records. It is recorded only when every criterion has evidence, with its
basis (which attempts and records, each criterion's result), the evaluator and the date, and
never recomputed afterwards: new evidence leads to a new judgement row, explicitly recorded.
Apps above (certificates) act on it through the ``signals.judgement_recorded`` signal, sent
in the same transaction.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.inbox import notification_create
from accounts.models import Notification, User
from accounts.notifications import absolute_url, user_notify
from competencies.models import Standard

from .. import tasks
from ..models import Judgement
from ..selectors.judgement import judgement_current
from ..selectors.progress import standard_progress
from ..signals import judgement_recorded
from .evidence import EvaluationRefused, evaluation_check


@transaction.atomic
def judgement_record(
    *, evaluator: User, candidate: User, standard: Standard, now: datetime | None = None
) -> Judgement:
    """Record the verdict on the evidence as it stands; refuse while a criterion is pending
    or when nothing changed since the last judgement."""
    now = now or timezone.now()
    evaluation_check(evaluator=evaluator, candidate=candidate, standard=standard)
    # Serialise judgements of one candidate so two evaluators cannot record twice at once.
    User.objects.select_for_update().filter(pk=candidate.pk).first()

    progress = standard_progress(candidate=candidate, standard=standard)
    result = progress.result
    if not result.criteria:
        raise EvaluationRefused(
            _("%(standard)s has no criteria yet.") % {"standard": standard.code}, code="empty"
        )
    if not result.is_complete:
        raise EvaluationRefused(
            _("These criteria have no evidence yet: %(codes)s.")
            % {"codes": ", ".join(c.code for c in result.pending)},
            code="pending",
        )
    basis = {"standard": {"code": standard.code, "version": standard.version}, **result.as_basis()}
    previous = judgement_current(candidate=candidate, standard=standard)
    if previous is not None and previous.basis == basis:
        raise EvaluationRefused(
            _(
                "A judgement was already recorded on this same evidence on %(date)s; "
                "record new evidence first."
            )
            % {"date": timezone.localtime(previous.decided_at).strftime("%Y-%m-%d")},
            code="unchanged",
        )
    judgement = Judgement(
        candidate=candidate,
        standard=standard,
        result=str(result.verdict),
        evaluator=evaluator,
        decided_at=now,
        basis=basis,
    )
    judgement.full_clean()
    judgement.save()
    judgement_recorded.send(sender=Judgement, judgement=judgement)
    judgement_id = judgement.pk
    tasks.judgement_email.enqueue(judgement_id)
    return judgement


def judgement_notify(*, judgement: Judgement) -> None:
    """E-mail the candidate the verdict, in their preferred language; and in their inbox."""
    notification_create(
        user=judgement.candidate,
        kind=Notification.Kind.JUDGEMENT,
        subject=f"judgement:{judgement.pk}",
        render=lambda: (
            _("Judgement on %(code)s: %(result)s.")
            % {"code": judgement.standard.code, "result": judgement.get_result_display()},
            reverse("assessments:progress_standard", args=[judgement.standard_id]),
        ),
    )
    user_notify(
        user=judgement.candidate,
        template="assessments/progress/judgement_email",
        context=lambda: {
            "judgement": judgement,
            "candidate": judgement.candidate,
            "url": absolute_url(
                reverse("assessments:progress_standard", args=[judgement.standard_id])
            ),
        },
    )
