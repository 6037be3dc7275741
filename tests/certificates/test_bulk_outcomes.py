"""Bulk issuance records one outcome row per learner and adds each chunk's new ones to its
progress: a chunk's recording costs the same queries at the end of a long run as at its start,
and none of them reads the outcomes of the whole run (a count of them per chunk made a run's
work grow with the square of its learners)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from certificates.models import BulkIssuance, BulkIssuanceOutcome
from certificates.services import bulk_issuance_issue
from tests.factories.certificates import CohortFactory, EnrollmentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_progress_is_a_count_of_outcome_rows_whatever_was_recorded_before():
    cohort = CohortFactory()
    learners = [
        EnrollmentFactory(course=cohort.course, cohort=cohort, completed_at=None).user
        for _ in range(12)
    ]
    bulk = BulkIssuance.objects.create(
        cohort=cohort, kind="course", total=len(learners), status="running"
    )
    ids = [learner.pk for learner in learners]

    def recording(chunk: list[int]) -> int:
        with CaptureQueriesContext(connection) as captured:
            bulk_issuance_issue(bulk_id=bulk.pk, holder_ids=chunk)
        reads = [
            query["sql"]
            for query in captured
            if query["sql"].lstrip().upper().startswith("SELECT")
            and BulkIssuanceOutcome._meta.db_table in query["sql"]
        ]
        assert reads and all('"holder_id" IN (' in sql and "COUNT(" not in sql for sql in reads)
        return len(captured)

    bulk_issuance_issue(bulk_id=bulk.pk, holder_ids=ids[0:2])  # creates the settings row
    first = recording(ids[2:4])  # 2 recorded before
    bulk_issuance_issue(bulk_id=bulk.pk, holder_ids=ids[4:10])
    last = recording(ids[10:12])  # 10 recorded before
    assert first == last  # nothing read or rewritten grows with the run
    bulk.refresh_from_db()
    assert (bulk.status, bulk.processed) == (BulkIssuance.Status.DONE, 12)
    assert BulkIssuanceOutcome.objects.filter(bulk=bulk).count() == 12
    # A retried chunk adds no row and counts nobody twice.
    bulk_issuance_issue(bulk_id=bulk.pk, holder_ids=ids[0:3])
    bulk.refresh_from_db()
    assert bulk.processed == 12 and BulkIssuanceOutcome.objects.filter(bulk=bulk).count() == 12
    # Not completed the course: every one skipped, with the reason in both languages, by name.
    rows = bulk.skipped
    assert [row["name"] for row in rows] == sorted(row["name"] for row in rows)
    assert all(row["reason_es"] and row["reason_en"] for row in rows)
    assert bulk.issued == []
