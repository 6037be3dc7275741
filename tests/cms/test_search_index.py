"""Search finds what was just published, with production's task queue (issue 14, item 6).

Wagtail indexes a saved page (search, and its reference index) through tasks enqueued from
``post_save``. Through RQ every such job failed in the workers (which leave the page apps out)
and a new title word was never found. ``cms.task_queue.RUN_IN_TRANSACTION`` runs them inside
the publishing transaction.
"""

# ruff: noqa: F811 (fixtures imported from test_rq are parameters)
from wagtail.models import Page

import pytest

from accounts.roles import Role
from cms.models import ModulePage
from cms.outbox.models import OutboxTask
from tests.certificates.conftest import media_root  # noqa: F401 (a fixture)
from tests.certificates.test_rq import (  # noqa: F401 (fixtures)
    memory_database,
    redis_db,
    rq_tasks,
    rqworker_burst,
    smtp,
    worker_database_url,
)
from tests.cms.admin_forms import form_data
from tests.cms.learning import build_learning_tree
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WORD = "Zapatófono"


def test_a_page_published_in_the_admin_is_found_by_search_after_the_worker_ran(
    client,
    home_pages,
    rq_tasks,
    redis_db,
    worker_database_url,
    media_root,
    smtp,
):
    module = build_learning_tree(home_pages)["modules"]["es"][0]
    client.force_login(UserFactory(roles=[Role.ADMINISTRATOR]))
    edit_url = f"/admin/pages/{module.pk}/edit/"
    data = form_data(client.get(edit_url).content)
    data["title"] = f"Calibración del {WORD}"
    data["action-publish"] = "action-publish"

    response = client.post(edit_url, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert ModulePage.objects.get(pk=module.pk).title == f"Calibración del {WORD}"
    queued = [job.func_name for job in rq_tasks.get_jobs()]
    assert not [name for name in queued if name.startswith("modelsearch")], queued
    # Wagtail's reference index too: done with the save, never queued for a worker (which
    # cannot load page models: every such job failed there).
    assert not [name for name in queued if "reference_index" in name], queued
    assert not OutboxTask.objects.filter(task_path__contains="reference_index").exists()
    worker = rqworker_burst(
        redis_url=redis_db.url,
        database_url=worker_database_url,
        media_root=media_root,
        smtp=smtp,
    )
    assert rq_tasks.failed_job_registry.count == 0, worker.stderr[-3000:]
    assert [page.pk for page in Page.objects.live().search(WORD)] == [module.pk]
    listing = client.get("/admin/pages/search/", {"q": WORD})
    assert f"Calibración del {WORD}" in listing.content.decode()
