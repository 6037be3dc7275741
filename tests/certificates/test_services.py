import datetime
from types import SimpleNamespace

from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

import pytest

from accounts.roles import Role
from assessments.models import Judgement
from certificates.models import BulkIssuance, Certificate, CertificateEvent
from certificates.services import (
    CertificateError,
    bulk_issuance_start,
    certificate_issue,
    certificate_reissue,
    certificate_revoke,
    certificate_store_pdf,
)
from tests.factories.accounts import UserFactory
from tests.factories.certificates import (
    CohortFactory,
    CourseFactory,
    EnrollmentFactory,
    JudgementFactory,
    StandardFactory,
)

pytestmark = pytest.mark.usefixtures("english")


def test_issue_snapshots_what_is_printed(competent, holder, standard, administrator):
    certificate = certificate_issue(
        holder=holder, standard=standard, today=datetime.date(2026, 1, 31), issued_by=administrator
    )
    assert certificate.status == Certificate.Status.VALID
    assert certificate.holder_name == "María José Hernández Peña"
    assert certificate.standard_code == "EC0301"
    assert [item["code"] for item in certificate.competencies] == ["E1", "E2"]
    assert certificate.competencies[1]["title_en"] == "Check weld quality and record the results"
    assert certificate.expires_on == datetime.date(2029, 1, 31)  # validity 36 months
    assert certificate.signatory_name == "Ana Sofía Treviño Garza"
    assert len(certificate.code) == 32
    holder.first_name = "Otra"
    holder.save()
    certificate.refresh_from_db()
    assert certificate.holder_name == "María José Hernández Peña"


def test_issuing_twice_returns_the_existing_certificate(competent, holder, standard, administrator):
    first = certificate_issue(holder=holder, standard=standard, issued_by=administrator)
    second = certificate_issue(holder=holder, standard=standard, issued_by=administrator)
    assert first.pk == second.pk
    assert Certificate.objects.count() == 1


def test_database_allows_one_valid_certificate_per_holder_and_achievement(
    competent, holder, standard, administrator
):
    first = certificate_issue(holder=holder, standard=standard, issued_by=administrator)
    duplicate = Certificate.objects.get(pk=first.pk)
    duplicate.pk, duplicate.code = None, "A" * 32
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_database_refuses_a_course_certificate_pointing_at_a_standard(
    competent, holder, standard, administrator
):
    certificate = certificate_issue(holder=holder, standard=standard, issued_by=administrator)
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.filter(pk=certificate.pk).update(kind="course")


def test_learner_without_judgement_is_refused_with_a_clear_message(holder, standard, administrator):
    with pytest.raises(CertificateError, match="has no judgement on EC0301"):
        certificate_issue(holder=holder, standard=standard, issued_by=administrator)
    assert not Certificate.objects.exists()


def test_latest_judgement_not_yet_competent_is_refused(holder, standard, administrator):
    JudgementFactory(
        candidate=holder, standard=standard, decided_at=timezone.now() - datetime.timedelta(1)
    )
    JudgementFactory(candidate=holder, standard=standard, result=Judgement.Result.NOT_YET_COMPETENT)
    with pytest.raises(CertificateError, match="Not yet competent"):
        certificate_issue(holder=holder, standard=standard, issued_by=administrator)


def test_course_certificate_needs_a_completed_enrollment(holder, administrator):
    course = CourseFactory(hours=40)
    course.target_standards.add(StandardFactory(code="EC0217"))
    enrollment = EnrollmentFactory(user=holder, course=course, completed_at=None)
    with pytest.raises(CertificateError, match="has not completed the course"):
        certificate_issue(holder=holder, course=course, issued_by=administrator)
    enrollment.completed_at = timezone.now()
    enrollment.save()
    certificate = certificate_issue(holder=holder, course=course, issued_by=administrator)
    assert certificate.kind == "course"
    assert certificate.hours == 40
    assert certificate.expires_on is None
    assert certificate.competencies[0]["code"] == "EC0217"


