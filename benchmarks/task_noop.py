"""The task ``benchmarks/task_backends.py`` queues: it does nothing, so what is measured is
the backend (enqueueing, fetching, recording), not the work."""

from django_tasks import task


@task()
def noop(number: int) -> int:
    return number
