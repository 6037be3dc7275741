"""The embedded task backend (no Redis) runs the project's tasks after the commit of their
cause, and none after a rollback, as the outbox backend does (cms.task_queue); the outbox itself
is exercised against a real Redis and worker in tests/certificates/test_outbox.py.
"""

from django.db import transaction

import pytest

from assessments.tasks import judgement_email
from tests.factories.certificates import JudgementFactory

pytestmark = pytest.mark.django_db


class Undone(Exception):
    pass


def test_a_task_runs_after_the_commit_and_never_after_a_rollback(
    mailoutbox, django_capture_on_commit_callbacks
):
    judgement = JudgementFactory()

    with (
        pytest.raises(Undone),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        transaction.atomic(),
    ):
        judgement_email.enqueue(judgement.pk)
        raise Undone
    assert (callbacks, mailoutbox) == ([], [])

    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            judgement_email.enqueue(judgement.pk)
        assert mailoutbox == []  # not inside the transaction: after its commit
    assert [message.to for message in mailoutbox] == [[judgement.candidate.email]]
