"""Backup and restore (issue 14, item 7): ``scripts/backup.py`` as an operator runs it.

A certificate with its PDF is backed up (database and both file folders), the files are
lost, the backup is restored into a new, empty database; the restored site verifies the
certificate and serves its PDF byte for byte. On SQLite and PostgreSQL.
"""

# ruff: noqa: F811 (fixtures imported from test_rq are parameters)
import hashlib
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import translation

import psycopg
import pytest
from pypdf import PdfReader

from certificates.models import Certificate
from tests.certificates.test_rq import memory_database, worker_database_url  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SCRIPT = Path(settings.BASE_DIR) / "scripts" / "backup.py"


def backup_script(action: str, directory: Path, **environment: str):
    return subprocess.run(
        [sys.executable, str(SCRIPT), action, str(directory)],
        env={**os.environ, **environment},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def empty_database(worker_database_url, tmp_path):
    """A DATABASE_URL for a new, empty database (created on PostgreSQL, as with ``createdb``)
    and a function that points this test's connection at it; dropped and put back after."""
    original = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        url = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        name = str(tmp_path / "restored.sqlite3")
    else:
        name = f"{original}_restored"
        url = worker_database_url.rsplit("/", 1)[0] + f"/{name}"
        admin = worker_database_url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}"')
            server.execute(f'CREATE DATABASE "{name}"')

    def use_restored():
        connection.close()
        connection.settings_dict["NAME"] = name

    yield url, use_restored
    connection.close()
    connection.settings_dict["NAME"] = original
    if connection.vendor == "postgresql":
        with psycopg.connect(admin, autocommit=True) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_restored_backup_verifies_the_certificate_and_serves_its_pdf(
    client,
    certificate,
    holder,
    media_root,
    worker_database_url,
    empty_database,
    tmp_path,
):
    private = Path(settings.STORAGES["private"]["OPTIONS"]["location"])
    pdf = certificate.pdf.read()
    assert pdf and (private / certificate.pdf.name).is_file()
    (Path(media_root) / "original_images").mkdir(parents=True, exist_ok=True)
    (Path(media_root) / "original_images" / "logo.png").write_bytes(b"\x89PNG logo")
    folders = {"DJANGO_MEDIA_ROOT": str(media_root), "DJANGO_PRIVATE_MEDIA_ROOT": str(private)}
    saved = tmp_path / "backup"

    done = backup_script("backup", saved, DATABASE_URL=worker_database_url, **folders)

    assert done.returncode == 0, done.stderr
    assert "backup done" in done.stdout
    # The machine is lost: its files go; a new database is created.
    shutil.rmtree(private)
    shutil.rmtree(media_root)
    restored_url, use_restored = empty_database

    done = backup_script("restore", saved, DATABASE_URL=restored_url, **folders)

    assert done.returncode == 0, done.stderr
    use_restored()
    restored = Certificate.objects.get(code=certificate.code)
    with translation.override("es"):
        page = client.get(reverse("certificates:verify", args=[certificate.code]))
        download = reverse("certificates:download", args=[certificate.code])
    assert page.status_code == 200
    assert "Este certificado fue emitido por Puente y es válido." in page.content.decode()
    client.force_login(restored.holder)
    served = b"".join(client.get(download).streaming_content)
    assert served == pdf
    assert hashlib.sha256(served).hexdigest() == restored.pdf_sha256
    assert len(PdfReader(io.BytesIO(served)).pages) == 1
    assert (Path(media_root) / "original_images" / "logo.png").read_bytes() == b"\x89PNG logo"

    # Restoring again would overwrite a site: refused, with the reason.
    again = backup_script("restore", saved, DATABASE_URL=restored_url, **folders)
    assert again.returncode == 1
    assert "restore refused" in again.stderr and "not empty" in again.stderr
