"""Issue, renew, revoke and re-issue one certificate; store its PDFs; expiry reminders.

Each write checks its actor (administrators hold the certificate permissions; the system
issues on a *Competente* judgement, see ``services.judgements``), records a
``CertificateEvent`` and logs. Side effects (rendering the PDF, then its e-mail) are tasks
enqueued inside the write's transaction: the task backend records them with it and runs them
after the commit (``cms.task_queue``), so a certificate that was rolled back leaves no task and
one that committed always has its render; ``reconcile`` is the last safety net.
"""

import datetime
import gc
import hashlib
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.inbox import notified_subjects
from accounts.languages import LANGUAGE_CODES
from accounts.models import Notification
from assessments.models import Judgement
from assessments.selectors import judgement_current
from audit.services import Action as SecurityAction
from audit.services import record as audit_record
from audit.services import record_many as audit_record_many
from competencies.models import Standard
from competencies.translation import column, texts, translated_value
from courses.models import Course

from .. import selectors, tasks
from ..codes import code_generate
from ..dates import add_months
from ..models import (
    RENEWAL_WINDOW_DAYS,
    Certificate,
    CertificateEvent,
    CertificateSettings,
    Kind,
)
from .credentials import credential_issue, credentials_issue_many

logger = logging.getLogger("certificates")

ISSUE_PERMISSION = "certificates.add_certificate"
REVOKE_PERMISSION = "certificates.revoke_certificate"


class CertificateError(ValidationError):
    """A refused certificate operation; the message says why, in the active language."""


def _require(actor, permission: str, message: str) -> None:
    """Refuse (``PermissionDenied``) unless ``actor`` is an active user holding ``permission``."""
    if actor is None or not actor.is_active or not actor.has_perm(permission):
        raise PermissionDenied(message)


def _texts_in_every_language(instance, field: str, source: str) -> dict[str, str]:
    """``<field>_<language>`` in every language, each falling back to ``source`` while
    missing: a snapshot prints the same whatever is translated later."""
    written = texts(instance, field)
    return {
        column(field, code): translated_value(written, code, source=source)
        for code in LANGUAGE_CODES
    }


def _titles(instance, source: str) -> dict[str, str]:
    return _texts_in_every_language(instance, "title", source)


def _achievement(*, course: Course | None, standard: Standard | None, today) -> dict:
    """What every certificate for this achievement issued ``today`` prints, whoever holds it,
    and the language it was written in (the standard's framework's, or the course's)."""
    signing = CertificateSettings.load()
    if standard is not None:
        source = standard.framework.source_language
        competencies = [
            {"code": f"E{e.number}", **_titles(e, source)} for e in standard.elements.all()
        ]
        expires_on = (
            add_months(today, standard.validity_months) if standard.validity_months else None
        )
        titles, code, hours = _titles(standard, source), standard.code, None
        is_sample = standard.is_sample
    else:
        source = course.source_language
        targets = list(course.target_standards.select_related("framework").order_by("code"))
        competencies = [
            {"code": s.code, **_titles(s, s.framework.source_language)} for s in targets
        ]
        is_sample = any(s.is_sample for s in targets)  # a course preparing for a sample
        expires_on = None
        titles, code, hours = _titles(course, source), "", course.hours
    return {
        "kind": Kind.COURSE if course is not None else Kind.COMPETENCY,
        "course": course,
        "standard": standard,
        "source_language": source,
        **titles,
        "standard_code": code,
        "competencies": competencies,
        "hours": hours,
        "is_sample": is_sample,
        "issued_on": today,
        "expires_on": expires_on,
        "issuer": signing.issuer,
        "signatory_name": signing.signatory_name,
        **_texts_in_every_language(signing, "signatory_title", settings.LANGUAGE_CODE),
    }