def test_issuance_renders_once_and_mails_the_holder_in_their_language(
    competent, holder, standard, django_capture_on_commit_callbacks, administrator
):
    holder.preferred_language = "en"
    holder.save()
    with django_capture_on_commit_callbacks(execute=True):
        certificate = certificate_issue(holder=holder, standard=standard, issued_by=administrator)
    certificate.refresh_from_db()
    assert certificate.pdf and len(certificate.pdf_sha256) == 64
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [holder.email]
    assert "Your certificate" in message.subject
    assert f"http://testserver/en/verify/{certificate.code}/" in message.body
    stored, digest = certificate.pdf.name, certificate.pdf_sha256
    again = certificate_store_pdf(certificate_id=certificate.pk)
    assert (again.pdf.name, again.pdf_sha256) == (stored, digest)
    assert certificate.events.filter(action="rendered").count() == 1


def test_nothing_leaves_the_process_when_the_transaction_rolls_back(
    competent, holder, standard, django_capture_on_commit_callbacks, administrator
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                certificate_issue(holder=holder, standard=standard, issued_by=administrator)
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert callbacks == []
    assert mail.outbox == []


def test_revoke_records_reason_and_refuses_twice(competent, holder, standard, administrator):
    admin = administrator
    certificate = certificate_issue(holder=holder, standard=standard, issued_by=administrator)
    certificate_revoke(certificate=certificate, reason="Evidencia falsificada", actor=admin)
    certificate.refresh_from_db()
    assert certificate.status == "revoked"
    assert certificate.revocation_reason == "Evidencia falsificada"
    event = certificate.events.get(action=CertificateEvent.Action.REVOKED)
    assert (event.actor, event.reason) == (admin, "Evidencia falsificada")
    with pytest.raises(CertificateError, match="already revoked on"):
        certificate_revoke(certificate=certificate, reason="otra vez", actor=admin)


def test_revoke_needs_a_reason(competent, holder, standard, administrator):
    certificate = certificate_issue(holder=holder, standard=standard, issued_by=administrator)
    with pytest.raises(CertificateError, match="reason"):
        certificate_revoke(certificate=certificate, reason="  ", actor=administrator)


def test_after_revocation_a_new_certificate_can_be_issued(
    competent, holder, standard, administrator
):
    old = certificate_issue(holder=holder, standard=standard, issued_by=administrator)
    certificate_revoke(certificate=old, reason="Error de captura", actor=administrator)
    new = certificate_issue(holder=holder, standard=standard, issued_by=administrator)
    assert new.pk != old.pk and new.status == "valid"


def test_reissue_supersedes_the_old_certificate(competent, holder, standard, administrator):
    admin = administrator
    old = certificate_issue(holder=holder, standard=standard, issued_by=administrator)
    holder.last_name = "Hernández Peña de Ruiz"
    holder.save()
    new = certificate_reissue(certificate=old, actor=admin, reason="Nombre corregido")
    old.refresh_from_db()
    assert old.status == "superseded" and old.superseded_by == new
    assert new.holder_name == "María José Hernández Peña de Ruiz"
    assert new.code != old.code
    assert old.events.filter(action="superseded", actor=admin).exists()
    assert new.events.filter(action="reissued", reason="Nombre corregido").exists()
    with pytest.raises(CertificateError, match="Only a valid certificate"):
        certificate_reissue(certificate=old, actor=admin)


def test_expired_is_derived_from_the_dates(competent, holder, standard, administrator):
    certificate = certificate_issue(
        holder=holder, standard=standard, today=datetime.date(2020, 1, 1), issued_by=administrator
    )
    assert certificate.expires_on == datetime.date(2023, 1, 1)
    assert certificate.status == "valid"
    assert certificate.public_status == "expired"


def test_bulk_issuance_issues_eligible_and_explains_skips(
    db, django_capture_on_commit_callbacks, administrator
):
    course = CourseFactory()
    cohort = CohortFactory(course=course)
    done = [EnrollmentFactory(course=course, cohort=cohort) for _ in range(3)]
    pending = EnrollmentFactory(course=course, cohort=cohort, completed_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        bulk = bulk_issuance_start(cohort=cohort, kind="course", requested_by=administrator)
    bulk.refresh_from_db()
    assert bulk.status == BulkIssuance.Status.DONE
    assert (bulk.total, bulk.processed, bulk.percent) == (4, 4, 100)
    assert {row["holder"] for row in bulk.issued} == {e.user_id for e in done}
    name = pending.user.printed_name
    assert bulk.skipped == [
        {
            "holder": pending.user_id,
            "name": pending.user.printed_name,
            "reason_es": f"{name} no ha concluido el curso “{course.title_es}”.",
            "reason_en": f"{name} has not completed the course “{course.title_en}”.",
        }
    ]
    assert Certificate.objects.filter(course=course, status="valid").count() == 3


def test_bulk_competency_needs_a_standard(db, administrator):
    with pytest.raises(CertificateError, match="Choose the standard"):
        bulk_issuance_start(cohort=CohortFactory(), kind="competency", requested_by=administrator)


@pytest.mark.parametrize("requester", [None, "trainee", "instructor"])
def test_bulk_issuance_refuses_a_requester_without_the_permission(db, requester):
    cohort = CohortFactory()
    EnrollmentFactory(course=cohort.course, cohort=cohort)
    roles = {"trainee": [Role.TRAINEE], "instructor": [Role.INSTRUCTOR]}
    user = UserFactory(roles=roles[requester]) if requester else None
    with pytest.raises(PermissionDenied, match="Only administrators issue certificates"):
        bulk_issuance_start(cohort=cohort, kind="course", requested_by=user)
    assert not BulkIssuance.objects.exists()
    assert not Certificate.objects.exists()


def test_bulk_issuance_is_shared_out_in_chunks_that_each_record_progress(
    db, monkeypatch, django_capture_on_commit_callbacks, administrator
):
    from certificates import services, tasks
    from certificates.services import bulk as bulk_services

    monkeypatch.setattr(bulk_services, "BULK_CHUNK", 2)
    chunks = []
    monkeypatch.setattr(
        tasks, "bulk_issuance_issue", SimpleNamespace(enqueue=lambda *args: chunks.append(args))
    )
    cohort = CohortFactory()
    enrollments = [EnrollmentFactory(course=cohort.course, cohort=cohort) for _ in range(5)]
    with django_capture_on_commit_callbacks(execute=True):
        bulk = bulk_issuance_start(cohort=cohort, kind="course", requested_by=administrator)
    bulk.refresh_from_db()
    assert (bulk.status, bulk.total, bulk.processed) == (BulkIssuance.Status.RUNNING, 5, 0)
    ids = [e.user_id for e in enrollments]
    assert chunks == [(bulk.pk, ids[0:2]), (bulk.pk, ids[2:4]), (bulk.pk, ids[4:5])]

    # Chunks finish in any order; each one moves the progress bar.
    with django_capture_on_commit_callbacks(execute=False):
        services.bulk_issuance_issue(bulk_id=bulk.pk, holder_ids=ids[4:5])
        services.bulk_issuance_issue(bulk_id=bulk.pk, holder_ids=ids[0:2])
    bulk.refresh_from_db()
    assert (bulk.status, bulk.processed, bulk.percent) == (BulkIssuance.Status.RUNNING, 3, 60)
    # A chunk run twice (a retried job) counts its learners once and issues nothing new.
    services.bulk_issuance_issue(bulk_id=bulk.pk, holder_ids=ids[0:2])
    services.bulk_issuance_issue(bulk_id=bulk.pk, holder_ids=ids[2:4])
    bulk.refresh_from_db()
    assert (bulk.status, bulk.processed, bulk.percent) == (BulkIssuance.Status.DONE, 5, 100)
    assert sorted(row["holder"] for row in bulk.issued) == sorted(ids)
    assert Certificate.objects.filter(course=cohort.course, status="valid").count() == 5


def test_bulk_issuance_chunk_reads_eligibility_once_whatever_its_size(db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from certificates.services import bulk_issuance_issue

    def queries(learners: int, result: str) -> int:
        standard = StandardFactory()
        cohort = CohortFactory()
        holders = [
            EnrollmentFactory(course=cohort.course, cohort=cohort).user for _ in range(learners)
        ]
        for holder in holders:
            JudgementFactory(candidate=holder, standard=standard, result=result)
        bulk = BulkIssuance.objects.create(
            cohort=cohort, kind="competency", standard=standard, total=learners, status="running"
        )
        with CaptureQueriesContext(connection) as issuing:
            bulk_issuance_issue(bulk_id=bulk.pk, holder_ids=[h.pk for h in holders])
        bulk.refresh_from_db()
        assert bulk.processed == learners
        return len(issuing)

    # Eligibility, existing certificates and settings are read once per chunk, so skipping
    # learners costs no query per learner; issuing is batched too: the certificates, their
    # events, their lines in the security log and their signed credentials are one INSERT
    # each, whatever the size of the chunk.
    queries(1, "not_yet")  # the first run creates the certificate settings row
    assert queries(3, "not_yet") == queries(9, "not_yet")
    per_chunk = queries(3, "competent")
    # the run, its holders, their valid certificates and judgements, the settings, the
    # standard's framework and elements; a savepoint; the INSERTs of certificates, events
    # and security log lines; crosswalk entries, the credentials' count and the status
    # entries drawn, a savepoint around their INSERT; the outcomes and the progress (6)
    assert per_chunk == 24
    assert queries(9, "competent") == per_chunk
    assert queries(25, "competent") == per_chunk


def test_a_chunk_s_pdfs_are_rendered_by_one_job_with_a_few_queries_each(
    db, django_capture_on_commit_callbacks, administrator, monkeypatch
):
    """The render job of a chunk reads its certificates with their credentials and the
    settings once; storing each PDF is its own short transaction; one job sends the e-mails."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from certificates import services, tasks
    from certificates.emails import send_issued_many
    from certificates.services import certificates_store_pdfs

    emails = []
    monkeypatch.setattr(
        tasks, "certificate_send_issued_emails", SimpleNamespace(enqueue=emails.append)
    )

    def queries(learners: int) -> int:
        cohort = CohortFactory()
        for _ in range(learners):
            EnrollmentFactory(course=cohort.course, cohort=cohort)
        with django_capture_on_commit_callbacks(execute=False):  # issued, not rendered
            bulk = bulk_issuance_start(cohort=cohort, kind="course", requested_by=administrator)
        services.bulk_issuance_issue(
            bulk_id=bulk.pk, holder_ids=list(cohort.enrollments.values_list("user", flat=True))
        )
        ids = list(Certificate.objects.filter(course=cohort.course).values_list("pk", flat=True))
        emails.clear()
        with (
            django_capture_on_commit_callbacks(execute=True),
            CaptureQueriesContext(connection) as rendering,
        ):
            assert certificates_store_pdfs(certificate_ids=ids) == learners
        assert [sorted(job) for job in emails] == [sorted(ids)]  # one job for the chunk
        assert Certificate.objects.filter(pk__in=ids).exclude(pdf="").count() == learners
        # A retried job stores none, and sends the e-mails still owed: none went out here
        # (the e-mail job is recorded, not run), so all of them.
        with django_capture_on_commit_callbacks(execute=True):
            assert certificates_store_pdfs(certificate_ids=ids) == 0
        assert sorted(emails[-1]) == sorted(ids)
        send_issued_many(ids)
        with django_capture_on_commit_callbacks(execute=True):
            assert certificates_store_pdfs(certificate_ids=ids) == 0
        assert len(emails) == 2  # all sent now: nothing owed, no job
        return len(rendering)

    two, five = queries(2), queries(5)
    # the certificates with their credentials, the settings; per certificate: a savepoint,
    # the row locked, its file and hash saved, its event, the savepoint released
    assert (two, five) == (2 + 2 * 5, 2 + 5 * 5)


def test_a_chunk_s_renders_leave_no_reference_cycles_behind(
    db, django_capture_on_commit_callbacks, administrator, monkeypatch
):
    """A render leaves its layout and signature objects in reference cycles; the chunk's job
    collects them after each PDF, so a worker does not carry 50 renders' worth until the
    collector comes by (issue 21: about 7 MiB of a worker's peak)."""
    import gc

    from certificates import tasks
    from certificates.pdf import certificate_pdf_render
    from certificates.services import bulk_issuance_issue, certificates_store_pdfs

    monkeypatch.setattr(tasks, "certificate_send_issued_emails", SimpleNamespace(enqueue=list))
    cohort = CohortFactory()
    for _ in range(3):
        EnrollmentFactory(course=cohort.course, cohort=cohort)
    with django_capture_on_commit_callbacks(execute=False):  # issued, not rendered
        bulk = bulk_issuance_start(cohort=cohort, kind="course", requested_by=administrator)
    bulk_issuance_issue(
        bulk_id=bulk.pk, holder_ids=list(cohort.enrollments.values_list("user", flat=True))
    )
    ids = list(Certificate.objects.filter(course=cohort.course).values_list("pk", flat=True))
    certificate_pdf_render(Certificate.objects.get(pk=ids[0]))  # fonts and caches loaded

    gc.collect()
    gc.disable()  # only the collections the code makes
    try:
        certificate_pdf_render(Certificate.objects.get(pk=ids[0]))
        one_render = gc.collect()  # what one render left for the collector
        with django_capture_on_commit_callbacks(execute=True):
            assert certificates_store_pdfs(certificate_ids=ids) == 3
        after_the_chunk = gc.collect()
    finally:
        gc.enable()

    assert one_render > 1_000
    assert after_the_chunk < one_render / 10


def test_bulk_competency_issuance_explains_each_skip_and_keeps_existing_certificates(
    db, django_capture_on_commit_callbacks, administrator
):
    standard = StandardFactory(code="EC0217")
    cohort = CohortFactory()
    competent, not_yet, unjudged, already = (
        EnrollmentFactory(course=cohort.course, cohort=cohort).user for _ in range(4)
    )
    JudgementFactory(candidate=competent, standard=standard)
    JudgementFactory(candidate=not_yet, standard=standard, result="not_yet")
    JudgementFactory(candidate=already, standard=standard)
    existing = certificate_issue(holder=already, standard=standard, issued_by=administrator)
    with django_capture_on_commit_callbacks(execute=True):
        bulk = bulk_issuance_start(
            cohort=cohort, kind="competency", standard=standard, requested_by=administrator
        )
    bulk.refresh_from_db()
    assert bulk.status == BulkIssuance.Status.DONE
    assert {row["holder"]: row["code"] for row in bulk.issued}[already.pk] == existing.code
    assert {row["holder"] for row in bulk.issued} == {competent.pk, already.pk}
    reasons = {row["holder"]: (row["reason_es"], row["reason_en"]) for row in bulk.skipped}
    assert reasons == {
        not_yet.pk: (
            f"El juicio más reciente de {not_yet.printed_name} en EC0217 es "
            "“Todavía no competente”.",
            f"{not_yet.printed_name}’s latest judgement on EC0217 is “Not yet competent”.",
        ),
        unjudged.pk: (
            f"{unjudged.printed_name} todavía no tiene un juicio de competencia en EC0217.",
            f"{unjudged.printed_name} has no judgement on EC0217 yet.",
        ),
    }
    assert Certificate.objects.filter(standard=standard, status="valid").count() == 2
