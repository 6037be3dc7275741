from django.db import migrations

from accounts.roles import Role, grant

AUTHORING = [
    f"assessments.{action}_{model}"
    for model in ("item", "quiz")
    for action in ("add", "change", "delete", "view")
]


def grant_authoring(apps, schema_editor):
    grant(apps, Role.INSTRUCTOR, AUTHORING)
    grant(apps, Role.ADMINISTRATOR, AUTHORING + ["assessments.view_attempt"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_roles"),
        ("assessments", "0002_item_bank_quizzes_attempts"),
    ]

    operations = [migrations.RunPython(grant_authoring, migrations.RunPython.noop)]
