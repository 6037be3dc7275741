"""The distributed path: issuance enqueues to RQ on the real Redis; a real rqworker renders.

The worker is a separate process (``manage.py rqworker --burst``) that reads and writes the
same test database as this test: the test is transactional so the rows are committed, and on
SQLite the in-memory test database is copied to a file both processes open.
"""

import contextlib
import datetime
import hashlib
import io
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.db import connection
from django.utils import timezone

import django_rq
import pytest
from pypdf import PdfReader

from accounts.roles import Role
from accounts.services import user_sign_up
from assessments.tasks import attempt_graded_email, judgement_email
from certificates.links import verification_url
from certificates.models import BulkIssuance, Certificate, IssuanceRule
from certificates.services import (
    background_reconcile,
    bulk_issuance_issue,
    bulk_issuance_run,
    bulk_issuance_start,
    certificate_issue,
    certificate_issue_for_judgement,
    certificate_revoke,
    issuance_request_decline,
)
from cms import worker as cms_worker
from cms.outbox.models import OutboxTask
from privacy.services import data_rights_request_create, data_rights_request_update
from tests.database import database_restore
from tests.factories.accounts import UserFactory
from tests.factories.certificates import (
    ElementFactory,
    EnrollmentFactory,
    JudgementFactory,
    StandardFactory,
)
from tests.factories.evidence import attempt, classroom, item, quiz, standard_with_criteria
from tests.smtp import SMTPSink

REDIS_SERVER = "redis://127.0.0.1:6379"
# Each run claims one of these databases (flushed before and after) in CLAIMS_DB, so two runs
# at once on one machine (the SQLite and PostgreSQL suites, two checkouts) never flush or
# drain each other's queue: a shared fixed database made this test fail now and then.
REDIS_DBS = range(8, 14)  # 14 is benchmarks/certificate_bulk.py's
CLAIMS_DB = 15
ROOT = Path(django_settings.BASE_DIR)

