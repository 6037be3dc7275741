"""Putting a test database back as the migrations left it, for tests that leave Django's own
rollback behind (browser journeys, a worker process on a file copy of the SQLite database)."""

import json

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection
from django.db.models.signals import m2m_changed

from audit import receivers as audit_receivers


def database_restore(snapshot: str) -> None:
    """Empty the database and load ``snapshot`` (Django's serialized test database)."""
    call_command(
        "flush", interactive=False, inhibit_post_migrate=True, reset_sequences=False, verbosity=0
    )
    # Loading rows is not a role change: the security log's receiver would add an entry for
    # every user's groups, numbered by a sequence that does not yet know the rows loaded after
    # it (on PostgreSQL: a duplicate key, as a journey after another restore found).
    m2m_changed.disconnect(sender=get_user_model().groups.through, dispatch_uid="audit_groups")
    try:
        connection.creation.deserialize_db_from_string(_content_types_first(snapshot))
    finally:
        audit_receivers.connect()
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
