"""Writes for certificates: issue, revoke, re-issue, store the PDF, bulk issuance, reminders.

Every write is an explicit call (never a signal). Side effects (rendering the PDF, e-mail)
are tasks enqueued with ``transaction.on_commit``, so nothing leaves the process for a
certificate that was rolled back.
"""

import datetime
import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from competencies.models import Standard
from competencies.translation import LANGUAGE_CODES
from courses.models import Cohort, Course, Enrollment

from . import selectors, tasks
from .codes import code_generate
from .dates import add_months
from .models import BulkIssuance, Certificate, CertificateEvent, CertificateSettings, Kind
from .pdf import certificate_pdf_render

PROGRESS_EVERY = 10  # learners between progress writes: enough for a smooth progress bar


class CertificateError(ValidationError):
    """A refused certificate operation; the message says why, in the active language."""


def _snapshot(*, holder, course: Course | None, standard: Standard | None, today) -> dict:
    signing = CertificateSettings.load()
    if standard is not None:
        competencies = [
            {"code": f"E{e.number}", "title_es": e.title_es, "title_en": e.title_en or e.title_es}
            for e in standard.elements.all()
        ]
        expires_on = (
            add_months(today, standard.validity_months) if standard.validity_months else None
        )
        title_es, title_en, code, hours = (
            standard.title_es,
            standard.title_en or standard.title_es,
            standard.code,
            None,
        )
    else:
        competencies = [
            {"code": s.code, "title_es": s.title_es, "title_en": s.title_en or s.title_es}
            for s in course.target_standards.order_by("code")
        ]
        expires_on = None
        title_es, title_en, code, hours = (
            course.title_es,
            course.title_en or course.title_es,
            "",
            course.hours,
        )
    return {
        "holder_name": holder.printed_name,
        "title_es": title_es,
        "title_en": title_en,
        "standard_code": code,
        "competencies": competencies,
        "hours": hours,
        "issued_on": today,
        "expires_on": expires_on,
        "issuer": signing.issuer,
        "signatory_name": signing.signatory_name,
        "signatory_title_es": signing.signatory_title_es,
        "signatory_title_en": signing.signatory_title_en,
    }


def _log(certificate, action, *, actor=None, reason="") -> None:
    CertificateEvent.objects.create(
        certificate=certificate, action=action, actor=actor, reason=reason
    )


def _after_issue(certificate: Certificate) -> None:
    certificate_id = certificate.pk
    transaction.on_commit(lambda: tasks.certificate_render_pdf.enqueue(certificate_id))
    transaction.on_commit(lambda: tasks.certificate_send_issued_email.enqueue(certificate_id))


def _check_achievement(course, standard) -> None:
    if (course is None) == (standard is None):
        raise CertificateError(_("Choose either a course or a standard."))


@transaction.atomic
def certificate_issue(
    *,
    holder,
    course: Course | None = None,
    standard: Standard | None = None,
    issued_by=None,
    today: datetime.date | None = None,
) -> Certificate:
    """Issue the certificate ``holder`` has earned, or return the valid one they already have.

    Raises ``CertificateError`` when the holder is not eligible (course not completed,
    standard not judged *Competente*).
    """
    _check_achievement(course, standard)
    existing = selectors.certificate_valid_for(holder=holder, course=course, standard=standard)
    if existing is not None:
        return existing
    reason = selectors.ineligibility_reason(holder=holder, course=course, standard=standard)
    if reason:
        raise CertificateError(reason, code="ineligible")
    certificate = Certificate(
        code=code_generate(),
        kind=Kind.COURSE if course is not None else Kind.COMPETENCY,
        holder=holder,
        course=course,
        standard=standard,
        issued_by=issued_by,
        **_snapshot(
            holder=holder, course=course, standard=standard, today=today or timezone.localdate()
        ),
    )
    certificate.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            certificate.save()
    except IntegrityError:
        # Issued concurrently by another request or worker: the database kept one.
        existing = selectors.certificate_valid_for(holder=holder, course=course, standard=standard)
        if existing is None:
            raise
        return existing
    _log(certificate, CertificateEvent.Action.ISSUED, actor=issued_by)
    _after_issue(certificate)
    return certificate


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, reason: str, actor=None) -> Certificate:
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
    return certificate


@transaction.atomic
def certificate_reissue(
    *, certificate: Certificate, actor=None, reason: str = "", today=None
) -> Certificate:
    """Replace a valid certificate with a fresh snapshot (e.g. a corrected name).

    The old one is marked superseded and points at the new one; both events are audited.
    """
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
    new = certificate_issue(
        holder=old.holder, course=old.course, standard=old.standard, issued_by=actor, today=today
    )
    old.superseded_by = new
    old.save(update_fields=["superseded_by"])
    _log(old, CertificateEvent.Action.SUPERSEDED, actor=actor, reason=reason)
    _log(new, CertificateEvent.Action.REISSUED, actor=actor, reason=reason)
    return new


