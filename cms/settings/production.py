"""Production: refuses to start without a secret key, allowed hosts, a database URL and the
credentials' issuer key."""

from .environment import env_bool, env_int, env_str, require

require("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL")
if not env_str("PUENTE_ISSUER_KEY_FILE"):
    require("PUENTE_ISSUER_KEYS")  # the credentials' signing key, or a file holding it

from .base import *  # noqa: E402, F403
from .base import DATABASES  # noqa: E402

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SECURE_REFERRER_POLICY = "same-origin"

# Keep database connections between requests (health-checked before reuse): opening one
# per request costs more than most of Puente's requests do.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)
