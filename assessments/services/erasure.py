"""Erasing a candidate's personal data from the evidence recorded about them (LFPDPPP
cancellation, called by ``privacy.services.user_erase``)."""

from django.db import models, transaction

from ..models import EvidenceRecord


@transaction.atomic
def evidence_personal_data_erase(*, candidate) -> int:
    """Delete the photos of ``candidate``'s evidence and clear the evaluators' notes about them.

    Evidence is append-only (``EvidenceRecord`` refuses updates); erasure is its one
    exception, written here once: what a judgement rests on stays (criterion, met or not,
    evaluator, date, place), what shows or describes the person goes. The files are deleted
    after the commit. Returns how many records were changed."""
    records = EvidenceRecord.objects.filter(candidate=candidate).exclude(photo="", notes="")
    photos = [(record.photo.storage, record.photo.name) for record in records if record.photo]
    changed = models.QuerySet(EvidenceRecord).filter(pk__in=[r.pk for r in records])
    count = changed.update(photo="", notes="")

    def delete_files():
        for storage, name in photos:
            storage.delete(name)

    transaction.on_commit(delete_files)
    return count
