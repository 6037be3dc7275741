"""Settings for ``benchmarks/task_backends.py`` and its workers: production's, plus
django-tasks' database backend (``django_tasks_db``) when ``PUENTE_BENCH_TASKS_DB=1``.

That backend is not a dependency of Puente (README "Background work" says why); the benchmark
finds it on ``PYTHONPATH`` to compare it with the outbox.
"""

import os

from cms.settings.production import *  # noqa: F403
from cms.settings.production import INSTALLED_APPS

if os.environ.get("PUENTE_BENCH_TASKS_DB") == "1":
    INSTALLED_APPS = [*INSTALLED_APPS, "django_tasks_db"]
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
