import datetime
import io

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from django.utils import timezone

import pytest
from PIL import Image

from accounts.demo import seed_people
from accounts.roles import Role
from assessments.models import EvidenceRecord
from certificates.models import Certificate
from courses.models import ModuleProgress


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path, monkeypatch):
    """Public and private files of these tests in a folder of their own: the private file
    fields (evidence photos, certificate PDFs) resolved their storage when their models
    loaded, so they get a temporary one here."""

    settings.MEDIA_ROOT = tmp_path / "media"
    private = FileSystemStorage(location=tmp_path / "private", base_url=None)
    for model, name in (
        (EvidenceRecord, "photo"),
        (Certificate, "pdf"),
        (Certificate, "revoked_pdf"),
    ):
        monkeypatch.setattr(model._meta.get_field(name), "storage", private)
    return tmp_path / "private"


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (11, 85, 99)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def demo_trainee(django_capture_on_commit_callbacks):
    """The demo trainee as seed_demo leaves her (certificates rendered), plus a reflection
    and an evidence photo, which the demo does not have."""
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", force=True, stdout=io.StringIO())
    trainee = seed_people()[Role.TRAINEE]
    progress = ModuleProgress.objects.filter(enrollment__user=trainee).first()
    progress.reflections = {"reflexion-1": "Aprendí a verificar el torque con la llave."}
    progress.save(update_fields=["reflections"])
    earlier = EvidenceRecord.objects.filter(candidate=trainee).current().first()
    with django_capture_on_commit_callbacks(execute=True):
        EvidenceRecord.objects.create(
            candidate=trainee,
            standard=earlier.standard,
            criterion=earlier.criterion,
            evaluator=earlier.evaluator,
            met=True,
            notes="Foto de la celda al terminar.",
            photo=ContentFile(png(), name="celda.png"),
            observed_on=datetime.date(2026, 11, 20),
            place="Planta Ramos Arizpe, celda 4",
            recorded_at=timezone.now(),
            supersedes=earlier,
            correction_reason="Se añade la foto.",
        )
    return trainee
