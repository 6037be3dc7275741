"""What a recorded judgement means for the candidate's certificate, and the approval queue.

``certificate_issue_for_judgement`` is the one service the ``judgement_recorded`` receiver
calls (``apps.CertificatesConfig.ready``), inside the judgement's transaction: a
*Competente* judgement issues the competency certificate at once (renewing one near or past
its expiry), or, where the standard's ``IssuanceRule`` asks for approval, puts an
``IssuanceRequest`` in the administrators' queue; they approve it (the certificate is
issued) or decline it with a reason the holder is told.
"""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import Judgement
from assessments.selectors import judgement_current

from .. import selectors, tasks
from ..models import Certificate, IssuanceRequest, IssuanceRule
from .issue import (
    ISSUE_PERMISSION,
    CertificateError,
    _require,
    certificate_grant,
    is_renewable,
)

logger = logging.getLogger("certificates")


@transaction.atomic
def certificate_issue_for_judgement(
    *, judgement: Judgement
) -> Certificate | IssuanceRequest | None:
    """The certificate (issued or renewed), the request awaiting approval, or None.

    The actor is the system acting on a judgement that ``assessments`` recorded after its
    own checks (an evaluator who did not train the candidate, every criterion evidenced).
    A *Todavía no competente* judgement issues nothing and withdraws a pending request.
    """
    holder, standard = judgement.candidate, judgement.standard
    pending = (
        IssuanceRequest.objects.select_for_update()
        .filter(holder=holder, standard=standard, status=IssuanceRequest.Status.PENDING)
        .first()
    )
    if judgement_current(candidate=holder, standard=standard) != judgement:
        return None  # recorded with an earlier date than the current one: changes nothing
    if not judgement.is_competent:
        if pending is not None:
            pending.status = IssuanceRequest.Status.WITHDRAWN
            pending.decided_at = timezone.now()
            pending.save(update_fields=["status", "decided_at"])
        return None
    if selectors.issuance_mode(standard) == IssuanceRule.Mode.AT_ONCE:
        return certificate_grant(holder=holder, standard=standard, judgement=judgement)
    existing = selectors.certificate_valid_for(holder=holder, standard=standard)
    if existing is not None and not is_renewable(
        existing, judgement=judgement, today=timezone.localdate()
    ):
        return existing
    if pending is not None:  # a newer judgement: the request now rests on it
        pending.judgement = judgement
        pending.save(update_fields=["judgement"])
        return pending
    request = IssuanceRequest(holder=holder, standard=standard, judgement=judgement)
    request.full_clean(validate_constraints=False)
    request.save()
    logger.info("Certificate for user %s on %s awaits approval", holder.pk, standard.code)
    return request


def _pending(request: IssuanceRequest) -> IssuanceRequest:
    locked = (
        IssuanceRequest.objects.select_for_update()
        .select_related("holder", "standard", "judgement")
        .get(pk=request.pk)
    )
    if locked.status != IssuanceRequest.Status.PENDING:
        raise CertificateError(
            _("This request was already decided: %(status)s.")
            % {"status": locked.get_status_display().lower()},
            code="decided",
        )
    return locked


@transaction.atomic
def issuance_request_approve(*, request: IssuanceRequest, actor) -> Certificate:
    """An administrator approves: the certificate is issued (or renewed) and the holder told."""
    _require(actor, ISSUE_PERMISSION, _("Only administrators approve certificates."))
    request = _pending(request)
    certificate = certificate_grant(
        holder=request.holder,
        standard=request.standard,
        issued_by=actor,
        judgement=request.judgement,
    )
    request.status = IssuanceRequest.Status.APPROVED
    request.certificate = certificate
    request.decided_by, request.decided_at = actor, timezone.now()
    request.save(update_fields=["status", "certificate", "decided_by", "decided_at"])
    logger.info("Request %s approved by user %s: %s", request.pk, actor.pk, certificate.code)
    return certificate


@transaction.atomic
def issuance_request_decline(*, request: IssuanceRequest, actor, reason: str) -> IssuanceRequest:
    """An administrator declines with a reason, which the holder receives by e-mail."""
    _require(actor, ISSUE_PERMISSION, _("Only administrators decline certificates."))
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError(_("Give the reason for declining, for the holder to read."))
    request = _pending(request)
    request.status = IssuanceRequest.Status.DECLINED
    request.decline_reason = reason
    request.decided_by, request.decided_at = actor, timezone.now()
    request.save(update_fields=["status", "decline_reason", "decided_by", "decided_at"])
    logger.info("Request %s declined by user %s", request.pk, actor.pk)
    request_id = request.pk
    tasks.issuance_request_send_declined_email.enqueue(request_id)
    return request
