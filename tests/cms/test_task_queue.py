"""What the task backend runs in place when the queue is down names real tasks (cms.task_queue);
the outage itself is exercised against a stopped Redis in tests/certificates/test_redis_outage.py.
"""

from django.utils.module_loading import import_string

from django_tasks.base import Task

from cms.task_queue import RUN_HERE_WHEN_QUEUE_DOWN


def test_every_task_run_in_place_exists_and_is_an_e_mail():
    for path in RUN_HERE_WHEN_QUEUE_DOWN:
        task = import_string(path)
        assert isinstance(task, Task) and task.module_path == path
        assert "email" in path  # short work: renders and bulk chunks wait for the reconciliation
