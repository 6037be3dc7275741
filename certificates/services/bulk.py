"""Bulk issuance: a cohort's certificates, shared out in chunks over as many workers as run."""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.languages import LANGUAGE_CODES
from competencies.models import Standard
from courses.models import Cohort, Enrollment

from .. import selectors, tasks
from ..models import BulkIssuance, BulkIssuanceOutcome, Kind
from .issue import (
    ISSUE_PERMISSION,
    CertificateError,
    _achievement,
    _certificate_create,
    _require,
    certificates_create_many,
)

# Learners per issuing task (and per render job that follows it): small enough that every
# worker gets a share and the progress bar moves smoothly, large enough that the chunk's
# fixed queries (about 24, see tests/certificates/test_services.py) and each job's own cost
# in the queue are shared by many certificates.
BULK_CHUNK = 50


BULK_PERMISSION = "certificates.add_bulkissuance"


@transaction.atomic
def bulk_issuance_start(
    *, cohort: Cohort, kind: str, requested_by, standard: Standard | None = None
) -> BulkIssuance:
    """Plan a bulk run for ``cohort``; its certificates are issued in the requester's name, so
    the requester must hold both the bulk and the issue permissions."""
    _require(requested_by, BULK_PERMISSION, _("Only administrators issue certificates."))
    _require(requested_by, ISSUE_PERMISSION, _("Only administrators issue certificates."))
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
    tasks.bulk_issuance_run.enqueue(bulk_id)
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
    bulk.outcomes.all().delete()  # a failed run starts again from nobody
    bulk.status, bulk.total, bulk.processed = BulkIssuance.Status.RUNNING, len(holder_ids), 0
    bulk.error, bulk.finished_at = "", None
    if not holder_ids:
        bulk.status, bulk.finished_at = BulkIssuance.Status.DONE, timezone.now()
    bulk.save()
    for start in range(0, len(holder_ids), BULK_CHUNK):
        chunk = holder_ids[start : start + BULK_CHUNK]
        tasks.bulk_issuance_issue.enqueue(bulk_id, chunk)
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
        eligible = [h for h in holders if h.pk not in existing and h.pk not in reasons]
        try:
            with transaction.atomic():
                created = certificates_create_many(
                    holders=eligible, achievement=achievement, issued_by=bulk.requested_by
                )
        except IntegrityError:  # one of them was issued meanwhile: one by one, as one issue
            created = []
            for holder in eligible:
                with transaction.atomic():
                    created.append(
                        _certificate_create(
                            holder=holder, achievement=achievement, issued_by=bulk.requested_by
                        )
                    )
        existing.update({certificate.holder_id: certificate for certificate in created})
        for holder in holders:
            certificate = existing.get(holder.pk)
            if certificate is None:
                skipped.append(_skipped(bulk_id, holder, reasons[holder.pk]))
                continue
            issued.append(
                BulkIssuanceOutcome(
                    bulk_id=bulk_id,
                    holder=holder,
                    name=holder.printed_name,
                    certificate=certificate,
                    code=certificate.code,
                )
            )
    except Exception as error:
        _bulk_record(bulk_id, issued=issued, skipped=skipped, error=str(error))
        raise
    return _bulk_record(bulk_id, issued=issued, skipped=skipped)


def _skipped(bulk_id: int, holder, reason) -> BulkIssuanceOutcome:
    """A skipped learner with the reason in every interface language, for the summary page."""
    reasons = {}
    for language in LANGUAGE_CODES:
        with translation.override(language):
            reasons[language] = reason()
    return BulkIssuanceOutcome(
        bulk_id=bulk_id, holder=holder, name=holder.printed_name, reasons=reasons
    )


@transaction.atomic
def _bulk_record(bulk_id: int, *, issued: list, skipped: list, error: str = "") -> BulkIssuance:
    """Record a chunk's outcomes (a learner already recorded is left as it was) and add the
    newly recorded ones to the progress: four queries, whatever the size of the run (the
    chunk's own learners are looked up, never the run's outcomes counted).

    The run's row is locked first, so a chunk handled twice at once (a retry while the first
    try still runs) is recorded by one and counted once."""
    bulk = BulkIssuance.objects.select_for_update().get(pk=bulk_id)
    outcomes = [*issued, *skipped]
    recorded = set(
        bulk.outcomes.filter(holder__in=[o.holder_id for o in outcomes]).values_list(
            "holder", flat=True
        )
    )
    new = [outcome for outcome in outcomes if outcome.holder_id not in recorded]
    BulkIssuanceOutcome.objects.bulk_create(new, ignore_conflicts=True)
    bulk.processed = min(bulk.processed + len(new), bulk.total)
    if error:
        bulk.status, bulk.error = BulkIssuance.Status.FAILED, error
    elif bulk.processed == bulk.total and bulk.status != BulkIssuance.Status.DONE:
        # A chunk that failed earlier and succeeded on its retry finishes the run too.
        bulk.status, bulk.error = BulkIssuance.Status.DONE, ""
        bulk.finished_at = timezone.now()
    bulk.save(update_fields=["processed", "status", "error", "finished_at"])
    return bulk
