"""Development: DEBUG on, e-mail to the console, a fixed local key."""

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, BASE_DIR, STORAGES, env_str

DEBUG = True
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "dev-only-not-secret-puente")  # noqa: S105
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# A signing key made on first use, outside media/ (which development serves) and git.
PUENTE_ISSUER_KEY_FILE = env_str(
    "PUENTE_ISSUER_KEY_FILE", str(BASE_DIR / "private" / "issuer-keys.json")
)
PUENTE_ISSUER_KEY_GENERATE = True
