"""Certificate PDFs (and their copies marked revoked) move to the private storage
(accounts.storage): nothing serves it; the holder's download view checks who asks. PDFs
already rendered are moved there."""

from django.core.files.storage import default_storage, storages
from django.db import migrations, models

import accounts.storage
from accounts.storage import files_move


def _pdfs(apps):
    Certificate = apps.get_model("certificates", "Certificate")
    for pdf, revoked_pdf in Certificate.objects.values_list("pdf", "revoked_pdf").iterator():
        yield from (pdf, revoked_pdf)


def move_pdfs(apps, schema_editor):
    files_move(_pdfs(apps), source=default_storage, target=storages["private"])


def move_pdfs_back(apps, schema_editor):
    files_move(_pdfs(apps), source=storages["private"], target=default_storage)


class Migration(migrations.Migration):
    dependencies = [("certificates", "0006_issuedcredential")]

    operations = [
        migrations.AlterField(
            model_name="certificate",
            name="pdf",
            field=models.FileField(
                blank=True,
                storage=accounts.storage.private_storage,
                upload_to="certificates/%Y/%m/",
                verbose_name="PDF",
            ),
        ),
        migrations.AlterField(
            model_name="certificate",
            name="revoked_pdf",
            field=models.FileField(
                blank=True,
                storage=accounts.storage.private_storage,
                upload_to="certificates/%Y/%m/",
                verbose_name="PDF marked revoked",
            ),
        ),
        migrations.RunPython(move_pdfs, move_pdfs_back),
    ]
