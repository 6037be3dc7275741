"""Back up and restore a Puente site: its database and its two file folders.

    python scripts/backup.py backup DIRECTORY
    python scripts/backup.py restore DIRECTORY

Both read the site's own environment (README "Configuration"), so run them with the
variables the site runs with:

- ``DATABASE_URL``: PostgreSQL is dumped with ``pg_dump --format=custom`` (a consistent
  snapshot while the site runs) and restored with ``pg_restore``; SQLite is copied with its
  online backup API (the ``.backup`` of the ``sqlite3`` shell; safe while the site writes, WAL
  included). Without ``DATABASE_URL``: ``db.sqlite3`` in the project, as the site.
- ``DJANGO_MEDIA_ROOT`` (images, documents) and ``DJANGO_PRIVATE_MEDIA_ROOT`` (certificate
  PDFs, evidence photos), each archived as a ``.tar.gz``. With ``AWS_STORAGE_BUCKET_NAME`` the
  files are in the bucket: back it up with the provider's versioning or replication instead
  (this script says so and archives no folder).

``backup`` writes ``database.dump`` or ``database.sqlite3``, ``media.tar.gz``,
``private.tar.gz`` and ``manifest.json`` (what was saved, with SHA-256 sums) into DIRECTORY,
which must be new or empty. ``restore`` checks the sums, then restores into an EMPTY database
(create it first: ``createdb``; for SQLite, a path where no file exists) and empty folders; it
refuses anything else, so it never overwrites a site. Afterwards run ``manage.py migrate`` (a
newer release may bring migrations) and start the site.

Not in the backup, on purpose: the secrets (``DJANGO_SECRET_KEY``, the issuer key file
``PUENTE_ISSUER_KEY_FILE`` / ``PUENTE_ISSUER_KEYS``, ``PUENTE_PDF_SIGNING_FILE``). Keep them in
the secret store the deployment reads them from; a restored site needs the same issuer keys
for the credentials it signed to keep verifying.

Exit status: 0 done, 1 refused or failed (the reason on standard error).
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import dj_database_url

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = "manifest.json"
FOLDERS = {  # archive name: (environment variable, the site's default)
    "media": ("DJANGO_MEDIA_ROOT", ROOT / "media"),
    "private": ("DJANGO_PRIVATE_MEDIA_ROOT", ROOT / "private" / "media"),
}


class Refused(Exception):
    pass


def database() -> dict:
    return dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{ROOT / 'db.sqlite3'}"
    )


def folder(name: str) -> Path:
    variable, default = FOLDERS[name]
    return Path(os.environ.get(variable) or default)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def pg_environment(db: dict) -> dict:
    """libpq's variables for ``db`` (no password on a command line)."""
    environment = {**os.environ, "PGDATABASE": db["NAME"]}
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if db.get(key):
            environment[variable] = str(db[key])
    if db.get("PASSWORD"):
        environment["PGPASSWORD"] = db["PASSWORD"]
    return environment


def run(command: list[str], environment: dict) -> None:
    result = subprocess.run(command, env=environment, capture_output=True, text=True)  # noqa: S603
    if result.returncode:
        raise Refused(f"{command[0]} failed: {result.stderr.strip()}")


def is_postgresql(db: dict) -> bool:
    return db["ENGINE"] == "django.db.backends.postgresql"


def backup(target: Path) -> dict:
    if target.exists() and any(target.iterdir()):
        raise Refused(f"{target} is not empty: back up into a new folder.")
    target.mkdir(parents=True, exist_ok=True)
    db = database()
    manifest = {
        "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "database": "postgresql" if is_postgresql(db) else "sqlite",
        "files": {},
        "folders": {},
    }
    if is_postgresql(db):
        dump = target / "database.dump"
        run(["pg_dump", "--format=custom", "--no-owner", f"--file={dump}"], pg_environment(db))
    else:
        dump = target / "database.sqlite3"
        source = sqlite3.connect(f"file:{db['NAME']}?mode=ro", uri=True)
        with sqlite3.connect(dump) as copy:
            source.backup(copy)
        copy.close()
        source.close()
    manifest["files"][dump.name] = sha256(dump)
    if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
        print("Files are in the S3 bucket: back it up with the provider's tools.", file=sys.stderr)
    else:
        for name in FOLDERS:
            source_folder = folder(name)
            archive = target / f"{name}.tar.gz"
            count = 0
            with tarfile.open(archive, "w:gz") as tar:
                if source_folder.is_dir():
                    for path in sorted(source_folder.rglob("*")):
                        tar.add(path, arcname=str(path.relative_to(source_folder)), recursive=False)
                        count += path.is_file()
            manifest["files"][archive.name] = sha256(archive)
            manifest["folders"][name] = count
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def restore(source: Path) -> dict:
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise Refused(f"{source} holds no readable {MANIFEST}: {error}") from error
    for name, digest in manifest["files"].items():
        if not (source / name).is_file() or sha256(source / name) != digest:
            raise Refused(f"{source / name} is missing or damaged (its SHA-256 differs).")
    db = database()
    engine = "postgresql" if is_postgresql(db) else "sqlite"
    if engine != manifest["database"]:
        raise Refused(
            f"The backup is of a {manifest['database']} database; DATABASE_URL is {engine}."
        )
    folders = {name: folder(name) for name in manifest["folders"]}
    for name, path in folders.items():
        if path.exists() and any(path.iterdir()):
            raise Refused(f"{path} ({FOLDERS[name][0]}) is not empty: restore into empty folders.")
    if engine == "postgresql":
        environment = pg_environment(db)
        count = "select count(*) from pg_tables where schemaname = 'public'"
        tables = subprocess.run(  # noqa: S603
            ["psql", "-Atc", count],  # noqa: S607
            env=environment,
            capture_output=True,
            text=True,
        )
        if tables.returncode:
            raise Refused(f"Cannot open the database {db['NAME']}: {tables.stderr.strip()}")
        if tables.stdout.strip() != "0":
            raise Refused(f"The database {db['NAME']} is not empty: restore into a new one.")
        run(
            ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
             f"--dbname={db['NAME']}", str(source / "database.dump")],
            environment,
        )  # fmt: skip
    else:
        path = Path(db["NAME"])
        if path.exists() and path.stat().st_size:
            raise Refused(f"{path} exists: restore into a path where no database is.")
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / "database.sqlite3", path)
    for name, path in folders.items():
        path.mkdir(parents=True, exist_ok=True)
        with tarfile.open(source / f"{name}.tar.gz", "r:gz") as tar:
            tar.extractall(path, filter="data")  # no absolute paths, links out or devices
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["backup", "restore"])
    parser.add_argument("directory", type=Path)
    options = parser.parse_args(argv)
    try:
        if options.action == "backup":
            manifest = backup(options.directory)
        else:
            manifest = restore(options.directory)
    except Refused as error:
        print(f"{options.action} refused: {error}", file=sys.stderr)
        return 1
    folders = ", ".join(f"{name}: {count} files" for name, count in manifest["folders"].items())
    print(f"{options.action} done ({manifest['database']} database; {folders or 'no folders'}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
