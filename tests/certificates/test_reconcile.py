"""The reconciliation finishes what lost tasks left undone, once (immediate tasks here; the real
worker, Redis outage and ``kill -9`` cases are in ``test_rq`` and ``test_redis_outage``)."""

import datetime

from django.core import mail
from django.utils import timezone

import pytest

from certificates.models import BulkIssuance, Certificate
from certificates.services import (
    background_reconcile,
    bulk_issuance_issue,
    certificate_issue,
    certificate_revoke,
)
from certificates.services.bulk import _bulk_record
from courses.models import Enrollment
from tests.factories.certificates import CohortFactory, EnrollmentFactory

pytestmark = pytest.mark.django_db

LATER = datetime.timedelta(minutes=3)  # past RECONCILE_AFTER


def lost(holder, standard, administrator) -> Certificate:
    """A certificate whose render task never ran: saved, its after-commit work dropped (this
    test's transaction never commits)."""
    certificate = certificate_issue(holder=holder, standard=standard, issued_by=administrator)
    assert not certificate.pdf
    return certificate


def test_a_certificate_left_without_its_pdf_is_rendered_and_e_mailed_once(
    competent, holder, standard, administrator, django_capture_on_commit_callbacks
):
    certificate = lost(holder, standard, administrator)
    with django_capture_on_commit_callbacks(execute=True):
        young = background_reconcile(now=certificate.created_at + datetime.timedelta(seconds=30))
    assert not young  # too recent: its task may still be waiting in the queue

    for _pass in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            background_reconcile(now=certificate.created_at + LATER)
    certificate.refresh_from_db()
    assert certificate.pdf and certificate.rendered_at
    assert [m.to for m in mail.outbox] == [[holder.email]]  # the second pass found nothing
    assert certificate.events.filter(action="rendered").count() == 1


def test_issuing_again_a_certificate_without_its_pdf_renders_it(
    competent, holder, standard, administrator, django_capture_on_commit_callbacks
):
    certificate = lost(holder, standard, administrator)
    with django_capture_on_commit_callbacks(execute=True):
        again = certificate_issue(holder=holder, standard=standard, issued_by=administrator)
    assert again.pk == certificate.pk
    certificate.refresh_from_db()
    assert certificate.pdf
    assert len(mail.outbox) == 1


def test_a_revoked_certificate_without_its_marked_copy_gets_it_and_its_e_mail(
    certificate, administrator, django_capture_on_commit_callbacks
):
    certificate_revoke(certificate=certificate, reason="Error de captura", actor=administrator)
    certificate.refresh_from_db()
    assert not certificate.revoked_pdf
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        outcome = background_reconcile(now=certificate.revoked_at + LATER)
    assert (outcome.renders, outcome.revoked_renders) == (0, 1)
    certificate.refresh_from_db()
    assert certificate.revoked_pdf
    assert len(mail.outbox) == 1 and "revocado" in mail.outbox[0].subject


@pytest.fixture
def stalled(administrator):
    """A course run over five learners whose two first were recorded, then nothing."""
    cohort = CohortFactory()
    learners = [EnrollmentFactory(course=cohort.course, cohort=cohort).user for _ in range(5)]
    bulk = BulkIssuance.objects.create(
        cohort=cohort,
        kind="course",
        requested_by=administrator,
        total=5,
        status=BulkIssuance.Status.RUNNING,
    )
    bulk_issuance_issue(bulk_id=bulk.pk, holder_ids=[learner.pk for learner in learners[:2]])
    return bulk, learners


def test_a_stalled_bulk_run_is_resumed_only_after_a_pass_without_progress(
    stalled, django_capture_on_commit_callbacks
):
    bulk, learners = stalled
    later = bulk.created_at + LATER
    with django_capture_on_commit_callbacks(execute=True):
        assert background_reconcile(now=later).bulk_runs == 0  # first sight: progress noted
    bulk_issuance_issue(bulk_id=bulk.pk, holder_ids=[learners[2].pk])  # it moved meanwhile
    with django_capture_on_commit_callbacks(execute=True):
        assert background_reconcile(now=later).bulk_runs == 0
        assert background_reconcile(now=later).bulk_runs == 1  # stalled at 3 of 5
    bulk.refresh_from_db()
    assert (bulk.status, bulk.processed, bulk.error) == (BulkIssuance.Status.DONE, 5, "")
    assert sorted(row["holder"] for row in bulk.issued) == sorted(u.pk for u in learners)
    for learner in learners:
        assert Certificate.objects.filter(holder=learner).count() == 1


def test_a_run_whose_missing_learners_left_the_cohort_is_finished(
    stalled, django_capture_on_commit_callbacks
):
    bulk, learners = stalled
    Enrollment.objects.filter(user__in=learners[2:]).delete()
    for _pass in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            background_reconcile(now=bulk.created_at + LATER)
    bulk.refresh_from_db()
    assert (bulk.status, bulk.processed, bulk.total) == (BulkIssuance.Status.DONE, 2, 2)


def test_a_run_waiting_for_its_planner_is_planned(
    administrator, django_capture_on_commit_callbacks
):
    cohort = CohortFactory()
    learner = EnrollmentFactory(course=cohort.course, cohort=cohort).user
    bulk = BulkIssuance.objects.create(
        cohort=cohort, kind="course", requested_by=administrator, total=1
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert background_reconcile(now=bulk.created_at + LATER).bulk_runs == 1
    bulk.refresh_from_db()
    assert bulk.status == BulkIssuance.Status.DONE
    assert Certificate.objects.filter(holder=learner).count() == 1


def test_a_chunk_that_failed_then_succeeded_on_its_retry_finishes_the_run(stalled):
    bulk, learners = stalled
    _bulk_record(bulk.pk, issued=[], skipped=[], error="server closed the connection")
    bulk.refresh_from_db()
    assert bulk.status == BulkIssuance.Status.FAILED
    bulk_issuance_issue(bulk_id=bulk.pk, holder_ids=[learner.pk for learner in learners[2:]])
    bulk.refresh_from_db()
    assert (bulk.status, bulk.processed, bulk.error) == (BulkIssuance.Status.DONE, 5, "")
    assert bulk.finished_at <= timezone.now()
