"""Settings shared by every environment. Values that differ come from the environment."""

from datetime import timedelta
from pathlib import Path

from django.utils.translation import gettext_lazy as _

import dj_database_url
import redis

from .environment import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Puente, in dependency order (importer first): cms → privacy → certificates →
    # assessments → courses → competencies → audit → accounts.
    "cms",
    "privacy",
    "certificates",
    "assessments",
    "courses",
    "competencies",
    "audit",
    "accounts",
    # Wagtail
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Django and third parties
    "django_tasks",
    "cms.outbox",
    "django_tasks_rq",
    "django_rq",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
]

# A background worker runs tasks only: it renders and stores certificates, sends e-mails and
# plans bulk issuance, and never serves a page or the admin. With PUENTE_WORKER=1 (``make
# worker``, README "Background work") it leaves out the apps that only serve pages and the
# admin, and their URLs; what tasks load stays: their models, Wagtail's core, images and
# settings. The worker imports a third fewer modules (its memory: README "Benchmarks",
# ``benchmarks/certificate_bulk.py``); tests/certificates/test_rq.py runs every task in such a
# worker. The project package's own modules (``cms.site_urls``, ``cms.worker``)
# still serve it; the ``cms`` app, its pages and their hooks stay out. A web process refuses
# the flag (``cms/wsgi.py``).
PUENTE_WORKER = env_bool("PUENTE_WORKER")
WEB_ONLY_APPS = {
    "cms",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.search",
    "wagtail.admin",
    "django.contrib.admin",
    "django.contrib.messages",
}
# Kept in a worker with a configuration of its own: Wagtail's images app without the admin's
# and the v3 API's registrations, which import django-ninja and pydantic (about 13 MiB a
# worker; cms/worker_apps.py).
WORKER_APP_CONFIGS = {"wagtail.images": "cms.worker_apps.WorkerImagesConfig"}
if PUENTE_WORKER:
    INSTALLED_APPS = [
        WORKER_APP_CONFIGS.get(app, app) for app in INSTALLED_APPS if app not in WEB_ONLY_APPS
    ]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cms.middleware.LocaleMiddleware",
    "cms.middleware.RefuseNulCharactersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The request the security log reads who acts and from where (audit.context).
    "audit.context.AuditRequestMiddleware",
    "cms.middleware.AdminLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A person asked at log-in to accept a new privacy notice sees it before other pages.
    "privacy.middleware.ConsentMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: turns a locked-out login (site or admin) into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# A worker reverses the site's URLs (links in e-mails and QR codes) but never the admin's.
ROOT_URLCONF = "cms.site_urls" if PUENTE_WORKER else "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The site's templates are the cms app's own (first app: its overrides win). A worker
        # leaves cms out of INSTALLED_APPS but still renders e-mails that extend them. Listing
        # the folder in DIRS as well would find each template twice, and an override that
        # extends the template it replaces would then be applied twice.
        "DIRS": [BASE_DIR / "cms" / "templates"] if PUENTE_WORKER else [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "certificates.context_processors.certificate_outcomes",
                "cms.fragments.context",
            ],
        },
    },
]

# Database: SQLite in WAL mode unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard"  # the learner's home: what next, progress, certificates
LOGOUT_REDIRECT_URL = "/"

# Who is asking: the proxies in front of the app whose X-Forwarded-For is believed
# (addresses or networks, comma-separated); see accounts.network.client_address.
PUENTE_TRUSTED_PROXIES = env_list("PUENTE_TRUSTED_PROXIES")

# Login throttling (django-axes) for the site's and the admin's login forms: after
# AXES_FAILURE_LIMIT wrong passwords for an account, that account cannot log in for
# AXES_COOLOFF_TIME, from anywhere (keyed on the account, not the address: a training room
# behind one address is not locked out by a neighbour's typos).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("PUENTE_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("PUENTE_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_CLIENT_IP_CALLABLE = "accounts.network.client_address"
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_VERBOSE = False
# axes.W006 asks for the address among the lockout keys; Puente keys on the account on purpose
# (above), and a request's other attributes (user agent, cookies) are not keys either.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Internationalisation: Spanish first, English second; URLs carry the language.
LANGUAGE_CODE = "es"
LANGUAGES = [("es", _("Spanish")), ("en", _("English"))]
# Puente's own strings, then Spanish the installed libraries leave out (cms/vendor_messages.py).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_vendor"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "America/Mexico_City"
LANGUAGE_COOKIE_NAME = "puente_language"
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# Static files and media.
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
# Private files (certificate PDFs, evidence photos: accounts.storage) live outside MEDIA_ROOT,
# where nothing serves them: views that check who asks do.
PRIVATE_MEDIA_ROOT = Path(env_str("DJANGO_PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if env_str("AWS_STORAGE_BUCKET_NAME"):
    # Any S3-compatible service; credentials come from the usual AWS_* variables.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env_str("AWS_S3_REGION_NAME") or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **STORAGES["default"]["OPTIONS"],
            "location": "private",
            "querystring_expire": 300,  # a signed URL, if ever made, lives five minutes
        },
    }

