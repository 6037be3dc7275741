"""Evidence photos move to the private storage (accounts.storage): nothing serves it, the
evaluation screens' photo view checks who asks. Photos already uploaded are moved there."""

from django.core.files.storage import default_storage, storages
from django.db import migrations, models

import accounts.storage
import assessments.models.evidence
from accounts.storage import files_move


def _photos(apps):
    EvidenceRecord = apps.get_model("assessments", "EvidenceRecord")
    return EvidenceRecord.objects.exclude(photo="").values_list("photo", flat=True)


def move_photos(apps, schema_editor):
    files_move(_photos(apps), source=default_storage, target=storages["private"])


def move_photos_back(apps, schema_editor):
    files_move(_photos(apps), source=storages["private"], target=default_storage)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0010_evaluation_report")]

    operations = [
        migrations.AlterField(
            model_name="evidencerecord",
            name="photo",
            field=models.ImageField(
                blank=True,
                help_text="Optional. JPEG, PNG or WebP, up to 5 MB.",
                max_length=200,
                storage=accounts.storage.private_storage,
                upload_to=assessments.models.evidence.evidence_photo_path,
                validators=[assessments.models.evidence.validate_evidence_photo],
                verbose_name="photo evidence",
            ),
        ),
        migrations.RunPython(move_photos, move_photos_back),
    ]
