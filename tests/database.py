"""Putting a test database back as the migrations left it, for tests that leave Django's own
rollback behind (browser journeys, a worker process on a file copy of the SQLite database)."""

import json

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection


def database_restore(snapshot: str) -> None:
    """Empty the database and load ``snapshot`` (Django's serialized test database)."""
    call_command(
        "flush", interactive=False, inhibit_post_migrate=True, reset_sequences=False, verbosity=0
    )
    connection.creation.deserialize_db_from_string(_content_types_first(snapshot))
    _reset_sequences()


def _content_types_first(snapshot: str) -> str:
    """Restore content types before anything else: signal handlers that run while rows are
    restored look them up (and would create clashing ones if they were not there yet)."""
    rows = json.loads(snapshot)
    rows.sort(key=lambda row: row["model"] != "contenttypes.contenttype")
    return json.dumps(rows)


def _reset_sequences() -> None:
    """Rows restored with their primary keys leave PostgreSQL's sequences behind them."""
    models = [m for m in apps.get_models() if m._meta.managed and not m._meta.proxy]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
