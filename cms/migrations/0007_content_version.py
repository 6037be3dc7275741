"""The one row of ``ContentVersion`` (``cms.fragments``)."""

import secrets

from django.db import migrations, models


def first_version(apps, schema_editor):
    apps.get_model("cms", "ContentVersion").objects.get_or_create(
        pk=1, defaults={"token": secrets.token_hex(8)}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0006_site_skeleton"),
    ]

    operations = [
        migrations.CreateModel(
            name="ContentVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("token", models.CharField(max_length=32)),
            ],
            options={
                "verbose_name": "content version",
            },
        ),
        migrations.RunPython(first_version, migrations.RunPython.noop),
    ]
