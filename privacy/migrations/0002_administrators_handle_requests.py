"""Administrators handle ARCO requests (and erase people) and edit the privacy settings."""

from django.db import migrations

from accounts.roles import Role, grant


def grant_administrators(apps, schema_editor):
    grant(
        apps,
        Role.ADMINISTRATOR,
        [
            "privacy.view_datarightsrequest",
            "privacy.change_datarightsrequest",
            "privacy.change_privacysettings",
        ],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_roles"),
        ("privacy", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant_administrators, migrations.RunPython.noop)]