# Certificate events that also go to the security log, as what they are there.
SECURITY_ACTIONS = {
    CertificateEvent.Action.ISSUED: SecurityAction.CERTIFICATE_ISSUED,
    CertificateEvent.Action.RENEWED: SecurityAction.CERTIFICATE_ISSUED,
    CertificateEvent.Action.REISSUED: SecurityAction.CERTIFICATE_ISSUED,
    CertificateEvent.Action.REVOKED: SecurityAction.CERTIFICATE_REVOKED,
}


def _log(certificate, action, *, actor=None, reason="") -> None:
    CertificateEvent.objects.create(
        certificate=certificate, action=action, actor=actor, reason=reason
    )
    if action in SECURITY_ACTIONS:
        details = {"event": str(action), "code": certificate.code}
        if reason:
            details["reason"] = reason
        audit_record(SECURITY_ACTIONS[action], actor=actor, target=certificate, **details)


def _after_issue(certificate: Certificate) -> None:
    """Render the PDF (recorded with the certificate, run after the commit); its e-mail follows
    the render (``_store``), so a certificate found without its PDF (``reconcile``) still owes
    both and gets both once."""
    tasks.certificate_render_pdf.enqueue(certificate.pk)


def _check_achievement(course, standard) -> None:
    if (course is None) == (standard is None):
        raise CertificateError(_("Choose either a course or a standard."))


@transaction.atomic
def certificate_issue(
    *,
    holder,
    course: Course | None = None,
    standard: Standard | None = None,
    issued_by,
    today: datetime.date | None = None,
) -> Certificate:
    """An administrator issues the certificate ``holder`` has earned.

    Returns the valid one they already hold, unless it is within ``RENEWAL_WINDOW_DAYS`` of
    its expiry (or past it) and a newer *Competente* judgement renews it. Raises
    ``PermissionDenied`` for anyone without ``certificates.add_certificate`` and
    ``CertificateError`` when the holder is not eligible (course not completed, standard not
    judged *Competente*).
    """
    _require(issued_by, ISSUE_PERMISSION, _("Only administrators issue certificates."))
    return certificate_grant(
        holder=holder, course=course, standard=standard, issued_by=issued_by, today=today
    )


def certificate_grant(
    *,
    holder,
    course: Course | None = None,
    standard: Standard | None = None,
    issued_by=None,
    judgement: Judgement | None = None,
    today: datetime.date | None = None,
) -> Certificate:
    """Issue (or renew) without checking an actor: for services that checked theirs, and for
    the system acting on a judgement (``issued_by`` None). In the caller's transaction."""
    _check_achievement(course, standard)
    today = today or timezone.localdate()
    if standard is not None and judgement is None:
        judgement = judgement_current(candidate=holder, standard=standard)
    existing = selectors.certificate_valid_for(holder=holder, course=course, standard=standard)
    if existing is not None and not is_renewable(existing, judgement=judgement, today=today):
        if not existing.pdf:  # its render was lost: issuing again renders it
            _after_issue(existing)
        return existing
    reason = selectors.ineligibility_reason(holder=holder, course=course, standard=standard)
    if reason:
        raise CertificateError(reason, code="ineligible")
    achievement = _achievement(course=course, standard=standard, today=today)
    if existing is None:
        return _certificate_create(
            holder=holder, achievement=achievement, issued_by=issued_by, judgement=judgement
        )
    return _renew(old=existing, achievement=achievement, issued_by=issued_by, judgement=judgement)


def is_renewable(certificate: Certificate, *, judgement: Judgement | None, today) -> bool:
    """Whether ``judgement`` renews ``certificate``: a newer *Competente* judgement while the
    certificate is within ``RENEWAL_WINDOW_DAYS`` of its expiry, or past it."""
    return (
        certificate.kind == Kind.COMPETENCY
        and certificate.expires_within(RENEWAL_WINDOW_DAYS, today)
        and judgement is not None
        and judgement.is_competent
        and judgement.pk != certificate.judgement_id
        and judgement.decided_at > certificate.created_at
    )