# Cache, background tasks: Redis when REDIS_URL is set, in-process otherwise. Redis is never
# the only copy of anything: sessions are cached_db (above), the cache degrades to misses while
# Redis is down (cms.cache), and a task is a row of the database's outbox, written with its
# cause, until it has run (cms.task_queue): Redis only carries it to a worker. Short socket
# timeouts keep a request from hanging on an unreachable Redis.
REDIS_URL = env_str("REDIS_URL")
REDIS_SOCKET_TIMEOUTS = {"socket_connect_timeout": 1, "socket_timeout": 2}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "cms.cache.OptionalRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": REDIS_SOCKET_TIMEOUTS,
        }
    }
    TASKS = {"default": {"BACKEND": "cms.task_queue.RetryingRQBackend", "QUEUES": ["default"]}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    TASKS = {"default": {"BACKEND": "cms.task_queue.AfterCommitImmediateBackend"}}
# Rendered page fragments ({% wagtailcache %}, cms.fragments) stay in each process's memory:
# their keys carry the content version, read from the default cache (shared by every process),
# so a change anywhere retires them everywhere, and a page costs one round trip to Redis
# however many fragments it shows.
FRAGMENT_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "puente-fragments",
    "OPTIONS": {"MAX_ENTRIES": 2000},
}
CACHES["template_fragments"] = FRAGMENT_CACHE
# One connection pool per process for the task queue: django-rq otherwise opens (and
# handshakes) a new Redis connection for every task enqueued, a few ms each time.
RQ_REDIS_POOL = redis.ConnectionPool.from_url(
    REDIS_URL or "redis://127.0.0.1:6379/0", **REDIS_SOCKET_TIMEOUTS
)
RQ_QUEUES = {
    "default": {
        "HOST": RQ_REDIS_POOL.connection_kwargs.get("host", "127.0.0.1"),
        "PORT": RQ_REDIS_POOL.connection_kwargs.get("port", 6379),
        "DB": RQ_REDIS_POOL.connection_kwargs.get("db", 0),
        "REDIS_CLIENT_KWARGS": {"connection_pool": RQ_REDIS_POOL},
        "DEFAULT_TIMEOUT": 600,
    }
}

# E-mail: SMTP from the environment; development overrides with the console.
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Puente <no-reply@puente.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Wagtail
WAGTAIL_SITE_NAME = "Puente"
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "ods", "txt", "csv"]
WAGTAIL_PASSWORD_RESET_ENABLED = True
# Nothing of the admin calls other sites: no Gravatar pictures (they would hand each person's
# e-mail hash to a third party) and no check for new Wagtail releases.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Absolute URLs in certificates' QR codes and e-mails.
PUENTE_BASE_URL = WAGTAILADMIN_BASE_URL

# The issuer's Ed25519 keys for signed credentials (certificates.credentials.keys): the keys
# themselves (current secret key first, then retired public keys) or a JSON file of them.
PUENTE_ISSUER_KEYS = env_str("PUENTE_ISSUER_KEYS")
PUENTE_ISSUER_KEY_FILE = env_str("PUENTE_ISSUER_KEY_FILE")
PUENTE_ISSUER_KEY_GENERATE = False  # development and tests create the file on first use
# The PEM key and X.509 certificate that sign certificate PDFs (certificates.pdf_signing);
# by default pdf-signing.pem beside PUENTE_ISSUER_KEY_FILE.
PUENTE_PDF_SIGNING_FILE = env_str("PUENTE_PDF_SIGNING_FILE")

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"  # Wagtail relaxes it to SAMEORIGIN for its own preview only

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "WARNING")},
    "loggers": {"puente": {"level": env_str("PUENTE_LOG_LEVEL", "INFO")}},
}
