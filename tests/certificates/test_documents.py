"""The CONOCER evaluation documents (IEC, cédula) as real PDFs, read with poppler and pypdf."""

import datetime
import io
import subprocess

from django.urls import reverse
from django.utils import translation

import pytest
from pypdf import PdfReader

from assessments.services.evidence import evidence_record
from assessments.services.judgement import judgement_record
from assessments.services.report import report_save
from certificates.documents.cedula import cedula_pdf
from certificates.documents.iec import iec_pdf
from certificates.documents.render import UnknownDocumentLanguage
from tests.factories import evidence as build

pytestmark = pytest.mark.django_db


def text_of(content: bytes, tmp_path) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(content)
    output = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    return " ".join(output.split())


@pytest.fixture
def case():
    standard = build.standard_with_criteria()
    standard.is_sample = False
    standard.save()
    knowledge, performance, product, attitude = build.criteria_of(standard)
    candidate = build.trainee(
        first_name="María José", last_name="Hernández Peña", curp="HEPM900101MCLRXR09"
    )
    evaluator = build.evaluator(first_name="Patricia", last_name="Gómez Salazar")
    room = build.classroom(standard, evaluators=[evaluator])
    build.enroll(candidate, room)
    question = build.item({knowledge: 0.5}, name="Bloqueo de energía")
    build.attempt(
        candidate,
        build.quiz(room),
        [(question, 0.9), (build.item({attitude: 1}, kind="situational"), 1)],
    )
    values = {"evaluator": evaluator, "candidate": candidate, "standard": standard}
    for criterion, met in ((performance, True), (product, False)):
        evidence_record(
            **values,
            criterion=criterion,
            met=met,
            observed_on=datetime.date(2026, 11, 20),
            place="Centro de evaluación Saltillo",
        )
    return {**values, "judgement": judgement_record(**values), "question": question}


IEC_SECTIONS = {
    "es": ("Guía de observación", "Lista de cotejo", "Cuestionario", "Ponderación"),
    "en": ("Observation guide", "Product checklist", "Questionnaire", "Weight"),
}
KINDS = {
    "es": {
        "knowledge": "Conocimiento",
        "performance": "Desempeño",
        "product": "Producto",
        "attitude": "Actitud / hábito / valor",
    },
    "en": {
        "knowledge": "Knowledge",
        "performance": "Performance",
        "product": "Product",
        "attitude": "Attitude / habit / value",
    },
}
CRITERION_TEXT = {"es": "Criterio {}.{} ({})", "en": "Criterion {}.{} ({})"}


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_iec_maps_every_criterion_to_its_instrument(case, language, tmp_path):
    standard = case["standard"]
    text = text_of(iec_pdf(standard, language=language), tmp_path)
    assert "EC0900" in text and ("Instrumento de Evaluación" in text) == (language == "es")
    for heading in IEC_SECTIONS[language]:
        assert heading in text
    # Every element, and every criterion with its type, its text and its weight in the element.
    kinds = KINDS[language]
    for element, element_kinds in ((1, ("knowledge", "performance")), (2, ("product", "attitude"))):
        assert ("Elemento" if language == "es" else "Element") + f" {element} " in text
        for number, kind in enumerate(element_kinds, start=1):
            assert f"EC0900 E{element}.{number} · {kinds[kind]}" in text
            assert CRITERION_TEXT[language].format(element, number, kind) in text
    assert "50 %" in text
    # The questionnaire's reactivo is the question item, with its weight for the criterion.
    stem = "¿Qué haces antes de abrir la celda?" if language == "es" else "What do you do before"
    assert stem in text and "Bloqueo de energía" in text
    assert "MUESTRA / SAMPLE" not in text


def test_the_sections_hold_the_right_kinds(case, tmp_path):
    text = text_of(iec_pdf(case["standard"], language="es"), tmp_path)
    observation = text[text.index("Guía de observación") : text.index("Lista de cotejo")]
    checklist = text[text.index("Lista de cotejo") : text.index("Cuestionario")]
    questionnaire = text[text.index("Cuestionario") :]
    assert "E1.2 · Desempeño" in observation and "E2.2 · Actitud" in observation
    assert "E2.1 · Producto" in checklist and "Desempeño" not in checklist
    assert "E1.1 · Conocimiento" in questionnaire and "Producto" not in questionnaire


def test_a_sample_standard_is_marked_on_the_document(case, tmp_path):
    standard = case["standard"]
    standard.is_sample = True
    standard.save()
    for language in ("es", "en"):
        assert "MUESTRA / SAMPLE" in text_of(iec_pdf(standard, language=language), tmp_path)
        assert "MUESTRA / SAMPLE" in text_of(
            cedula_pdf(case["judgement"], language=language), tmp_path
        )


