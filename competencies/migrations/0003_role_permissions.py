"""Administrators manage standards and crosswalks; instructors may look at them."""

from django.db import migrations

from accounts.roles import Role, grant

MODELS = ("framework", "standard", "element", "criterion", "crosswalkentry")


def grant_permissions(apps, schema_editor):
    grant(
        apps,
        Role.ADMINISTRATOR,
        [
            f"competencies.{action}_{model}"
            for model in MODELS
            for action in ("add", "change", "delete", "view")
        ],
    )
    grant(apps, Role.INSTRUCTOR, [f"competencies.view_{model}" for model in MODELS])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_roles"),
        ("competencies", "0002_parental_keys"),
    ]

    operations = [migrations.RunPython(grant_permissions, migrations.RunPython.noop)]