def _renew(*, old: Certificate, achievement: dict, issued_by, judgement) -> Certificate:
    """A new certificate superseding ``old`` (near or past its expiry); both ends audited."""
    old = Certificate.objects.select_for_update().get(pk=old.pk)
    old.status = Certificate.Status.SUPERSEDED
    old.save(update_fields=["status"])
    new = _certificate_create(
        holder=old.holder, achievement=achievement, issued_by=issued_by, judgement=judgement
    )
    old.superseded_by = new
    old.save(update_fields=["superseded_by"])
    _log(old, CertificateEvent.Action.SUPERSEDED, actor=issued_by)
    _log(new, CertificateEvent.Action.RENEWED, actor=issued_by)
    logger.info("Certificate %s renews %s", new.code, old.code)
    return new


def _certificate_create(*, holder, achievement: dict, issued_by, judgement=None) -> Certificate:
    """Save a new certificate for an eligible ``holder`` (in the caller's transaction).

    Returns the valid one the database already holds when another request or worker issued
    it concurrently (the "one valid certificate per learner and achievement" constraint).
    """
    certificate = Certificate(
        code=code_generate(),
        holder=holder,
        holder_name=holder.printed_name,
        issued_by=issued_by,
        judgement=judgement if achievement["standard"] is not None else None,
        **achievement,
    )
    certificate.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            certificate.save()
    except IntegrityError:
        existing = selectors.certificate_valid_for(
            holder=holder, course=achievement["course"], standard=achievement["standard"]
        )
        if existing is None:
            raise
        return existing
    _log(certificate, CertificateEvent.Action.ISSUED, actor=issued_by)
    credential_issue(certificate=certificate)  # signed in the same transaction
    logger.info(
        "Certificate %s issued to user %s by %s",
        certificate.code,
        holder.pk,
        f"user {issued_by.pk}" if issued_by else "the system on a judgement",
    )
    _after_issue(certificate)
    return certificate


# Set on the issue path from the rows already read (the holders, the achievement, the
# issuer): ``full_clean`` would read each of them again, per certificate.
_VERIFIED_FIELDS = ["holder", "course", "standard", "judgement", "issued_by"]


def certificates_create_many(*, holders: list, achievement: dict, issued_by) -> list[Certificate]:
    """``_certificate_create`` for many eligible ``holders`` of one ``achievement`` (bulk
    issuance), in the caller's transaction and a fixed number of queries whatever their
    number: the certificates, their events, the security log's entries and the signed
    credentials are each one INSERT. Raises ``IntegrityError`` when one of them already
    holds a valid certificate (issued concurrently): the caller issues one by one then."""
    if not holders:
        return []
    certificates = [
        Certificate(
            code=code_generate(),  # 160 random bits: the unique constraint guards the rest
            holder=holder,
            holder_name=holder.printed_name,
            issued_by=issued_by,
            judgement=None,
            **achievement,
        )
        for holder in holders
    ]
    for certificate in certificates:
        certificate.full_clean(
            exclude=_VERIFIED_FIELDS, validate_unique=False, validate_constraints=False
        )
    Certificate.objects.bulk_create(certificates)
    action = CertificateEvent.Action.ISSUED
    CertificateEvent.objects.bulk_create(
        CertificateEvent(certificate=certificate, action=action, actor=issued_by)
        for certificate in certificates
    )
    audit_record_many(
        SECURITY_ACTIONS[action],
        actor=issued_by,
        targets=[(c, {"event": str(action), "code": c.code}) for c in certificates],
    )
    credentials_issue_many(certificates=certificates)  # signed in the same transaction
    for certificate in certificates:
        logger.info(
            "Certificate %s issued to user %s by %s",
            certificate.code,
            certificate.holder_id,
            f"user {issued_by.pk}" if issued_by else "the system on a judgement",
        )
    certificate_ids = [certificate.pk for certificate in certificates]
    tasks.certificates_render_pdfs.enqueue(certificate_ids)  # an outbox row, in this transaction
    return certificates


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, reason: str, actor) -> Certificate:
    """Revoke with a reason; the holder is told by e-mail and downloads a copy marked revoked."""
    _require(actor, REVOKE_PERMISSION, _("Only administrators revoke certificates."))
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError(_("Give the reason for revoking this certificate."))
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.status == Certificate.Status.REVOKED:
        raise CertificateError(
            _("This certificate was already revoked on %(date)s.")
            % {"date": timezone.localtime(certificate.revoked_at).date().isoformat()},
            code="already_revoked",
        )
    if certificate.status == Certificate.Status.SUPERSEDED:
        raise CertificateError(
            _("This certificate was replaced by a re-issue; revoke the current one instead."),
            code="superseded",
        )
    certificate.status = Certificate.Status.REVOKED
    certificate.revoked_at = timezone.now()
    certificate.revocation_reason = reason
    certificate.save(update_fields=["status", "revoked_at", "revocation_reason"])
    _log(certificate, CertificateEvent.Action.REVOKED, actor=actor, reason=reason)
    logger.info("Certificate %s revoked by user %s", certificate.code, actor.pk)
    certificate_id = certificate.pk  # the e-mail follows the marked copy (``_store``)
    tasks.certificate_render_revoked_pdf.enqueue(certificate_id)
    return certificate


