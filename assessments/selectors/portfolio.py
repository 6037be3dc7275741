"""The candidate's portfolio of evidence for a standard: every evaluator record (corrections
included, in the order they were made), the photos they name, and the graded quiz attempts of
the courses that prepare for the standard."""

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import User
from competencies.models import Standard

from ..models import Attempt, EvidenceRecord


@dataclass(frozen=True)
class Portfolio:
    candidate: User
    standard: Standard
    records: list[EvidenceRecord]
    attempts: list[Attempt]

    @property
    def photos(self) -> list[EvidenceRecord]:
        return [record for record in self.records if record.photo]


def portfolio_of(*, candidate: User, standard: Standard) -> Portfolio:
    """2 queries whatever the number of records and attempts."""
    records = list(
        EvidenceRecord.objects.filter(candidate=candidate, standard=standard)
        .select_related("criterion__element", "evaluator")
        .order_by("criterion__element__number", "criterion__number", "recorded_at", "pk")
    )
    for record in records:
        record.criterion.element.standard = standard
        record.standard = standard
    attempts = list(
        Attempt.objects.filter(
            user=candidate,
            status=Attempt.Status.GRADED,
            quiz__course__target_standards=standard,
        )
        .select_related("quiz")
        .distinct()
        .order_by("submitted_at", "pk")
    )
    return Portfolio(candidate=candidate, standard=standard, records=records, attempts=attempts)
