"""Writes for certificates: issue, revoke, re-issue, store the PDF, bulk issuance, reminders.

Every write is an explicit call (never a signal). Side effects (rendering the PDF, e-mail)
are tasks enqueued with ``transaction.on_commit``, so nothing leaves the process for a
certificate that was rolled back.
"""

import datetime
import hashlib

from django.contrib.auth import get_user_model
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

# Learners per issuing task: small enough that every worker gets a share and the progress bar
# moves smoothly, large enough that eligibility reads and progress writes stay few.
BULK_CHUNK = 25


class CertificateError(ValidationError):
    """A refused certificate operation; the message says why, in the active language."""


def _achievement(*, course: Course | None, standard: Standard | None, today) -> dict:
    """What every certificate for this achievement issued ``today`` prints, whoever holds it."""
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
        "kind": Kind.COURSE if course is not None else Kind.COMPETENCY,
        "course": course,
        "standard": standard,
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
    return _certificate_create(
        holder=holder,
        achievement=_achievement(
            course=course, standard=standard, today=today or timezone.localdate()
        ),
        issued_by=issued_by,
    )


def _certificate_create(*, holder, achievement: dict, issued_by) -> Certificate:
    """Save a new certificate for an eligible ``holder`` (in the caller's transaction).

    Returns the valid one the database already holds when another request or worker issued
    it concurrently (the "one valid certificate per learner and achievement" constraint).
    """
    certificate = Certificate(
        code=code_generate(),
        holder=holder,
        holder_name=holder.printed_name,
        issued_by=issued_by,
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
    from .pdf import certificate_pdf_render  # WeasyPrint loads in the worker, not the web

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


@transaction.atomic
def bulk_issuance_run(*, bulk_id: int) -> BulkIssuance:
    """Share the cohort out in chunks of learners, issued by as many workers as are running.

    Each chunk is a task (``bulk_issuance_issue``) and each certificate's PDF and e-mail are
    tasks of their own, so every worker issues and renders instead of one issuing for all.
    """
    bulk = BulkIssuance.objects.select_for_update().get(pk=bulk_id)
    if bulk.status not in (BulkIssuance.Status.PENDING, BulkIssuance.Status.FAILED):
        return bulk
    holder_ids = list(
        Enrollment.objects.filter(cohort=bulk.cohort).order_by("pk").values_list("user", flat=True)
    )
    bulk.status, bulk.total, bulk.processed = BulkIssuance.Status.RUNNING, len(holder_ids), 0
    bulk.issued, bulk.skipped, bulk.error, bulk.finished_at = [], [], "", None
    if not holder_ids:
        bulk.status, bulk.finished_at = BulkIssuance.Status.DONE, timezone.now()
    bulk.save()
    for start in range(0, len(holder_ids), BULK_CHUNK):
        chunk = holder_ids[start : start + BULK_CHUNK]
        transaction.on_commit(lambda chunk=chunk: tasks.bulk_issuance_issue.enqueue(bulk_id, chunk))
    return bulk


def bulk_issuance_issue(*, bulk_id: int, holder_ids: list[int]) -> BulkIssuance:
    """Issue to one chunk of a bulk run's learners, one transaction each, and record progress.

    Eligibility and existing certificates are read for the whole chunk in a fixed number of
    queries; recording is idempotent, so a retried chunk never counts a learner twice.
    """
    bulk = BulkIssuance.objects.select_related("cohort__course", "standard", "requested_by").get(
        pk=bulk_id
    )
    course = bulk.cohort.course if bulk.kind == Kind.COURSE else None
    standard = bulk.standard
    by_id = get_user_model().objects.in_bulk(holder_ids)
    holders = [by_id[pk] for pk in holder_ids if pk in by_id]
    issued, skipped = [], []
    try:
        existing = selectors.certificates_valid_for(
            holders=holders, course=course, standard=standard
        )
        reasons = selectors.ineligibility_reasons(holders=holders, course=course, standard=standard)
        achievement = _achievement(course=course, standard=standard, today=timezone.localdate())
        for holder in holders:
            certificate = existing.get(holder.pk)
            if certificate is None and holder.pk in reasons:
                skipped.append(_skipped_row(holder, reasons[holder.pk]))
                continue
            if certificate is None:
                with transaction.atomic():
                    certificate = _certificate_create(
                        holder=holder, achievement=achievement, issued_by=bulk.requested_by
                    )
            issued.append(
                {"holder": holder.pk, "name": holder.printed_name, "code": certificate.code}
            )
    except Exception as error:
        _bulk_record(bulk_id, issued=issued, skipped=skipped, error=str(error))
        raise
    return _bulk_record(bulk_id, issued=issued, skipped=skipped)


def _skipped_row(holder, reason) -> dict:
    """A skipped learner with the reason in every interface language, for the summary page."""
    row = {"holder": holder.pk, "name": holder.printed_name}
    for language in LANGUAGE_CODES:
        with translation.override(language):
            row[f"reason_{language}"] = reason()
    return row


@transaction.atomic
def _bulk_record(bulk_id: int, *, issued: list, skipped: list, error: str = "") -> BulkIssuance:
    bulk = BulkIssuance.objects.select_for_update().get(pk=bulk_id)
    recorded = {row["holder"] for row in bulk.issued + bulk.skipped}
    bulk.issued += [row for row in issued if row["holder"] not in recorded]
    bulk.skipped += [row for row in skipped if row["holder"] not in recorded]
    bulk.processed = min(len(bulk.issued) + len(bulk.skipped), bulk.total)
    if error:
        bulk.status, bulk.error = BulkIssuance.Status.FAILED, error
    elif bulk.processed == bulk.total and bulk.status == BulkIssuance.Status.RUNNING:
        bulk.status, bulk.finished_at = BulkIssuance.Status.DONE, timezone.now()
        # Chunks finish in any order: the summary lists learners by name.
        bulk.issued.sort(key=lambda row: (row["name"], row["holder"]))
        bulk.skipped.sort(key=lambda row: (row["name"], row["holder"]))
    bulk.save(update_fields=["issued", "skipped", "processed", "status", "error", "finished_at"])
    return bulk


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
