# Signed Open Badges 3.0 credentials and their revocation status entries (issue 17).

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0005_certificate_source_language"),
    ]

    operations = [
        migrations.CreateModel(
            name="IssuedCredential",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("document", models.TextField(verbose_name="signed credential (JSON)")),
                ("verification_method", models.CharField(max_length=300, verbose_name="signing key")),
                ("status_list", models.PositiveIntegerField(default=1, verbose_name="status list")),
                ("status_index", models.PositiveIntegerField(verbose_name="index in the status list")),
                ("signed_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="signed at")),
                (
                    "certificate",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="credential",
                        to="certificates.certificate",
                        verbose_name="certificate",
                    ),
                ),
            ],
            options={
                "verbose_name": "signed credential",
                "verbose_name_plural": "signed credentials",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("status_list", "status_index"), name="certificates_credential_one_status_entry"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("status_index__lt", 131072), ("status_list__gte", 1)),
                        name="certificates_credential_status_entry_in_range",
                    ),
                ],
            },
        ),
    ]
