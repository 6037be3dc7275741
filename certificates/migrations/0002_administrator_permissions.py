"""Administrators issue, bulk-issue, revoke and re-issue certificates and edit their settings."""

from django.db import migrations

from accounts.roles import Role, grant


def grant_administrators(apps, schema_editor):
    grant(
        apps,
        Role.ADMINISTRATOR,
        [
            "certificates.view_certificate",
            "certificates.add_certificate",
            "certificates.revoke_certificate",
            "certificates.view_bulkissuance",
            "certificates.add_bulkissuance",
            "certificates.change_certificatesettings",
        ],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_roles"),
        ("certificates", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant_administrators, migrations.RunPython.noop)]
