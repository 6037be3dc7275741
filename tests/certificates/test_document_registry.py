"""Every evaluation document carries a verification code and a QR to its public page; the
registry says which document it is, for whom, and whether it is still the current version.

The QR is decoded from the rendered PDF with poppler and zbar, and its URL followed."""

import datetime
import hashlib
import subprocess

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

import pytest
from freezegun import freeze_time

from assessments.selectors.plan import plan_of
from assessments.selectors.portfolio import portfolio_of
from assessments.services.evidence import evidence_record
from assessments.services.judgement import judgement_record
from assessments.services.plan import plan_accept, plan_propose
from assessments.services.report import report_save
from certificates.codes import format_code
from certificates.documents.cedula import cedula_pdf
from certificates.documents.iec import iec_pdf
from certificates.documents.plan import plan_pdf
from certificates.documents.portfolio import portfolio_pdf
from certificates.documents.registration import registration_pdf
from certificates.models import IssuedDocument, IssuedDocumentCopy
from tests.factories import evidence as build

pytestmark = pytest.mark.django_db

CURP = "HEPM900101MCLRXR09"


@pytest.fixture
def case():
    standard = build.standard_with_criteria()  # a sample standard
    knowledge, performance, product, attitude = build.criteria_of(standard)
    candidate = build.trainee(first_name="María José", last_name="Hernández Peña", curp=CURP)
    evaluator = build.evaluator(first_name="Patricia", last_name="Gómez Salazar")
    room = build.classroom(standard, evaluators=[evaluator])
    build.enroll(candidate, room)
    build.attempt(candidate, build.quiz(room), [(build.item({knowledge: 1}), 0.9)])
    values = {"evaluator": evaluator, "candidate": candidate, "standard": standard}
    for criterion, met in ((performance, True), (product, False), (attitude, True)):
        evidence_record(
            **values,
            criterion=criterion,
            met=met,
            observed_on=datetime.date(2026, 11, 20),
            place="Centro de evaluación Saltillo",
        )
    return {**values, "judgement": judgement_record(**values)}


def propose(case, place="Planta Ramos Arizpe"):
    plan = plan_propose(
        evaluator=case["evaluator"],
        candidate=case["candidate"],
        standard=case["standard"],
        scheduled_on=timezone.localdate() + datetime.timedelta(days=7),
        place=place,
        evidence={
            e.pk: f"Evidencia del elemento {e.number}" for e in case["standard"].elements.all()
        },
    )
    return plan_of(pk=plan.pk)


