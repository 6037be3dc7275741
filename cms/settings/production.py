"""Production: refuses to start without a secret key, allowed hosts, a database URL, the
site's public address (WAGTAILADMIN_BASE_URL: QR codes and e-mail links), the credentials'
issuer key and the key and certificate that sign certificate PDFs."""

from .environment import env_bool, env_int, env_str, require

require("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL", "WAGTAILADMIN_BASE_URL")
if not env_str("PUENTE_ISSUER_KEY_FILE"):
    # The credentials' signing key, or a file holding it; and the PEM file with the PDF
    # signing key and the issuer's certificate (pdf-signing.pem beside a key file otherwise).
    require("PUENTE_ISSUER_KEYS", "PUENTE_PDF_SIGNING_FILE")

from .base import *  # noqa: E402, F403
from .base import DATABASES, INSTALLED_APPS, MIDDLEWARE  # noqa: E402
from .headers import (  # noqa: E402, F401
    ADMIN_POLICY_ADDITIONS,
    CONTENT_SECURITY_POLICY,
    CSP_MIDDLEWARE,
    PERMISSIONS_POLICY,
)

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

# Content-Security-Policy and Permissions-Policy: see .headers.
INSTALLED_APPS = [*INSTALLED_APPS, "csp"]
MIDDLEWARE = [*MIDDLEWARE, *CSP_MIDDLEWARE]
