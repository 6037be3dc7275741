"""A learner downloads everything Puente holds about them, as a ZIP, from their profile."""

import io
import json
import zipfile

import pytest

from assessments.models import Attempt, EvidenceRecord, Judgement
from audit.models import SecurityEvent
from certificates.models import Certificate
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_trainee_downloads_all_her_data_and_files(client, demo_trainee):
    client.force_login(demo_trainee)
    profile = client.get("/es/accounts/profile/").content.decode()
    assert 'href="/es/privacy/my-data/"' in profile
    page = client.get("/es/privacy/my-data/").content.decode()
    assert 'href="/es/privacy/my-data/download/"' in page

    response = client.get("/es/privacy/my-data/download/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="puente-my-data-')
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.testzip() is None
    data = json.loads(archive.read("data.json"))

    profile = data["profile"]
    assert profile["email"] == "aprendiz@puente.example"
    assert profile["printed_name"] == "María José Hernández Peña"
    assert profile["curp"] == "HEPJ950214MNLRXS00"
    assert [c["version"] for c in data["consents"]] == [data["privacy_notice_version"]]

    courses = {e["course_code"]: e for e in data["enrolments"]}
    assert "AUTO-CAL-101" in courses
    reflections = [m["reflections"] for e in data["enrolments"] for m in e["modules"]]
    assert {"reflexion-1": "Aprendí a verificar el torque con la llave."} in reflections

    attempts = Attempt.objects.filter(user=demo_trainee)
    assert len(data["attempts"]) == attempts.count() > 0
    answered = [a for a in data["attempts"] if a["answers"]]
    assert answered and all("response" in answer for answer in answered[0]["answers"])

    evidence = data["evidence"]
    assert len(evidence) == EvidenceRecord.objects.filter(candidate=demo_trainee).count()
    (with_photo,) = [record for record in evidence if record["photo"]]
    assert with_photo["notes"] == "Foto de la celda al terminar."
    assert archive.read(with_photo["photo"]).startswith(b"\x89PNG")

    assert len(data["judgements"]) == Judgement.objects.filter(candidate=demo_trainee).count()
    assert {j["result"] for j in data["judgements"]} >= {"competent"}

    certificates = Certificate.objects.filter(holder=demo_trainee)
    assert sorted(c["code"] for c in data["certificates"]) == sorted(c.code for c in certificates)
    for certificate in data["certificates"]:
        assert certificate["verification_url"].endswith(f"/verify/{certificate['code']}/")
        assert certificate["pdf"] == f"files/certificates/{certificate['code']}.pdf"
        assert archive.read(certificate["pdf"]).startswith(b"%PDF")


def test_the_download_holds_only_the_person_asking(client):
    person = UserFactory(email="ana@puente.example", curp="")
    UserFactory(email="otra@puente.example")
    client.force_login(person)
    archive = zipfile.ZipFile(io.BytesIO(client.get("/en/privacy/my-data/download/").content))
    data = archive.read("data.json").decode()
    assert "ana@puente.example" in data
    assert "otra@puente.example" not in data
    assert archive.namelist() == ["data.json"]
    (event,) = SecurityEvent.objects.filter(action="data_export")
    assert (event.actor, event.target_id) == (person, str(person.pk))


def test_the_download_asks_for_a_log_in(client):
    response = client.get("/es/privacy/my-data/download/")
    assert response.status_code == 302
    assert response["Location"].startswith("/es/accounts/login/")