CEDULA = {
    "es": ("Cédula de evaluación", "Todavía no competente", "Mejores prácticas", "No cumple"),
    "en": ("Evaluation record", "Not yet competent", "Best practices", "Not met"),
}


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_cedula_states_verdict_results_and_the_evaluators_text(case, language, tmp_path):
    report_save(
        evaluator=case["evaluator"],
        judgement=case["judgement"],
        best_practices="Aplicó el bloqueo de energía.",
        opportunity_areas="Medir la pieza antes de entregarla.",
        recommendations="Módulo de metrología.",
        confirm=True,
    )
    text = text_of(cedula_pdf(case["judgement"], language=language), tmp_path)
    title, verdict, heading, not_met = CEDULA[language]
    assert title in text and verdict in text and heading in text
    assert "María José Hernández Peña" in text and "HEPM900101MCLRXR09" in text
    assert "Patricia Gómez Salazar" in text
    for phrase in (
        "Aplicó el bloqueo de energía.",
        "Medir la pieza antes de entregarla.",
        "Módulo de metrología.",
    ):
        assert phrase in text
    kinds = KINDS[language]
    met = "Cumple" if language == "es" else "Met"
    rows = {
        "E1.1": ("knowledge", met),
        "E1.2": ("performance", met),
        "E2.1": ("product", not_met),
        "E2.2": ("attitude", met),
    }
    for code, (kind, result) in rows.items():
        number = code[1:].split(".")
        criterion = CRITERION_TEXT[language].format(*number, kind)
        assert f"EC0900 {code} · {kinds[kind]} {result} {criterion}" in text
    threshold = "Umbral" if language == "es" else "Threshold"
    assert f"90 % / {threshold} 80 %" in text  # the knowledge criterion's questionnaire score
    covered = "Criterios no cubiertos" if language == "es" else "Criteria not covered"
    recommendations = "Recomendaciones" if language == "es" else "Training recommendations"
    not_covered = text[text.index(covered) : text.index(recommendations)]
    assert f"EC0900 E2.1 · {kinds['product']} · {not_met}" in not_covered
    assert "E1.1" not in not_covered and "E2.2" not in not_covered
    assert "BORRADOR" not in text and "DRAFT" not in text


def test_an_unconfirmed_cedula_says_so(case, tmp_path):
    text = text_of(cedula_pdf(case["judgement"], language="es"), tmp_path)
    assert "BORRADOR" in text


def test_documents_embed_their_fonts_and_exist_in_two_languages_only(case):
    content = iec_pdf(case["standard"], language="en")
    reader = PdfReader(io.BytesIO(content))
    fonts = {
        font["/BaseFont"]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
        if "/FontDescriptor" in font.get_object().get("/DescendantFonts", [{}])[0].get_object()
    }
    assert fonts and all("Puente" in name for name in fonts)
    with pytest.raises(UnknownDocumentLanguage):
        iec_pdf(case["standard"], language="fr")


# --- downloads: who asks decides -----------------------------------------------------------


def url(name, *args):
    with translation.override("es"):
        return reverse(f"certificates:{name}", args=args)


def test_evaluators_download_the_iec_in_either_language(client, case, tmp_path):
    client.force_login(case["evaluator"])
    for language, heading in (("es", "Guía de observación"), ("en", "Observation guide")):
        response = client.get(url("document_iec", case["standard"].pk, language))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response["Cache-Control"] == "private, no-store"
        assert heading in text_of(response.content, tmp_path)
    assert client.get(url("document_iec", case["standard"].pk, "fr")).status_code == 404
    evaluation = client.get(
        reverse("assessments:evaluation", args=[case["standard"].pk, case["candidate"].pk])
    )
    assert url("document_iec", case["standard"].pk, "en") in evaluation.text


def test_trainees_do_not_get_the_iec(client, case):
    client.force_login(case["candidate"])
    assert client.get(url("document_iec", case["standard"].pk, "es")).status_code == 404
    client.logout()
    response = client.get(url("document_iec", case["standard"].pk, "es"))
    assert response.status_code == 302  # to the sign-in page


def test_the_cedula_is_served_to_whom_it_concerns(client, case, tmp_path, administrator):
    pdf = url("document_cedula", case["judgement"].pk, "en")
    progress = reverse("assessments:progress_standard", args=[case["standard"].pk])
    client.force_login(case["evaluator"])
    assert client.get(pdf).status_code == 200  # a draft, for its evaluator
    # The candidate: nothing before the evaluator confirms, then their own cédula.
    client.force_login(case["candidate"])
    assert client.get(pdf).status_code == 404
    assert pdf not in client.get(progress).text
    report_save(
        evaluator=case["evaluator"],
        judgement=case["judgement"],
        best_practices="Orden y limpieza en la estación.",
        opportunity_areas="Medir la pieza antes de entregarla.",
        recommendations="",
        confirm=True,
    )
    assert pdf in client.get(progress).text
    response = client.get(pdf)
    assert response.status_code == 200
    assert "Orden y limpieza en la estación." in text_of(response.content, tmp_path)
    # Another trainee, and an evaluator who trained the candidate: as if it did not exist.
    client.force_login(build.trainee())
    assert client.get(pdf).status_code == 404
    teacher = build.evaluator()
    build.enroll(
        case["candidate"],
        build.classroom(case["standard"], instructors=[teacher], evaluators=[teacher]),
    )
    client.force_login(teacher)
    assert client.get(pdf).status_code == 404
    client.force_login(administrator)
    assert client.get(pdf).status_code == 200
