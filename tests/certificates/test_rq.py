"""The distributed path: issuance enqueues to RQ on the real Redis; a real rqworker renders.

The worker is a separate process (``manage.py rqworker --burst``) that reads and writes the
same test database as this test: the test is transactional so the rows are committed, and on
SQLite the in-memory test database is copied to a file both processes open.
"""

import hashlib
import io
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.db import connection

import django_rq
import pytest
from pypdf import PdfReader

from accounts.roles import Role
from certificates.models import Certificate
from certificates.services import certificate_issue
from tests.factories.accounts import UserFactory
from tests.factories.certificates import ElementFactory, JudgementFactory, StandardFactory

REDIS_DB = 13  # dedicated to this test; flushed before and after
REDIS_URL = f"redis://127.0.0.1:6379/{REDIS_DB}"
ROOT = Path(django_settings.BASE_DIR)

pytestmark = [
    pytest.mark.redis,
    # Real commits for the worker; the migrations' rows (locales, roles) come back afterwards.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def redis_db():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as error:
        if os.environ.get("CI"):
            raise AssertionError(f"CI needs Redis at {REDIS_URL}: {error}") from error
        pytest.skip(f"Redis is not reachable at {REDIS_URL} ({error}); CI runs this test.")
    client.flushdb()
    yield client
    client.flushdb()


@pytest.fixture(scope="module")
def memory_database():
    """Puts the in-memory SQLite test database back after this module, untouched.

    The transactional test's final flush runs while the connection still points at the file
    copy, so the data migrations' rows (roles, locales) survive for the tests that follow.
    """
    saved = {}
    yield saved
    if saved:
        connection.close()
        connection.settings_dict["NAME"] = saved["name"]
        connection.connection = saved["connection"]


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


def test_rqworker_renders_and_stores_the_pdf(
    redis_db, worker_database_url, settings, media_root, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 120}}
    # An earlier transactional test may have flushed the roles the data migration created.
    Group.objects.get_or_create(name=Role.TRAINEE.value)
    standard = StandardFactory(code="EC0301")
    ElementFactory(standard=standard, number=1)
    holder = UserFactory(first_name="José Ángel", last_name="Núñez Ibarra")
    JudgementFactory(candidate=holder, standard=standard)

    certificate = certificate_issue(holder=holder, standard=standard)  # commits: autocommit
    queued = {job.func_name for job in django_rq.get_queue("default").get_jobs()}
    assert {  # enqueued after commit; nothing ran in this process
        "certificates.tasks.certificate_render_pdf",
        "certificates.tasks.certificate_send_issued_email",
    } <= queued, queued
    certificate.refresh_from_db()
    assert not certificate.pdf  # nothing rendered in this process

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": worker_database_url,
        "REDIS_URL": REDIS_URL,
        "DJANGO_MEDIA_ROOT": str(media_root),
    }
    worker = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "rqworker",
            "--worker-class",  # as in production (Makefile ``worker``, README)
            "rq.worker.SimpleWorker",
            "--job-class",
            "django_tasks_rq.Job",
            "default",
            "--burst",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert worker.returncode == 0, worker.stderr[-3000:]
    assert redis_db.llen("rq:queue:default") == 0

    certificate = Certificate.objects.get(pk=certificate.pk)
    assert certificate.pdf, worker.stderr[-3000:]
    content = certificate.pdf.read()
    assert len(PdfReader(io.BytesIO(content)).pages) == 1
    assert certificate.pdf_sha256 == hashlib.sha256(content).hexdigest()
    assert certificate.events.filter(action="rendered").exists()
