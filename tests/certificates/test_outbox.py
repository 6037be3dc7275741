"""Work recorded with its cause (issue 14): a certificate issued or an essay graded while Redis
is down, or queued in a Redis that then restarts empty (no persistence), still gets its PDF and
its e-mails from a real worker; a rollback leaves no task.

A throwaway ``redis-server`` (``--save "" --appendonly no``) is stopped and started at will; the
worker is ``cms.worker.COMMAND`` in its own process on this test's database (SQLite file or
PostgreSQL), sending e-mail to the SMTP sink.
"""

# ruff: noqa: F811 (fixtures imported from other test modules are parameters)
from decimal import Decimal

from django.db import transaction
from django.urls import reverse

import pytest

from assessments.models import Attempt
from assessments.services.grading import answer_grade
from certificates.models import Certificate
from certificates.services import certificate_issue
from cms.outbox.models import OutboxTask
from tests.certificates.test_redis_outage import redis_server  # noqa: F401
from tests.certificates.test_rq import (  # noqa: F401
    assert_stored_pdf,
    mail_to,
    memory_database,
    rqworker_burst,
    smtp,
    worker_database_url,
)
from tests.factories import evidence as build
from tests.factories.certificates import JudgementFactory

pytestmark = [
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def on_outbox(settings, redis_server):
    """Tasks go through the outbox to the throwaway Redis, as in production."""
    settings.TASKS = {
        "default": {"BACKEND": "cms.task_queue.RetryingRQBackend", "QUEUES": ["default"]}
    }
    settings.RQ_QUEUES = {"default": {"URL": redis_server.url, "DEFAULT_TIMEOUT": 120}}
    return redis_server


@pytest.fixture
def essay(db):
    """A submitted attempt whose essay waits for its instructor; the trainee reads English."""
    standard = build.standard_with_criteria((("knowledge",),))
    (knowledge,) = build.criteria_of(standard)
    teacher = build.instructor(first_name="Luis Alberto")
    room = build.classroom(standard, instructors=[teacher])
    trainee = build.trainee(
        first_name="Emily", last_name="Walker", preferred_language="en", email="emily@x.example"
    )
    build.enroll(trainee, room)
    essay_item = build.item({knowledge: 1}, kind="essay", points="4")
    attempt = build.attempt(
        trainee, build.quiz(room), [(build.item({knowledge: 1}), 1), (essay_item, None)]
    )
    return {"teacher": teacher, "answer": attempt.answers.get(position=2), "attempt": attempt}


def issue_through_the_form(client, administrator, holder, standard) -> Certificate:
    client.force_login(administrator)
    response = client.post(
        reverse("certificates_admin:issue"), {"holder": holder.pk, "standard": standard.pk}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Certificate.objects.get(holder=holder, standard=standard)


def grade_through_the_form(client, essay) -> None:
    client.force_login(essay["teacher"])
    url = reverse("assessments:grading_answer", args=[essay["answer"].pk])
    response = client.post(url, {"points": "3", "feedback": "Explica bien el bloqueo."})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Attempt.objects.get(pk=essay["attempt"].pk).status == Attempt.Status.GRADED


def queued(server) -> list[bytes]:
    import redis

    return redis.Redis.from_url(server.url).lrange("rq:queue:default", 0, -1)


def project_tasks() -> list[str]:
    """The outbox's tasks of Puente's apps (saving the fixtures also recorded Wagtail's)."""
    paths = OutboxTask.objects.values_list("task_path", flat=True)
    return [path for path in paths if path.startswith(("assessments.", "certificates."))]


def work_off(server, database_url, media_root, smtp) -> None:
    """A real worker runs, in burst, whatever the queue on ``server`` holds."""
    rqworker_burst(
        redis_url=server.url, database_url=database_url, media_root=media_root, smtp=smtp
    )


def assert_all_done(certificate, smtp) -> None:
    """The PDF stored, the holder's and the trainee's e-mails sent, the outbox empty."""
    assert_stored_pdf(certificate)
    assert mail_to(smtp, certificate.holder.email) == [f"Tu certificado: {certificate.title_es}"]
    graded = "Your result for “Knowledge questionnaire” is ready"
    assert mail_to(smtp, "emily@x.example") == [graded]
    assert project_tasks() == []


def test_work_caused_while_redis_is_down_is_done_once_it_returns(
    client,
    on_outbox,
    worker_database_url,
    media_root,
    smtp,
    standard,
    holder,
    administrator,
    essay,
    caplog,
):
    JudgementFactory(candidate=holder, standard=standard)
    on_outbox.stop()

    # Both requests succeed: what they cause is recorded with them, not lost with the queue.
    certificate = issue_through_the_form(client, administrator, holder, standard)
    grade_through_the_form(client.__class__(), essay)
    assert not certificate.pdf and smtp.messages == []
    assert sorted(project_tasks()) == [
        "assessments.tasks.attempt_graded_email",
        "certificates.tasks.certificate_render_pdf",
    ]
    assert "kept in the outbox (queue unavailable" in caplog.text

    on_outbox.start()  # empty: nothing was ever queued in it
    assert queued(on_outbox) == []
    work_off(on_outbox, worker_database_url, media_root, smtp)

    assert_all_done(certificate, smtp)


def test_work_queued_in_a_redis_that_restarts_empty_is_not_lost(
    client,
    on_outbox,
    worker_database_url,
    media_root,
    smtp,
    standard,
    holder,
    administrator,
    essay,
):
    JudgementFactory(candidate=holder, standard=standard)
    certificate = issue_through_the_form(client, administrator, holder, standard)
    grade_through_the_form(client.__class__(), essay)
    ours = OutboxTask.objects.filter(task_path__in=project_tasks())
    assert len(ours) == 2 and {task.pk.encode() for task in ours} <= set(queued(on_outbox))

    on_outbox.stop()  # no persistence: the queue is gone before any worker ran it
    on_outbox.start()
    assert queued(on_outbox) == []
    work_off(on_outbox, worker_database_url, media_root, smtp)

    assert_all_done(certificate, smtp)


def test_a_rolled_back_cause_leaves_no_task_and_a_committed_one_exactly_its_own(
    on_outbox, standard, holder, administrator, essay
):
    JudgementFactory(candidate=holder, standard=standard)
    before = OutboxTask.objects.count(), queued(on_outbox)  # the fixtures' (Wagtail's) tasks

    class Undone(Exception):
        pass

    with pytest.raises(Undone), transaction.atomic():
        certificate_issue(holder=holder, standard=standard, issued_by=administrator)
        answer_grade(
            grader=essay["teacher"], answer=essay["answer"], points=Decimal("3"), feedback=""
        )
        assert sorted(project_tasks()) == [  # recorded inside the transaction
            "assessments.tasks.attempt_graded_email",
            "certificates.tasks.certificate_render_pdf",
        ]
        raise Undone

    assert not Certificate.objects.filter(holder=holder).exists()
    assert (OutboxTask.objects.count(), queued(on_outbox)) == before

    certificate = certificate_issue(holder=holder, standard=standard, issued_by=administrator)
    (task,) = OutboxTask.objects.filter(task_path__in=project_tasks())
    assert (task.task_path, task.args_kwargs) == (
        "certificates.tasks.certificate_render_pdf",
        {"args": [certificate.pk], "kwargs": {}},
    )
    assert task.pk.encode() in queued(on_outbox)  # handed over after the commit, under its id
