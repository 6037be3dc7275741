"""The portfolio of evidence: one PDF (records, photos, quiz results) and a ZIP holding every
file the records name, for the candidate and the evaluators who may assess them."""

import datetime
import io
import subprocess
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

import pytest
from PIL import Image
from pypdf import PdfReader

from assessments.services.evidence import evidence_record
from tests.factories import evidence as build

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def png(colour) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), colour).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def case():
    standard = build.standard_with_criteria()
    knowledge, performance, product, attitude = build.criteria_of(standard)
    candidate = build.trainee(first_name="Jorge Iván", last_name="Villarreal Cantú")
    evaluator = build.evaluator(first_name="Patricia", last_name="Gómez Salazar")
    room = build.classroom(standard, evaluators=[evaluator])
    build.enroll(candidate, room)
    build.attempt(candidate, build.quiz(room), [(build.item({knowledge: 1}), 0.75)])
    values = {"evaluator": evaluator, "candidate": candidate, "standard": standard}
    records = [
        evidence_record(
            **values,
            criterion=criterion,
            met=met,
            observed_on=datetime.date(2026, 11, 20),
            place="Planta Apodaca, estación 4",
            notes=notes,
            photo=SimpleUploadedFile(f"{name}.png", png(colour), "image/png") if name else None,
        )
        for criterion, met, notes, name, colour in (
            (performance, True, "Bloqueó la energía.", "desempeno", (200, 30, 30)),
            (product, False, "Pieza fuera de tolerancia.", "pieza", (30, 30, 200)),
            (attitude, True, "Orden en la estación.", "", None),
        )
    ]
    return {**values, "records": records}


def url(name, case, language):
    with translation.override("es"):
        return reverse(
            f"certificates:{name}", args=[case["standard"].pk, case["candidate"].pk, language]
        )


def text_of(content, tmp_path):
    path = tmp_path / "portfolio.pdf"
    path.write_bytes(content)
    output = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    return " ".join(output.split())


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("es", ("Portafolio de evidencias", "Cumple", "No cumple", "No aprobado", "Archivo")),
        ("en", ("Portfolio of evidence", "Met", "Not met", "Questionnaire results", "File")),
    ],
)
def test_the_candidate_downloads_the_portfolio_pdf(client, case, tmp_path, language, words):
    client.force_login(case["candidate"])
    response = client.get(url("document_portfolio", case, language))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = text_of(response.content, tmp_path)
    for word in words:
        assert word in text
    for note in ("Bloqueó la energía.", "Pieza fuera de tolerancia.", "Orden en la estación."):
        assert note in text
    for code in ("EC0900 E1.2", "EC0900 E2.1", "EC0900 E2.2"):
        assert code in text
    assert "75" in text  # the questionnaire's score
    images = [
        image for page in PdfReader(io.BytesIO(response.content)).pages for image in page.images
    ]
    assert len(images) == 3  # both photos, embedded, and the verification QR


def test_the_zip_holds_every_file_the_records_name(client, case, tmp_path):
    client.force_login(case["evaluator"])
    response = client.get(url("document_portfolio_zip", case, "es"))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.testzip() is None
    names = archive.namelist()
    photos = [record for record in case["records"] if record.photo]
    expected = {f"evidencias/{r.criterion.code.replace(' ', '-')}-{r.pk}.png" for r in photos}
    assert expected <= set(names) and len(names) == len(expected) + 1
    for record in photos:
        name = f"evidencias/{record.criterion.code.replace(' ', '-')}-{record.pk}.png"
        with record.photo.open("rb") as handle:
            assert archive.read(name) == handle.read()
    pdf = next(name for name in names if name.endswith(".pdf"))
    text = text_of(archive.read(pdf), tmp_path)
    for name in expected:  # the PDF names each original, as the ZIP stores it
        assert name in text


def test_others_do_not_get_the_portfolio(client, case):
    client.force_login(build.trainee())
    assert client.get(url("document_portfolio", case, "es")).status_code == 404
    assert client.get(url("document_portfolio_zip", case, "es")).status_code == 404
    teacher = build.evaluator()
    build.enroll(
        case["candidate"],
        build.classroom(case["standard"], instructors=[teacher], evaluators=[teacher]),
    )
    client.force_login(teacher)
    assert client.get(url("document_portfolio", case, "en")).status_code == 404
    client.force_login(case["candidate"])
    assert client.get(url("document_portfolio", case, "fr")).status_code == 404


# --- ficha de registro and diagnóstico ----------------------------------------------------


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "es",
            (
                "Ficha de registro del candidato",
                "Mantenimiento de robots",
                "Diagnóstico",
                "Recomendación: capacitarse antes de la evaluación.",
                "Criterio 1.1 (knowledge)",
            ),
        ),
        (
            "en",
            (
                "Candidate registration record",
                "Robot maintenance",
                "Diagnosis",
                "Advice: train before the evaluation.",
                "Criterion 1.1 (knowledge)",
            ),
        ),
    ],
)
def test_the_registration_record_and_diagnosis(client, case, tmp_path, language, words):
    client.force_login(case["candidate"])
    response = client.get(url("document_registration", case, language))
    assert response.status_code == 200
    text = text_of(response.content, tmp_path)
    for word in words:
        assert word in text
    assert "Jorge Iván Villarreal Cantú" in text and case["candidate"].email in text
    assert "EC0900 E1.1" in text and "(75 %)" in text  # the knowledge criterion to strengthen
    assert "EC0900 E2.1" in text  # the product observed as not met
    assert "EC0900 E1.2 ·" not in text  # met: nothing to strengthen
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 2


def test_a_candidate_who_masters_the_knowledge_is_sent_to_evaluation(client, case, tmp_path):
    knowledge = build.criteria_of(case["standard"])[0]
    room = build.classroom(case["standard"])
    build.enroll(case["candidate"], room)
    build.attempt(case["candidate"], build.quiz(room), [(build.item({knowledge: 1}), 1)])
    client.force_login(case["evaluator"])
    text = text_of(client.get(url("document_registration", case, "en")).content, tmp_path)
    assert "Advice: go to the evaluation." in text
    client.force_login(build.trainee())
    assert client.get(url("document_registration", case, "en")).status_code == 404