@transaction.atomic
def certificate_reissue(
    *, certificate: Certificate, actor, reason: str = "", today=None
) -> Certificate:
    """Replace a valid certificate with a fresh snapshot (e.g. a corrected name).

    The old one is marked superseded and points at the new one; both events are audited.
    """
    _require(actor, REVOKE_PERMISSION, _("Only administrators re-issue certificates."))
    old = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if old.status != Certificate.Status.VALID:
        raise CertificateError(
            _("Only a valid certificate can be re-issued; this one is %(status)s.")
            % {"status": old.get_status_display().lower()},
            code="not_valid",
        )
    reason_ineligible = selectors.ineligibility_reason(
        holder=old.holder, course=old.course, standard=old.standard
    )
    if reason_ineligible:
        raise CertificateError(reason_ineligible, code="ineligible")
    old.status = Certificate.Status.SUPERSEDED
    old.save(update_fields=["status"])
    new = _certificate_create(
        holder=old.holder,
        achievement=_achievement(
            course=old.course, standard=old.standard, today=today or timezone.localdate()
        ),
        issued_by=actor,
        judgement=old.judgement,
    )
    old.superseded_by = new
    old.save(update_fields=["superseded_by"])
    _log(old, CertificateEvent.Action.SUPERSEDED, actor=actor, reason=reason)
    _log(new, CertificateEvent.Action.REISSUED, actor=actor, reason=reason)
    logger.info("Certificate %s re-issued as %s by user %s", old.code, new.code, actor.pk)
    return new


def certificate_store_pdf(*, certificate_id: int) -> Certificate:
    """Render the PDF once and store it with its SHA-256; a stored PDF is never replaced."""
    return _store(certificate_id, field="pdf", revoked=False)


def certificates_store_pdfs(*, certificate_ids: list[int]) -> int:
    """``certificate_store_pdf`` for a bulk chunk's certificates, read together (with their
    credentials), each stored in its own transaction as soon as rendered; their e-mails
    follow in one job, enqueued once the chunk is done. A retried job (its worker died or it
    raised) also sends the e-mails still owed for the PDFs an earlier try stored: those
    without their issued notification. Returns how many PDFs this call stored."""
    certificates = list(
        Certificate.objects.select_related("holder", "credential").filter(pk__in=certificate_ids)
    )
    paper = CertificateSettings.load().paper
    notify = _issued_emails_owed([c for c in certificates if c.pdf])
    stored = 0
    for certificate in certificates:
        if not certificate.pdf and _store(
            certificate.pk, field="pdf", revoked=False, loaded=certificate, paper=paper
        ):
            notify.append(certificate.pk)
            stored += 1
            # A render leaves its layout (WeasyPrint's boxes point at their parents) and its
            # signature's objects in reference cycles. Collected after each PDF, the chunk's
            # worker stays about 7 MiB smaller than when 50 renders' cycles wait for the
            # collector, for about 1.4 ms beside a 55 ms render (issue 21).
            gc.collect()
    if notify:
        tasks.certificate_send_issued_emails.enqueue(notify)
    return stored


