"""Production settings for the benchmark, serving static files without a collected manifest."""

import os

from cms.settings.production import *  # noqa: F403
from cms.settings.production import CACHES, STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
PUENTE_ISSUER_KEY_GENERATE = True  # quiz_bench.configure points it at a throw-away file
# Mail stays in memory: seeding the demo notifies its people, and no benchmark has an SMTP
# server to refuse it (each refusal printed a task's traceback among the figures).
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
if os.environ.get("PUENTE_BENCH_NO_FRAGMENT_CACHE"):  # module_page.py: the page in full
    CACHES = {
        **CACHES,
        "template_fragments": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