def certificate_store_pdf(*, certificate_id: int) -> Certificate:
    """Render the PDF once and store it with its SHA-256; a stored PDF is never replaced."""
    certificate = Certificate.objects.select_related("holder").get(pk=certificate_id)
    if certificate.pdf:
        return certificate
    content = certificate_pdf_render(certificate)
    digest = hashlib.sha256(content).hexdigest()
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate_id)
        if locked.pdf:  # another worker won the race
            return locked
        locked.pdf.save(f"{locked.code}.pdf", ContentFile(content), save=False)
        locked.pdf_sha256 = digest
        locked.rendered_at = timezone.now()
        locked.save(update_fields=["pdf", "pdf_sha256", "rendered_at"])
        _log(locked, CertificateEvent.Action.RENDERED)
    return locked


@transaction.atomic
def bulk_issuance_start(
    *, cohort: Cohort, kind: str, standard: Standard | None = None, requested_by=None
) -> BulkIssuance:
    if kind == Kind.COMPETENCY and standard is None:
        raise CertificateError(_("Choose the standard to certify."))
    if kind == Kind.COURSE:
        standard = None
    bulk = BulkIssuance(
        cohort=cohort,
        kind=kind,
        standard=standard,
        requested_by=requested_by,
        total=Enrollment.objects.filter(cohort=cohort).count(),
    )
    bulk.full_clean()
    bulk.save()
    bulk_id = bulk.pk
    transaction.on_commit(lambda: tasks.bulk_issuance_run.enqueue(bulk_id))
    return bulk


def bulk_issuance_run(*, bulk_id: int) -> BulkIssuance:
    """Issue to every learner of the cohort, one transaction each, recording progress."""
    bulk = BulkIssuance.objects.select_related("cohort__course", "standard", "requested_by").get(
        pk=bulk_id
    )
    if bulk.status not in (BulkIssuance.Status.PENDING, BulkIssuance.Status.FAILED):
        return bulk
    enrollments = list(
        Enrollment.objects.filter(cohort=bulk.cohort).select_related("user").order_by("pk")
    )
    bulk.status, bulk.total, bulk.processed = BulkIssuance.Status.RUNNING, len(enrollments), 0
    bulk.issued, bulk.skipped, bulk.error = [], [], ""
    bulk.save()
    course = bulk.cohort.course if bulk.kind == Kind.COURSE else None
    try:
        for enrollment in enrollments:
            holder = enrollment.user
            try:
                certificate = certificate_issue(
                    holder=holder,
                    course=course,
                    standard=bulk.standard,
                    issued_by=bulk.requested_by,
                )
            except CertificateError as error:
                bulk.skipped.append(
                    {
                        "holder": holder.pk,
                        "name": holder.printed_name,
                        **_reasons(error, holder=holder, course=course, standard=bulk.standard),
                    }
                )
            else:
                bulk.issued.append(
                    {"holder": holder.pk, "name": holder.printed_name, "code": certificate.code}
                )
            bulk.processed += 1
            if bulk.processed % PROGRESS_EVERY == 0 or bulk.processed == bulk.total:
                bulk.save(update_fields=["processed", "issued", "skipped"])
    except Exception as error:
        bulk.status, bulk.error = BulkIssuance.Status.FAILED, str(error)
        bulk.save(update_fields=["status", "error"])
        raise
    bulk.status, bulk.finished_at = BulkIssuance.Status.DONE, timezone.now()
    bulk.save(update_fields=["status", "finished_at"])
    return bulk


def _reasons(error, *, holder, course, standard) -> dict:
    """The reason a learner was skipped, in every interface language, for the summary page."""
    reasons = {}
    for language in LANGUAGE_CODES:
        with translation.override(language):
            reasons[f"reason_{language}"] = (
                selectors.ineligibility_reason(holder=holder, course=course, standard=standard)
                or error.messages[0]
            )
    return reasons


def certificate_send_expiry_reminders(*, days_before: int = 60, today=None) -> int:
    """E-mail holders whose certificate expires within ``days_before`` days, once each."""
    from .emails import send_expiry_reminder

    today = today or timezone.localdate()
    sent = 0
    due = selectors.certificates_expiring(
        on_or_before=today + datetime.timedelta(days=days_before), today=today
    )
    for certificate in due:
        with transaction.atomic():
            claimed = Certificate.objects.filter(
                pk=certificate.pk, expiry_reminder_sent_at__isnull=True
            ).update(expiry_reminder_sent_at=timezone.now())
            if not claimed:
                continue
            _log(certificate, CertificateEvent.Action.REMINDED)
            transaction.on_commit(lambda c=certificate: send_expiry_reminder(c))
        sent += 1
    return sent
