"""A worker collects what each job leaves in reference cycles (``cms.worker``, issue 21).

Without it, the cycles of every job outlived it until a full collection, which the collector
made rare once start-up's objects were frozen: a worker grew by about 0.5 MiB with every bulk
issue chunk and passed its 150 MiB.
"""

# ruff: noqa: F811 (fixtures imported from other modules are parameters)
import gc
import weakref

import pytest
from rq import Queue

from cms.worker import Worker
from tests.certificates.test_rq import redis_db  # noqa: F401


class Cycle:
    """An object that refers to itself: only the cyclic garbage collector frees it."""

    def __init__(self):
        self.itself = self


left_behind: list[weakref.ref] = []


def leave_a_cycle() -> None:
    """A job that leaves a cycle where only a full collection finds it."""
    cycle = Cycle()
    gc.collect()  # still referenced: it survives into the oldest generation
    left_behind.append(weakref.ref(cycle))


# The worker checks its database connections before and after each job.
@pytest.mark.redis
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_what_a_job_leaves_in_cycles_is_freed_when_the_job_ends(redis_db):
    queue = Queue("default", connection=redis_db)
    worker = Worker([queue], connection=redis_db)
    try:
        # The first job, after which what jobs keep is frozen, and a later one.
        for _ in range(2):
            job = queue.enqueue(leave_a_cycle)

            worker.execute_job(job, queue)

            assert job.get_status(refresh=True) == "finished"
            assert left_behind[-1]() is None
    finally:
        gc.unfreeze()  # this test process's objects, frozen after the first job, go back