pytestmark = [
    pytest.mark.redis,
    # Real commits for the worker; the migrations' rows (locales, roles) come back afterwards.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def redis_db():
    import redis

    claims = redis.Redis.from_url(f"{REDIS_SERVER}/{CLAIMS_DB}", socket_connect_timeout=1)
    try:
        claims.ping()
    except redis.exceptions.ConnectionError as error:
        if os.environ.get("CI"):
            raise AssertionError(f"CI needs Redis at {REDIS_SERVER}: {error}") from error
        pytest.skip(f"Redis is not reachable at {REDIS_SERVER} ({error}); CI runs this test.")
    for number in REDIS_DBS:
        claim = f"puente-test-rq:{number}"
        if claims.set(claim, os.getpid(), nx=True, ex=900):  # expires if this run dies
            break
    else:
        pytest.fail(f"Redis databases {list(REDIS_DBS)} are all claimed by other test runs")
    client = redis.Redis.from_url(f"{REDIS_SERVER}/{number}", socket_connect_timeout=1)
    client.url = f"{REDIS_SERVER}/{number}"
    client.flushdb()
    yield client
    client.flushdb()
    claims.delete(claim)


@pytest.fixture(scope="module")
def memory_database(django_db_blocker):
    """Puts the in-memory SQLite test database back after the test, as the migrations left it.

    The transactional test's final flush runs while the connection still points at the file
    copy, so it empties the copy, not this database. This database still holds what fixtures
    set up before the copy was made (a user, a standard): it goes, and the data migrations'
    rows (roles, locales) are put back for the tests that follow, as Django's serialized
    rollback does. Kept, those rows broke the next test that creates the same user.
    """
    saved = {}
    yield saved
    if saved:
        connection.close()
        connection.settings_dict["NAME"] = saved["name"]
        connection.connection = saved["connection"]
        with django_db_blocker.unblock():  # the test's own database access has ended
            database_restore(connection._test_serialized_contents)


@pytest.fixture
def worker_database_url(transactional_db, memory_database, tmp_path):
    """A DATABASE_URL another process can open, pointing at the data this test sees."""
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        return (
            f"postgres://{settings_dict['USER']}:{settings_dict['PASSWORD']}"
            f"@{settings_dict['HOST'] or '127.0.0.1'}:{settings_dict['PORT'] or 5432}"
            f"/{settings_dict['NAME']}"
        )
    assert connection.vendor == "sqlite"
    if not connection.is_in_memory_db():
        return f"sqlite:///{settings_dict['NAME']}"
    path = tmp_path / "shared-test.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as target:
        connection.connection.backup(target)  # the migrated schema and its data migrations
    memory_database.update(name=settings_dict["NAME"], connection=connection.connection)
    connection.connection = None  # closing an in-memory database would destroy it
    settings_dict["NAME"] = str(path)
    return f"sqlite:///{path}"


@pytest.fixture
def smtp():
    sink = SMTPSink()
    yield sink
    sink.close()


@pytest.fixture
def rq_tasks(settings, redis_db):
    """Tasks in this process go to the real Redis, as in production."""
    settings.TASKS = {
        "default": {"BACKEND": "cms.task_queue.RetryingRQBackend", "QUEUES": ["default"]}
    }
    settings.RQ_QUEUES = {"default": {"URL": redis_db.url, "DEFAULT_TIMEOUT": 120}}
    # An earlier transactional test may have flushed the roles the data migration created.
    Group.objects.get_or_create(name=Role.TRAINEE.value)
    return django_rq.get_queue("default")


def _issuer_key_file() -> str:
    from certificates.credentials import keys
    from certificates.pdf_signing import signing_identity

    keys.key_ring()
    signing_identity()  # the PDF signing file beside it, which production's checks require
    return django_settings.PUENTE_ISSUER_KEY_FILE


def worker_environment(
    *, redis_url: str, database_url: str, media_root: Path, smtp: SMTPSink, **extra: str
):
    """Production settings and ``cms.worker``'s environment (only what tasks load)."""
    return {
        **os.environ,
        **cms_worker.ENVIRONMENT,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "DJANGO_SECRET_KEY": "rq-test-only-not-secret-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "testserver",
        # The key this test run signs with (made now if nothing was signed yet): credentials
        # the worker signs verify against the same DID document.
        "PUENTE_ISSUER_KEY_FILE": _issuer_key_file(),
        "WAGTAILADMIN_BASE_URL": django_settings.PUENTE_BASE_URL,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "DJANGO_MEDIA_ROOT": str(media_root),
        # Certificate PDFs are private files: the worker writes them where this run reads them.
        "DJANGO_PRIVATE_MEDIA_ROOT": str(
            django_settings.STORAGES["private"]["OPTIONS"]["location"]
        ),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
        **extra,
    }


def rqworker_burst(*, redis_url: str, database_url: str, media_root: Path, smtp: SMTPSink):
    """A worker as production runs one (``cms.worker.COMMAND``); it stops when the queue is
    empty."""
    worker = subprocess.run(
        [sys.executable, *cms_worker.COMMAND, "--burst"],
        cwd=ROOT,
        env=worker_environment(
            redis_url=redis_url, database_url=database_url, media_root=media_root, smtp=smtp
        ),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert worker.returncode == 0, worker.stderr[-3000:]
    return worker


def assert_stored_pdf(certificate: Certificate) -> None:
    certificate = Certificate.objects.get(pk=certificate.pk)
    assert certificate.pdf, certificate
    content = certificate.pdf.read()
    assert len(PdfReader(io.BytesIO(content)).pages) == 1
    assert certificate.pdf_sha256 == hashlib.sha256(content).hexdigest()
    assert certificate.events.filter(action="rendered").exists()


def mail_to(smtp: SMTPSink, address: str) -> list[str]:
    """The subjects ``address`` received, as a mail client shows them (folding undone)."""
    return [" ".join(m["Subject"].split()) for m in smtp.messages if m["To"] == address]


def body_to(smtp: SMTPSink, address: str) -> str:
    return "\n".join(m.get_content() for m in smtp.messages if m["To"] == address)


def test_rqworker_renders_and_stores_the_pdf(
    rq_tasks, redis_db, worker_database_url, media_root, smtp
):
    standard = StandardFactory(code="EC0301")
    ElementFactory(standard=standard, number=1)
    holder = UserFactory(
        first_name="José Ángel", last_name="Núñez Ibarra", email="jose@puente.example"
    )
    JudgementFactory(candidate=holder, standard=standard)

    administrator = UserFactory(roles=[Role.ADMINISTRATOR])
    certificate = certificate_issue(  # commits: autocommit
        holder=holder, standard=standard, issued_by=administrator
    )
    queued = {job.func_name for job in rq_tasks.get_jobs()}
    # Enqueued after commit, nothing ran in this process; the e-mail follows the render.
    assert "certificates.tasks.certificate_render_pdf" in queued, queued
    certificate.refresh_from_db()
    assert not certificate.pdf  # nothing rendered in this process

    worker = rqworker_burst(
        redis_url=redis_db.url,
        database_url=worker_database_url,
        media_root=media_root,
        smtp=smtp,
    )

    assert redis_db.llen("rq:queue:default") == 0
    assert rq_tasks.failed_job_registry.count == 0, worker.stderr[-3000:]
    assert_stored_pdf(certificate)
    # The issued e-mail went out over SMTP from the worker, in the holder's language.
    assert mail_to(smtp, "jose@puente.example") == [f"Tu certificado: {certificate.title_es}"]
    assert verification_url(certificate) in body_to(smtp, "jose@puente.example")

    # Revoking and declining: the copy marked revoked and both e-mails come from the worker.
    certificate_revoke(certificate=certificate, reason="Evidencia falsificada", actor=administrator)
    IssuanceRule.objects.create(standard=standard, mode=IssuanceRule.Mode.APPROVAL)
    request = certificate_issue_for_judgement(
        judgement=JudgementFactory(candidate=holder, standard=standard)
    )
    issuance_request_decline(request=request, actor=administrator, reason="Falta la firma")
    rqworker_burst(
        redis_url=redis_db.url,
        database_url=worker_database_url,
        media_root=media_root,
        smtp=smtp,
    )
    assert rq_tasks.failed_job_registry.count == 0
    certificate.refresh_from_db()
    assert certificate.revoked_pdf and certificate.revoked_pdf_sha256
    assert sorted(mail_to(smtp, "jose@puente.example")[1:]) == [  # the revoked one follows
        "Tu certificado de EC0301 no fue emitido",  # its marked copy's render
        f"Tu certificado “{certificate.title_es}” fue revocado",
    ]
    assert "Falta la firma" in body_to(smtp, "jose@puente.example")


def test_every_task_runs_in_a_worker_without_the_admin(
    rq_tasks, redis_db, worker_database_url, media_root, smtp
):
    """Bulk issuance (planning, then issuing in chunks), rendering and every e-mail run in a
    worker that leaves out the admin and page apps (PUENTE_WORKER=1)."""
    room = classroom()
    learners = [
        UserFactory(email="ana@puente.example", preferred_language="es"),
        UserFactory(email="bob@puente.example", preferred_language="en"),
    ]
    for learner in learners:
        EnrollmentFactory(user=learner, course=room.course, cohort=room.cohort)
    administrator = UserFactory(roles=[Role.ADMINISTRATOR])
    bulk = bulk_issuance_start(cohort=room.cohort, kind="course", requested_by=administrator)

    standard = standard_with_criteria()
    criterion = standard.elements.first().criteria.first()
    candidate = UserFactory(email="carla@puente.example", preferred_language="en")
    judgement = JudgementFactory(candidate=candidate, standard=standard)
    judgement_email.enqueue(judgement.pk)
    graded = attempt(candidate, quiz(classroom(standard)), [(item({criterion: 1}), 1.0)])
    attempt_graded_email.enqueue(graded.pk)
    # A sign-up and an ARCO request's new status: their e-mails are tasks too.
    user_sign_up(email="dora@puente.example", password="Tornillo-Par-2026", first_name="Dora",
                 last_name="Díaz", preferred_language="es")  # fmt: skip
    data_rights_request_update(
        request=data_rights_request_create(user=candidate, kind="access"),
        actor=administrator,
        status="in_progress",
    )

    worker = rqworker_burst(
        redis_url=redis_db.url,
        database_url=worker_database_url,
        media_root=media_root,
        smtp=smtp,
    )

    assert redis_db.llen("rq:queue:default") == 0
    assert rq_tasks.failed_job_registry.count == 0, worker.stderr[-3000:]
    bulk.refresh_from_db()
    assert (bulk.status, bulk.processed, bulk.skipped) == (BulkIssuance.Status.DONE, 2, [])
    for learner in learners:
        certificate = Certificate.objects.get(holder=learner, course=room.course)
        assert_stored_pdf(certificate)
        assert verification_url(certificate) in body_to(smtp, learner.email)
    assert mail_to(smtp, "ana@puente.example") == ["Tu certificado: Mantenimiento de robots"]
    assert mail_to(smtp, "bob@puente.example") == ["Your certificate: Robot maintenance"]
    assert sorted(mail_to(smtp, "carla@puente.example")) == [
        "Your ARCO request (Access): In progress",
        "Your competency judgement for EC0900",
        "Your result for “Knowledge questionnaire” is ready",
    ]
    assert mail_to(smtp, "dora@puente.example") == ["Tu cuenta de Puente está lista"]
    carla = body_to(smtp, "carla@puente.example")
    assert f"{django_settings.PUENTE_BASE_URL}/en/assessments/" in carla
    assert graded.public_id in carla


@contextlib.contextmanager
def rqworker_running(**environment):
    """A worker left running as ``make worker`` runs it, in a process group of its own (the
    worker and the RQ scheduler it forks); stopped (SIGTERM) at the end if still alive."""
    with tempfile.TemporaryFile() as log:
        worker = subprocess.Popen(
            [sys.executable, *cms_worker.COMMAND],
            cwd=ROOT,
            env=worker_environment(**environment),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        worker.log = log
        try:
            yield worker
        finally:
            for sent in (signal.SIGTERM, signal.SIGKILL):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(worker.pid, sent)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    worker.wait(timeout=20)


def worker_log(worker) -> str:
    worker.log.seek(0)
    return worker.log.read().decode(errors="replace")[-3000:]


def wait_until(condition, *, worker, timeout: float = 60, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert worker.poll() is None, f"the worker died waiting for {what}: {worker_log(worker)}"
        assert time.monotonic() < deadline, f"no {what} after {timeout}s: {worker_log(worker)}"
        time.sleep(0.05)


def test_a_worker_recovers_from_a_database_restart(
    rq_tasks, redis_db, worker_database_url, media_root, smtp
):
    """The worker's connection is killed server-side between two jobs (as a PostgreSQL
    restart does): the next job opens a new connection and succeeds at its first attempt."""
    if connection.vendor != "postgresql":
        pytest.skip("a server-side connection kill needs PostgreSQL (CI runs it)")
    standard = StandardFactory(code="EC0301")
    ElementFactory(standard=standard, number=1)
    administrator = UserFactory(roles=[Role.ADMINISTRATOR])
    holders = [UserFactory(email=f"h{n}@puente.example") for n in range(2)]
    for holder in holders:
        JudgementFactory(candidate=holder, standard=standard)

    def done(certificate):
        def check():
            stored = Certificate.objects.filter(pk=certificate.pk).exclude(pdf="").exists()
            return stored and mail_to(smtp, certificate.holder.email) and not rq_tasks.count

        return check

    environment = {
        "redis_url": redis_db.url,
        # Named, so that the kill below ends the worker's connection only, never one this
        # test process holds (the live server's, the browser journeys') for later tests.
        "database_url": f"{worker_database_url}?application_name=puente-worker-kill-test",
        "media_root": media_root,
        "smtp": smtp,
    }
    # The connection outlives the job (production keeps it DATABASE_CONN_MAX_AGE seconds):
    # long enough here that the kill below always finds it open.
    with rqworker_running(**environment, DATABASE_CONN_MAX_AGE="600") as worker:
        first = certificate_issue(holder=holders[0], standard=standard, issued_by=administrator)
        wait_until(done(first), worker=worker, what="first PDF and e-mail")
        wait_until(
            lambda: not rq_tasks.started_job_registry.count, worker=worker, what="an idle worker"
        )
        with connection.cursor() as cursor:  # the worker's connection
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() "
                "AND application_name = 'puente-worker-kill-test'"
            )
            assert True in [row[0] for row in cursor.fetchall()], "the worker held none"

        second = certificate_issue(holder=holders[1], standard=standard, issued_by=administrator)
        wait_until(done(second), worker=worker, timeout=30, what="a PDF after the kill")
        assert worker.poll() is None  # alive, and serving
    assert rq_tasks.failed_job_registry.count == 0, worker_log(worker)
    assert rq_tasks.scheduled_job_registry.count == 0  # no job needed a retry
    assert_stored_pdf(second)


@contextlib.contextmanager
def writes_held(database_url: str):
    """Another connection holds what a bulk chunk must write, so a worker running the chunk
    waits inside it: PostgreSQL locks the certificate events, SQLite the whole database."""
    if connection.vendor == "postgresql":
        import psycopg

        with psycopg.connect(database_url.replace("postgres://", "postgresql://")) as holder:
            holder.execute("LOCK TABLE certificates_certificateevent IN EXCLUSIVE MODE")
            yield
            holder.rollback()
    else:
        holder = sqlite3.connect(database_url.removeprefix("sqlite:///"), isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            holder.execute("ROLLBACK")
            holder.close()


def test_a_worker_killed_mid_bulk_issuance_loses_nothing_after_reconciliation(
    rq_tasks, redis_db, worker_database_url, media_root, smtp
):
    """``kill -9`` of the worker inside a bulk chunk leaves the run stalled ("running" for
    ever, before); the reconciliation shares out again who was not recorded, and every learner
    ends with exactly one certificate, its PDF and one e-mail; the run reports done."""
    from certificates.services.bulk import BULK_CHUNK

    room = classroom()
    learners = [UserFactory(email=f"l{n}@puente.example") for n in range(BULK_CHUNK + 2)]
    for learner in learners:
        EnrollmentFactory(user=learner, course=room.course, cohort=room.cohort)
    administrator = UserFactory(roles=[Role.ADMINISTRATOR])
    bulk = bulk_issuance_start(cohort=room.cohort, kind="course", requested_by=administrator)
    rq_tasks.empty()  # plan here instead: the queue then holds the two chunks only
    OutboxTask.objects.all().delete()  # what was emptied on purpose is not to be relayed
    bulk_issuance_run(bulk_id=bulk.pk)
    environment = {
        "redis_url": redis_db.url,
        "database_url": worker_database_url,
        "media_root": media_root,
        "smtp": smtp,
    }

    def chunk_started():
        started = rq_tasks.started_job_registry.get_job_ids()
        return any(
            rq_tasks.fetch_job(job_id.split(":")[0]).func_name.endswith("bulk_issuance_issue")
            for job_id in started
        )

    with writes_held(worker_database_url), rqworker_running(**environment) as worker:
        wait_until(chunk_started, worker=worker, what="a chunk in progress")
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=20)

    rqworker_burst(**environment)  # the other chunk, its renders and e-mails
    bulk.refresh_from_db()
    assert (bulk.status, bulk.processed, bulk.total) == ("running", 2, BULK_CHUNK + 2)

    later = timezone.now() + datetime.timedelta(minutes=3)
    assert not background_reconcile(now=later)  # first sight: its progress is noted
    assert background_reconcile(now=later).bulk_runs == 1  # no progress since: resumed
    rqworker_burst(**environment)

    bulk.refresh_from_db()
    assert (bulk.status, bulk.processed, len(bulk.issued)) == ("done", len(learners), len(learners))
    for learner in learners:
        (certificate,) = Certificate.objects.filter(holder=learner)
        assert_stored_pdf(certificate)
        assert mail_to(smtp, learner.email) == ["Tu certificado: Mantenimiento de robots"]
    assert rq_tasks.failed_job_registry.count == 0
    # The killed chunk's job, retried by RQ when its time runs out, changes nothing.
    bulk_issuance_issue(bulk_id=bulk.pk, holder_ids=[learner.pk for learner in learners])
    assert Certificate.objects.filter(holder__in=learners).count() == len(learners)
    bulk.refresh_from_db()
    assert (bulk.status, bulk.processed) == ("done", len(learners))


def test_a_running_worker_runs_the_schedule_with_no_other_process(
    rq_tasks, redis_db, worker_database_url, media_root, smtp
):
    """``make worker`` alone closes and grades an attempt left open past its deadline and
    sends an expiry reminder; a second worker within the interval enqueues nothing again."""
    from assessments.models import Attempt
    from assessments.services import attempt_start
    from cms.worker import SCHEDULE, schedule_due
    from tests.factories.assessments import make_item, quiz_with, trainee_in

    quiz = quiz_with([make_item("single")], time_limit_minutes=10)
    trainee = trainee_in(quiz.course)
    started = timezone.now() - datetime.timedelta(hours=1)
    attempt, _ = attempt_start(quiz=quiz, user=trainee, language="es", now=started)
    standard = StandardFactory(code="EC0301", validity_months=36)
    ElementFactory(standard=standard, number=1)
    holder = UserFactory(email="vence@puente.example")
    JudgementFactory(candidate=holder, standard=standard)
    today = timezone.localdate()
    issued_on = today.replace(year=today.year - 3) + datetime.timedelta(days=20)
    administrator = UserFactory(roles=[Role.ADMINISTRATOR])
    certificate_issue(holder=holder, standard=standard, today=issued_on, issued_by=administrator)

    def schedule_done():
        closed = Attempt.objects.filter(pk=attempt.pk, status=Attempt.Status.GRADED).exists()
        return closed and any("vence pronto" in s for s in mail_to(smtp, holder.email))

    environment = {
        "redis_url": redis_db.url,
        "database_url": worker_database_url,
        "media_root": media_root,
        "smtp": smtp,
    }
    with rqworker_running(**environment) as worker:
        wait_until(schedule_done, worker=worker, what="the scheduled work done")
    attempt.refresh_from_db()
    assert (attempt.closed_by, attempt.submitted_at) == (Attempt.Closure.DEADLINE, attempt.deadline)
    for name, _path, interval in SCHEDULE:
        assert 0 < redis_db.ttl(f"puente:schedule:{name}") <= interval
    assert schedule_due(redis_db) == []  # another worker, within the interval


def test_jobs_are_retried_and_an_abandoned_one_fails_cleanly_whatever_fetched_it(rq_tasks):
    """Every job carries its retries; RQ's clean-up of a job whose worker died hands the
    failure callback the job as fetched with RQ's own ``Job`` class (a dashboard or a worker
    not told about django_tasks_rq's): it is recorded as failed instead of raising."""
    from rq.exceptions import AbandonedJobError
    from rq.job import Job as RQJob

    from certificates.tasks import certificate_render_pdf
    from cms.task_queue import RETRY_INTERVALS, failed_callback

    result = certificate_render_pdf.enqueue(1)
    job = RQJob.fetch(result.id, connection=rq_tasks.connection)
    assert (job.retries_left, job.retry_intervals) == (len(RETRY_INTERVALS), RETRY_INTERVALS)

    failed_callback(job, rq_tasks.connection, AbandonedJobError, AbandonedJobError(), None)

    job.refresh()
    assert job.meta["_django_tasks_rq_exceptions"] == ["rq.exceptions.AbandonedJobError"]