def _issued_emails_owed(rendered: list[Certificate]) -> list[int]:
    subjects = {f"certificate:{certificate.pk}": certificate.pk for certificate in rendered}
    done = notified_subjects(kind=Notification.Kind.CERTIFICATE_ISSUED, subjects=list(subjects))
    return [pk for subject, pk in subjects.items() if subject not in done]


def certificate_store_revoked_pdf(*, certificate_id: int) -> Certificate:
    """Once revoked, render the copy marked REVOCADO / REVOKED that downloads serve from now on.

    The original file and its SHA-256 stay, so the PDF checker still recognises the issued
    file and reports it revoked; the marked copy's hash is kept too.
    """
    return _store(certificate_id, field="revoked_pdf", revoked=True)


def _store(
    certificate_id: int, *, field: str, revoked: bool, loaded=None, paper=None
) -> Certificate | None:
    """Render and store once; the holder's e-mail (issued or revoked) is enqueued in the
    transaction that stores the file: at least once, and never for a file not stored.

    With ``loaded`` (a batch read it, see ``certificates_store_pdfs``), the e-mail is the
    caller's to enqueue, and the stored certificate is returned only when this call stored it.
    """
    certificate = loaded or Certificate.objects.select_related("holder").get(pk=certificate_id)
    if getattr(certificate, field) or (
        revoked and certificate.status != Certificate.Status.REVOKED
    ):
        return None if loaded else certificate
    from ..pdf import certificate_pdf_render  # WeasyPrint loads in the worker, not the web

    content = certificate_pdf_render(certificate, paper=paper, revoked=revoked)
    digest = hashlib.sha256(content).hexdigest()
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate_id)
        if getattr(locked, field):  # another worker won the race
            return None if loaded else locked
        suffix = "-revoked" if revoked else ""
        getattr(locked, field).save(f"{locked.code}{suffix}.pdf", ContentFile(content), save=False)
        setattr(locked, f"{field}_sha256", digest)
        update = [field, f"{field}_sha256"]
        if not revoked:
            locked.rendered_at = timezone.now()
            update.append("rendered_at")
        locked.save(update_fields=update)
        _log(
            locked, CertificateEvent.Action.RENDERED, reason="REVOCADO / REVOKED" if revoked else ""
        )
        email = (
            tasks.certificate_send_revoked_email if revoked else tasks.certificate_send_issued_email
        )
        if loaded is None:
            email.enqueue(certificate_id)
    return locked


def certificate_send_expiry_reminders(*, days_before: int = RENEWAL_WINDOW_DAYS, today=None) -> int:
    """E-mail holders whose certificate expires within ``days_before`` days, once each: each
    reminder is claimed, logged and its e-mail queued (a task) in one transaction."""
    today = today or timezone.localdate()
    sent = 0
    due = selectors.certificates_to_remind(within_days=days_before, today=today)
    for certificate in due:
        with transaction.atomic():
            claimed = Certificate.objects.filter(
                pk=certificate.pk, expiry_reminder_sent_at__isnull=True
            ).update(expiry_reminder_sent_at=timezone.now())
            if not claimed:
                continue
            _log(certificate, CertificateEvent.Action.REMINDED)
            tasks.certificate_send_expiry_reminder.enqueue(certificate.pk)
        sent += 1
    return sent