def qr_of(content: bytes, tmp_path) -> str:
    pdf = tmp_path / "document.pdf"
    pdf.write_bytes(content)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "200",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            pdf,
            tmp_path / "page",
        ],
        check=True,
    )
    return subprocess.run(
        ["zbarimg", "--quiet", "--raw", tmp_path / "page.png"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout.strip()


def text_of(content: bytes, tmp_path) -> str:
    path = tmp_path / "text.pdf"
    path.write_bytes(content)
    output = subprocess.run(
        ["pdftotext", "-layout", path, "-"], capture_output=True, check=True, text=True
    ).stdout
    return " ".join(output.split())


def documents(case) -> dict:
    """Each kind of document for the case's candidate, as a function of the language."""
    candidate, standard = case["candidate"], case["standard"]
    plan = propose(case)
    return {
        "registration": lambda language: registration_pdf(candidate, standard, language=language),
        "iec": lambda language: iec_pdf(standard, language=language),
        "plan": lambda language: plan_pdf(plan, language=language),
        "cedula": lambda language: cedula_pdf(case["judgement"], language=language),
        "portfolio": lambda language: portfolio_pdf(
            portfolio_of(candidate=candidate, standard=standard), language=language
        ),
    }


PAGE = {
    "es": {
        "title": "Verificación de documento de evaluación",
        "current": "Versión vigente",
        "superseded": "Sustituido",
        "sample": "Muestra",
        "kinds": {
            "registration": "Ficha de registro y diagnóstico",
            "iec": "Instrumento de evaluación de competencia (IEC)",
            "plan": "Plan de evaluación",
            "cedula": "Cédula de evaluación",
            "portfolio": "Portafolio de evidencias",
        },
    },
    "en": {
        "title": "Evaluation document verification",
        "current": "Current version",
        "superseded": "Superseded",
        "sample": "Sample",
        "kinds": {
            "registration": "Registration record and diagnosis",
            "iec": "Competency assessment instrument (IEC)",
            "plan": "Evaluation plan",
            "cedula": "Evaluation record (cédula)",
            "portfolio": "Portfolio of evidence",
        },
    },
}
WITH_EVALUATOR = {"plan", "cedula"}


def test_every_document_prints_a_code_and_a_qr_to_its_verification_page(case, client, tmp_path):
    for kind, render in documents(case).items():
        codes = set()
        for language in ("es", "en"):
            content = render(language)
            url = qr_of(content, tmp_path)
            prefix = f"http://testserver/{language}/verify/document/"
            assert url.startswith(prefix), (kind, url)
            code = url.removeprefix(prefix).rstrip("/")
            codes.add(code)
            assert format_code(code) in text_of(content, tmp_path), kind
            # Anyone follows the QR, in the language it was printed in.
            page = client.get(url.removeprefix("http://testserver"))
            assert page.status_code == 200, (kind, url)
            html = page.content.decode()
            words = PAGE[language]
            assert words["title"] in html and words["kinds"][kind] in html, kind
            assert words["current"] in html and words["sample"] in html
            assert case["standard"].code in html and format_code(code) in html
            assert timezone.localdate().strftime("%Y") in html
            if kind == "iec":
                assert "María José" not in html
            else:
                assert "María José Hernández Peña" in html
                assert "HEPM••••••••••••09" in html and CURP not in html
            assert ("Patricia Gómez Salazar" in html) == (kind in WITH_EVALUATOR), kind
        # The Spanish PDF and its English version of the same data share one code.
        assert len(codes) == 1, kind
        document = IssuedDocument.objects.get(code=codes.pop())
        assert document.kind == kind
        assert document.copies.count() == 2
    # Printing a document again gives the same code: one version per kind.
    documents(case)["iec"]("es")
    assert IssuedDocument.objects.filter(kind="iec").count() == 1


def test_a_re_proposed_plan_supersedes_the_older_one(case, client, tmp_path):
    old = propose(case)
    old_url = qr_of(plan_pdf(old, language="es"), tmp_path).removeprefix("http://testserver")
    new = propose(case, place="Centro de evaluación Saltillo")
    new_url = qr_of(plan_pdf(new, language="en"), tmp_path).removeprefix("http://testserver")
    assert old_url.removeprefix("/es") != new_url.removeprefix("/en")

    page = client.get(old_url).content.decode()
    assert "Sustituido" in page and "se emitió una versión más reciente" in page
    assert "Versión vigente" not in page
    page = client.get(new_url).content.decode()
    assert "Current version" in page and "Superseded" not in page
    # The same plan once accepted states more: a new version, and the unaccepted one is old.
    plan_accept(candidate=case["candidate"], plan=new)
    accepted = qr_of(plan_pdf(plan_of(pk=new.pk), language="en"), tmp_path)
    assert accepted.removeprefix("http://testserver") != new_url
    assert "Superseded" in client.get(new_url).content.decode()
    assert (
        "Current version" in client.get(accepted.removeprefix("http://testserver")).content.decode()
    )


def test_a_draft_cedula_is_superseded_when_the_records_change(case, client, tmp_path):
    draft = qr_of(cedula_pdf(case["judgement"], language="es"), tmp_path)
    report_save(
        evaluator=case["evaluator"],
        judgement=case["judgement"],
        best_practices="Aplicó el bloqueo de energía.",
        opportunity_areas="Medir la pieza antes de entregarla.",
        recommendations="Módulo de metrología.",
        confirm=True,
    )
    # Not downloaded since: the registry still sees that the draft no longer states the record.
    page = client.get(draft.removeprefix("http://testserver")).content.decode()
    assert "Sustituido" in page
    assert "los registros que declara cambiaron desde su emisión" in page


def test_an_uploaded_document_is_checked_against_the_registry(case, client):
    content = iec_pdf(case["standard"], language="en")
    document = IssuedDocumentCopy.objects.get(sha256=hashlib.sha256(content).hexdigest()).document
    url = "/en/verify/check-pdf/"
    answer = client.post(
        url, {"file": SimpleUploadedFile("iec.pdf", content)}, HTTP_ACCEPT_LANGUAGE="en"
    )
    html = answer.content.decode()
    assert "This is the file Puente issued." in html
    assert "Competency assessment instrument (IEC), standard" in html
    assert f"/en/verify/document/{document.code}/" in html
    edited = content + b"\n"  # one byte more: another file
    answer = client.post(
        url, {"file": SimpleUploadedFile("iec.pdf", edited)}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Not an issued file" in answer.content.decode()


def test_a_document_code_typed_in_the_verification_form_finds_the_document(case, client):
    iec_pdf(case["standard"], language="es")
    document = IssuedDocument.objects.get()
    typed = document.display_code.lower()
    answer = client.get("/es/verify/", {"code": typed}, follow=True)
    assert answer.redirect_chain[-1][0] == f"/es/verify/document/{document.code}/"
    assert "Verificación de documento de evaluación" in answer.content.decode()


def test_unknown_codes_and_too_many_look_ups(case, client, settings):
    answer = client.get("/en/verify/document/AAAABBBBCCCCDDDDEEEEFFFFGGGGHHHH/")
    assert answer.status_code == 404
    assert client.get("/en/verify/document/not-a-code/").status_code == 404
    from certificates.ratelimit import VERIFY_LIMIT

    # The limit counts per minute of the clock: frozen mid-minute, so the look-ups cannot
    # straddle two windows (under load they did, and the last one was let through).
    with freeze_time("2026-11-27 18:00:20"):
        for _ in range(VERIFY_LIMIT):
            client.get("/en/verify/document/not-a-code/")
        assert client.get("/en/verify/document/not-a-code/").status_code == 429
