"""The administrators' screen of background work (issue 14): failed tasks with a retry button,
and what the reconciliation finds missing, through the real forms, in English and Spanish."""

# ruff: noqa: F811 (fixtures imported from test_rq are parameters)
import datetime

from django.utils import timezone

from wagtail.users.models import UserProfile

import pytest
import redis
from bs4 import BeautifulSoup
from django_tasks_rq.backend import Job
from rq import SimpleWorker

from accounts.roles import Role
from certificates.models import Certificate
from certificates.tasks import certificate_render_pdf
from cms.outbox.models import OutboxTask
from tests.certificates.test_redis_outage import on_redis, redis_server  # noqa: F401
from tests.certificates.test_rq import redis_db, rq_tasks  # noqa: F401
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

URL = "/admin/background-work/"


def admin_in(client, language: str):
    user = UserFactory(roles=[Role.ADMINISTRATOR], preferred_language=language)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client.force_login(user)
    return user


def submit(client, page, action: str):
    """Post the form holding the button ``action``, with that form's own fields."""
    soup = BeautifulSoup(page.content, "html.parser")
    button = soup.find("button", attrs={"name": "action", "value": action})
    assert button is not None, f"no {action} button"
    form = button.find_parent("form")
    data = {field["name"]: field.get("value", "") for field in form.find_all("input")}
    data["action"] = action
    return client.post(URL, data, follow=True)


def texts(response, selector):
    soup = BeautifulSoup(response.content, "html.parser")
    return [" ".join(item.get_text().split()) for item in soup.select(selector)]


def test_only_administrators_see_the_screen(client):
    client.force_login(UserFactory(roles=[Role.INSTRUCTOR]))
    assert client.get(URL).status_code in (302, 403)


@pytest.mark.parametrize(
    ("language", "heading", "no_queue"),
    [
        ("en", "Background work", "Tasks run in the web process"),
        ("es", "Trabajo en segundo plano", "Las tareas se ejecutan en el proceso web"),
    ],
)
def test_without_a_queue_the_screen_says_so_in_the_admins_language(
    client, language, heading, no_queue
):
    admin_in(client, language)
    page = client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert heading in html and no_queue in html


def test_reconcile_now_renders_a_certificate_left_without_its_pdf(
    client, certificate, django_capture_on_commit_callbacks
):
    Certificate.objects.filter(pk=certificate.pk).update(
        pdf="", created_at=timezone.now() - datetime.timedelta(minutes=10)
    )
    admin_in(client, "en")
    page = client.get(URL)
    assert "1 certificate without its PDF" in texts(page, "#missing-work li")

    with django_capture_on_commit_callbacks(execute=True):  # tasks run after the commit
        done = submit(client, page, "reconcile")

    assert "Enqueued again: 1 PDF(s), 0 revoked copy(ies), 0 bulk run(s)." in done.content.decode()
    assert Certificate.objects.get(pk=certificate.pk).pdf
    assert "0 certificates without their PDF" in texts(client.get(URL), "#missing-work li")


@pytest.mark.redis
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_failed_task_is_listed_and_the_retry_button_puts_it_back(client, rq_tasks, redis_db):
    job_id = certificate_render_pdf.enqueue(987654).id  # no such certificate: it raises
    job = rq_tasks.fetch_job(job_id)
    job.retries_left = 0  # its last try
    job.save()
    SimpleWorker([rq_tasks], connection=rq_tasks.connection, job_class=Job).work(burst=True)
    assert rq_tasks.failed_job_registry.count == 1
    admin_in(client, "es")
    page = client.get(URL)
    (row,) = texts(page, "#failed-tasks tbody tr")
    assert row.startswith("certificates.tasks.certificate_render_pdf")
    assert row.endswith("DoesNotExist: Certificate matching query does not exist. Reintentar")

    done = submit(client, page, "retry")

    assert "De vuelta en la cola: 1 tarea(s)." in done.content.decode()
    assert rq_tasks.failed_job_registry.count == 0
    assert job_id in rq_tasks.job_ids
    assert texts(done, "#failed-none") == ["Ninguna tarea falló ni espera."]


@pytest.mark.redis
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_task_stuck_while_redis_is_down_is_listed_and_retried_once_it_is_back(
    client, on_redis, competent
):
    on_redis.stop()
    task_id = certificate_render_pdf.enqueue(competent.pk).id  # kept: the queue is down
    OutboxTask.objects.filter(pk=task_id).update(
        created_at=timezone.now() - datetime.timedelta(minutes=20)
    )
    admin_in(client, "en")
    page = client.get(URL)  # the screen reads the database: it answers while Redis is down
    rows = [row for row in texts(page, "#failed-tasks tbody tr") if "certificate_render" in row]
    assert len(rows) == 1 and "Waiting" in rows[0], rows

    refused = submit(client, page, "retry-all")
    assert "The queue cannot be reached: the tasks stay recorded" in refused.content.decode()
    assert OutboxTask.objects.filter(pk=task_id).exists()

    on_redis.start()
    page = client.get(URL)
    soup = BeautifulSoup(page.content, "html.parser")
    form = soup.find("input", attrs={"name": "task", "value": task_id}).find_parent("form")
    done = client.post(
        URL,
        {**{f["name"]: f.get("value", "") for f in form.find_all("input")}, "action": "retry"},
        follow=True,
    )
    assert "Back in the queue: 1 task(s)." in done.content.decode()
    queued = redis.Redis.from_url(on_redis.url).lrange("rq:queue:default", 0, -1)
    assert task_id.encode() in queued
