"""Puente's background worker: RQ's ``SimpleWorker``, made ready before its first job.

A worker machine runs ``COMMAND`` from the project root with ``ENVIRONMENT`` added to its
own (``make worker``, README "Background work"; the RQ test and the bulk benchmark start
their workers from these). ``SimpleWorker`` runs each job in the worker process instead of
a fork per job, so what is loaded once serves every job after it.
"""

import gc

from rq.worker import SimpleWorker

COMMAND = [
    "manage.py",
    "rqworker",
    "--worker-class",
    "cms.worker.Worker",
    "--job-class",
    "django_tasks_rq.Job",
    "default",
]
ENVIRONMENT = {"PUENTE_WORKER": "1"}  # only what tasks load (cms/settings/base.py)


def worker_prepare() -> None:
    """Load what jobs use, then put it out of the garbage collector's way.

    The certificate renderer (WeasyPrint, fonts, stylesheet) is loaded at start rather than by
    the first certificate. Then everything loaded so far, about 150,000 objects that live as
    long as the process, is frozen (``gc.freeze``): a full collection no longer walks them,
    which had cost about 100 ms every few dozen renders.
    """
    from certificates.pdf import renderer_prepare  # needs the app registry: after setup

    renderer_prepare()
    gc.collect()
    gc.freeze()


class Worker(SimpleWorker):
    def work(self, *args, **kwargs):
        worker_prepare()
        return super().work(*args, **kwargs)
