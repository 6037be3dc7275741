"""Settings guards: each case imports the settings in a fresh interpreter, as a server would."""

import datetime
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

ROOT = Path(__file__).resolve().parents[2]


def _pdf_signing_file() -> str:
    """A PEM file with a P-256 key and its self-signed certificate (test value only)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Puente test")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    path = Path(tempfile.mkdtemp(prefix="puente-settings-")) / "pdf-signing.pem"
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        + certificate.public_bytes(serialization.Encoding.PEM)
    )
    return str(path)


PRODUCTION = {
    "DJANGO_SECRET_KEY": "k8$Jw2!vQ9zL0pR4tY7uB1nM6cX3eD5fG8hT2yU4iO9pA7sK3lZ",
    "DJANGO_ALLOWED_HOSTS": "puente.example",
    "DATABASE_URL": "sqlite:////tmp/puente-settings-check.sqlite3",
    # QR codes and e-mail links point here (issue 16, item 14: it was 127.0.0.1 by default).
    "WAGTAILADMIN_BASE_URL": "https://puente.example",
    # The credentials' signing key (an Ed25519 secretKeyMultibase; test value only).
    "PUENTE_ISSUER_KEYS": "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq",
    # The key and certificate that sign certificate PDFs.
    "PUENTE_PDF_SIGNING_FILE": _pdf_signing_file(),
}


def manage(*args, settings="cms.settings.production", **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(
            (
                "DJANGO_",
                "DATABASE_URL",
                "REDIS_URL",
                "AWS_",
                "PUENTE_ISSUER_",
                "PUENTE_PDF_",
                "WAGTAILADMIN_",
            )
        )
    }
    environment.update(DJANGO_SETTINGS_MODULE=settings, **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("missing", sorted(PRODUCTION))
def test_production_refuses_to_start_naming_what_is_missing(missing):
    env = {key: value for key, value in PRODUCTION.items() if key != missing}

    result = manage("check", **env)

    assert result.returncode != 0
    assert f"Production settings need these environment variables: {missing}." in result.stderr


def test_production_passes_check_deploy_without_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_redis_url_switches_tasks_and_cache_to_redis():
    code = (
        "from django.conf import settings; "
        "print(settings.TASKS['default']['BACKEND'], settings.CACHES['default']['BACKEND'])"
    )
    with_redis = manage(
        "shell", "-c", code, settings="cms.settings.dev", REDIS_URL="redis://127.0.0.1:6379/3"
    )
    without = manage("shell", "-c", code, settings="cms.settings.dev")

    # Retried tasks and a cache that degrades while Redis is down (README "Background work").
    assert "cms.task_queue.RetryingRQBackend cms.cache.OptionalRedisCache" in with_redis.stdout
    assert "ImmediateBackend" in without.stdout and "LocMemCache" in without.stdout


def test_s3_storage_when_a_bucket_is_configured():
    code = "from django.conf import settings; print(settings.STORAGES['default']['BACKEND'])"
    result = manage(
        "shell",
        "-c",
        code,
        settings="cms.settings.dev",
        AWS_STORAGE_BUCKET_NAME="puente-media",
        AWS_S3_ENDPOINT_URL="http://127.0.0.1:9000",
    )
    assert "storages.backends.s3.S3Storage" in result.stdout


def test_sqlite_runs_in_wal_mode(db):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
    # The in-memory test database cannot use WAL; the configured init command asks for it.
    assert "journal_mode=WAL" in connection.settings_dict["OPTIONS"]["init_command"]
    assert mode in {"wal", "memory"}


def test_a_worker_loads_what_tasks_need_and_neither_the_admin_nor_the_pages():
    code = (
        "import sys; from django.apps import apps; from django.urls import reverse; "
        "from django.utils import translation; translation.activate('en'); "
        "print(sorted(a.name for a in apps.get_app_configs())); "
        "print(reverse('certificates:verify', args=['ABCD']), "
        "'wagtail.admin.urls' in sys.modules)"
    )
    worker = manage("check", "--deploy", "--fail-level", "WARNING", PUENTE_WORKER="1", **PRODUCTION)
    result = manage("shell", "-c", code, PUENTE_WORKER="1", **PRODUCTION)

    assert worker.returncode == 0, worker.stderr
    assert result.returncode == 0, result.stderr
    *_banner, apps, links = result.stdout.splitlines()
    for needed in ("certificates", "assessments", "courses", "competencies", "accounts"):
        assert f"'{needed}'" in apps
    for needed in ("wagtail", "wagtail.images", "wagtail.contrib.settings", "django_tasks_rq"):
        assert f"'{needed}'" in apps
    for left_out in ("cms", "wagtail.admin", "wagtail_localize", "django.contrib.admin"):
        assert f"'{left_out}'" not in apps
    assert links == "/en/verify/ABCD/ False"


def web_process(code: str, **env: str) -> subprocess.CompletedProcess:
    """``code`` run in a new Python process with the production settings (and ``env``)."""
    environment = {**os.environ, **PRODUCTION, **env}
    environment["DJANGO_SETTINGS_MODULE"] = "cms.settings.production"
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_web_process_refuses_the_worker_flag():
    result = web_process("import cms.wsgi", PUENTE_WORKER="1")

    assert result.returncode != 0
    assert "PUENTE_WORKER=1 is for background workers" in result.stderr


def test_a_web_process_loads_its_views_and_sets_them_aside_before_its_first_request():
    """``cms.wsgi``: the views are imported at start (not by the first request), and what is
    loaded is frozen, so the garbage collector's full collections do not walk it."""
    result = web_process(
        "import gc, sys; import cms.wsgi; "
        "print('wagtail.admin.urls' in sys.modules, 'assessments.views' in sys.modules, "
        "gc.get_freeze_count())"
    )

    assert result.returncode == 0, result.stderr
    admin_urls, views, frozen = result.stdout.split()
    assert (admin_urls, views) == ("True", "True")
    assert int(frozen) > 100_000


def test_make_worker_and_the_readme_run_the_worker_command():
    """``cms.worker.COMMAND`` is what the RQ test and the bulk benchmark start; the Makefile
    and the README, which cannot import it, say the same."""
    from cms import worker

    command = " ".join(worker.COMMAND[1:])
    environment = " ".join(f"{key}={value}" for key, value in worker.ENVIRONMENT.items())
    for document in ("Makefile", "README.md"):
        text = " ".join((ROOT / document).read_text().replace("\\\n", " ").split())
        assert f"manage.py {command}" in text, document
        assert environment in text, document


def test_production_sends_a_content_security_policy_and_a_permissions_policy():
    """Issue 16, item 12: the site's responses carry both headers; scripts only from the site."""
    code = (
        "from django.test import Client; "
        "r = Client(HTTP_HOST='puente.example').get('/.well-known/did.json', secure=True); "
        "print('CSP', r.headers.get('Content-Security-Policy')); "
        "print('PP', r.headers.get('Permissions-Policy'))"
    )
    result = manage("shell", "-c", code, **PRODUCTION)

    assert result.returncode == 0, result.stderr
    csp = next(line for line in result.stdout.splitlines() if line.startswith("CSP "))
    directives = dict(part.strip().split(" ", 1) for part in csp[4:].split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'self'"
    policy = next(line for line in result.stdout.splitlines() if line.startswith("PP "))
    assert "geolocation=()" in policy and "microphone=()" in policy and "camera=(self)" in policy
