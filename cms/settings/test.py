"""Tests: fast hashing, in-memory e-mail, immediate tasks unless a test chooses RQ."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import FRAGMENT_CACHE, STORAGES

SECRET_KEY = "test-only-not-secret-puente"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,
    # Each run keeps its private files (certificate PDFs, evidence photos) in its own folder.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": tempfile.mkdtemp(prefix="puente-private-"), "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "template_fragments": FRAGMENT_CACHE,
}
TASKS = {"default": {"BACKEND": "cms.task_queue.AfterCommitImmediateBackend"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
PUENTE_BASE_URL = WAGTAILADMIN_BASE_URL

WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# Every test run is a fresh install: its issuer key is made on first use, in its own folder.
PUENTE_ISSUER_KEYS = ""
PUENTE_ISSUER_KEY_FILE = str(Path(tempfile.mkdtemp(prefix="puente-issuer-")) / "issuer-keys.json")
PUENTE_ISSUER_KEY_GENERATE = True
