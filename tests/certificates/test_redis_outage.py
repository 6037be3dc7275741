"""Redis stops under the site: pages, verification, autosave, submit and issuing keep working,
and the work that could not be queued waits in the outbox and is queued once Redis is back.

A real ``redis-server`` is started on a free port for this test only, then shut down while the
requests go on: the cache, the sessions' cache and the task queue all point at it, as in
production (``cms.settings.base`` with ``REDIS_URL``).
"""

import datetime
import os
import shutil
import socket
import subprocess
import time

from django.urls import reverse
from django.utils import translation

import django_rq
import pytest
import redis

from assessments.models import Attempt
from certificates.models import Certificate
from cms.outbox.models import OutboxTask
from cms.task_queue import outbox_relay
from tests.factories.accounts import UserFactory
from tests.factories.assessments import make_item, quiz_with, trainee_in
from tests.factories.certificates import JudgementFactory

pytestmark = [pytest.mark.redis, pytest.mark.django_db]

PASSWORD = "contraseña-segura-2026"  # every UserFactory user's


class RedisServer:
    """A throwaway ``redis-server`` on a free local port, stopped and started at will."""

    def __init__(self, binary: str):
        self.binary = binary
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.2)
        for _attempt in range(100):
            try:
                client.ping()
                return
            except redis.exceptions.ConnectionError:
                time.sleep(0.05)
        raise AssertionError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        with pytest.raises(redis.exceptions.ConnectionError):
            redis.Redis.from_url(self.url, socket_connect_timeout=0.2).ping()


@pytest.fixture
def redis_server():
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("CI"):
            raise AssertionError("CI needs redis-server installed")
        pytest.skip("redis-server is not installed; CI runs this test.")
    server = RedisServer(binary)
    server.start()
    yield server
    if server.process.poll() is None:
        server.stop()


@pytest.fixture
def on_redis(settings, redis_server):
    """The production wiring of cache, sessions and tasks, pointed at the throwaway server."""
    settings.CACHES = {
        "default": {
            "BACKEND": "cms.cache.OptionalRedisCache",
            "LOCATION": redis_server.url,
            "OPTIONS": settings.REDIS_SOCKET_TIMEOUTS,
        }
    }
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
    settings.TASKS = {
        "default": {"BACKEND": "cms.task_queue.RetryingRQBackend", "QUEUES": ["default"]}
    }
    settings.RQ_QUEUES = {"default": {"URL": redis_server.url, "DEFAULT_TIMEOUT": 120}}
    return redis_server


def sign_in(client, user) -> None:
    """Through the site's login form, as a person does (session saved, axes consulted)."""
    response = client.post("/es/accounts/login/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]


def url(name, language="es", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def test_the_site_answers_while_redis_is_down_and_lost_work_is_queued_when_it_returns(
    client,
    home_pages,
    certificate,
    standard,
    administrator,
    on_redis,
    django_capture_on_commit_callbacks,
    caplog,
):
    quiz = quiz_with([make_item("single"), make_item("numeric")])
    trainee = trainee_in(quiz.course)
    sign_in(client, trainee)  # the session is in the database and in Redis
    assert client.get("/es/").status_code == 200
    assert client.post(url("assessments:quiz_start", pk=quiz.pk)).status_code == 302
    attempt = Attempt.objects.get(quiz=quiz, user=trainee)
    pid = attempt.public_id

    on_redis.stop()
    started = time.monotonic()

    # The trainee keeps browsing, saving and submitting on the session the database holds.
    for page in ("/es/", "/en/", url("assessments:quiz_detail", "en", pk=quiz.pk)):
        assert client.get(page).status_code == 200, page
    assert client.get(url("assessments:attempt_page", public_id=pid, page=1)).status_code == 200
    autosave = client.post(
        url("assessments:attempt_autosave", public_id=pid),
        {"position": 1, "seq": 2, "q1": "wrench"},
    )
    assert autosave.status_code == 200 and autosave.json()["saved"], autosave.content
    with django_capture_on_commit_callbacks(execute=True):
        submit = client.post(url("assessments:attempt_submit", public_id=pid))
    assert submit.status_code == 302
    assert client.get(url("assessments:attempt_result", public_id=pid)).status_code == 200
    attempt.refresh_from_db()
    assert attempt.status != Attempt.Status.IN_PROGRESS and attempt.score is not None

    # Anyone verifies a certificate; someone signs in and gets a session.
    stranger = client.__class__()
    for language in ("es", "en"):
        page = stranger.get(f"/{language}/verify/{certificate.code}/")
        assert page.status_code == 200 and certificate.holder_name in page.content.decode()
    sign_in(stranger, UserFactory(email="nuevo@puente.example"))
    assert stranger.get(url("certificates:mine", "en")).status_code == 200

    # An administrator issues a certificate: saved, though its render cannot be queued.
    learner = UserFactory(email="lucia@puente.example")
    JudgementFactory(candidate=learner, standard=standard)
    admin = client.__class__()
    sign_in(admin, administrator)
    with django_capture_on_commit_callbacks(execute=True) as enqueued:  # as after a commit
        issued = admin.post(
            reverse("certificates_admin:issue"), {"holder": learner.pk, "standard": standard.pk}
        )
    assert enqueued
    assert issued.status_code == 302, issued.content.decode()[:2000]
    saved = Certificate.objects.get(holder=learner)
    assert not saved.pdf
    assert "Task certificates.tasks.certificate_render_pdf kept in the outbox" in caplog.text
    # Failing over costs no waiting: no request above hung on the unreachable server.
    assert time.monotonic() - started < 20

    # Redis returns (empty, as after a restart): the workers' relay queues the waiting render.
    on_redis.start()
    outcome = outbox_relay(now=saved.created_at + datetime.timedelta(minutes=1))
    assert outcome.handed_over == OutboxTask.objects.count() >= 1
    render = OutboxTask.objects.get(task_path="certificates.tasks.certificate_render_pdf")
    queued = redis.Redis.from_url(on_redis.url).lrange("rq:queue:default", 0, -1)
    assert render.pk.encode() in queued
    job = django_rq.get_queue("default").fetch_job(render.pk)
    assert (job.func_name, list(job.args)) == (
        "certificates.tasks.certificate_render_pdf",
        [saved.pk],
    )


def test_while_the_queue_is_down_work_is_recorded_and_nothing_runs_here(
    on_redis, competent, holder, caplog, django_capture_on_commit_callbacks
):
    """An e-mail and a render both wait in the outbox (an e-mail is no longer sent from the web
    process as a fallback): the workers relay them when Redis is back."""
    from django.core import mail

    from assessments.tasks import judgement_email
    from certificates.tasks import certificate_render_pdf

    on_redis.stop()
    with django_capture_on_commit_callbacks(execute=True):
        judgement_email.enqueue(competent.pk)
        certificate_render_pdf.enqueue(competent.pk)  # any id: it must not run here

    assert mail.outbox == []
    recorded = OutboxTask.objects.exclude(task_path__startswith="wagtail.")  # fixtures' own
    assert sorted(recorded.values_list("task_path", flat=True)) == [
        "assessments.tasks.judgement_email",
        "certificates.tasks.certificate_render_pdf",
    ]
    assert "Task assessments.tasks.judgement_email kept in the outbox" in caplog.text
