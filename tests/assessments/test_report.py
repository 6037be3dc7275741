"""The cédula de evaluación: the evaluator's text beside the computed verdict, confirmed once
and frozen; driven through the service and through the evaluator's real form."""

import datetime

from django.urls import reverse
from django.utils import translation

import pytest

from assessments.models import EvaluationReport, FrozenReportError
from assessments.selectors.report import judgement_record_of
from assessments.services.evidence import EvaluationRefused, evidence_record
from assessments.services.judgement import judgement_record
from assessments.services.report import report_save
from tests.factories import evidence as build

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TEXTS = {
    "best_practices": "Aplicó el bloqueo de energía antes de abrir la celda.",
    "opportunity_areas": "Registrar el par de apriete en la bitácora.",
    "recommendations": "Repasar el módulo de seguridad eléctrica.",
}


@pytest.fixture
def case():
    standard = build.standard_with_criteria()
    knowledge, performance, product, attitude = build.criteria_of(standard)
    candidate = build.trainee(first_name="María José", last_name="Hernández Peña")
    evaluator = build.evaluator(first_name="Patricia", last_name="Gómez Salazar")
    room = build.classroom(standard, evaluators=[evaluator])
    build.enroll(candidate, room)
    questionnaire = build.quiz(room)
    build.attempt(
        candidate,
        questionnaire,
        [(build.item({knowledge: 1}), 0.9), (build.item({attitude: 1}, kind="situational"), 1)],
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
    judgement = judgement_record(**values)
    return {
        **values,
        "judgement": judgement,
        "criteria": (knowledge, performance, product),
        "room": room,
    }


def save(case, **kwargs):
    return report_save(evaluator=case["evaluator"], judgement=case["judgement"], **(TEXTS | kwargs))


def test_the_record_reads_verdict_and_criteria_not_covered_from_the_judgement(case):
    record = judgement_record_of(case["judgement"])
    assert case["judgement"].result == "not_yet"
    assert [outcome.code for outcome in record.not_covered] == ["EC0900 E2.1"]
    assert [len(element.criteria) for element in record.elements] == [2, 2]
    assert record.not_covered[0].criterion == case["criteria"][2]
    assert record.report is None and not record.is_confirmed


def test_a_draft_is_saved_then_confirmed_and_frozen(case):
    draft = save(case, recommendations="")
    assert not draft.is_confirmed and draft.evaluator == case["evaluator"]
    confirmed = save(case, confirm=True)
    assert confirmed.pk == draft.pk and confirmed.is_confirmed
    assert confirmed.recommendations == TEXTS["recommendations"]
    with pytest.raises(EvaluationRefused) as refused:
        save(case, best_practices="Otra cosa")
    assert refused.value.code == "confirmed"
    confirmed.best_practices = "Cambiado a mano"
    with pytest.raises(FrozenReportError):
        confirmed.save()
    with pytest.raises(FrozenReportError):
        confirmed.delete()
    assert EvaluationReport.objects.get().best_practices == TEXTS["best_practices"]


def test_confirming_needs_best_practices_and_areas_of_opportunity(case):
    with pytest.raises(EvaluationRefused) as refused:
        save(case, best_practices="  ", opportunity_areas="", confirm=True)
    assert refused.value.code == "incomplete"
    assert "best practices and areas of opportunity" in refused.value.message
    assert not EvaluationReport.objects.exists()


def test_only_the_judgements_evaluator_writes_its_cedula(case):
    other = build.evaluator()
    case["room"].cohort.evaluators.add(other)
    with pytest.raises(EvaluationRefused) as refused:
        report_save(evaluator=other, judgement=case["judgement"], **TEXTS)
    assert refused.value.code == "not_author"
    trainee = build.trainee()
    with pytest.raises(EvaluationRefused) as refused:
        report_save(evaluator=trainee, judgement=case["judgement"], **TEXTS)
    assert refused.value.code == "not_allowed"


def test_a_new_judgement_gets_a_new_cedula(case):
    save(case, confirm=True)
    evidence_record(
        evaluator=case["evaluator"],
        candidate=case["candidate"],
        standard=case["standard"],
        criterion=case["criteria"][2],
        met=True,
        observed_on=datetime.date(2026, 11, 21),
        place="Centro de evaluación Saltillo",
        replaces=judgement_record_of(case["judgement"]).evidence[
            judgement_record_of(case["judgement"]).not_covered[0].evidence_ids[0]
        ],
        correction_reason="Segunda oportunidad: entregó la pieza dentro de tolerancia.",
    )
    newer = judgement_record(
        evaluator=case["evaluator"], candidate=case["candidate"], standard=case["standard"]
    )
    assert newer.result == "competent"
    with pytest.raises(EvaluationRefused) as refused:
        save(case, best_practices="Otra cosa")
    assert refused.value.code == "superseded"
    second = report_save(evaluator=case["evaluator"], judgement=newer, **TEXTS, confirm=True)
    assert second.judgement == newer and EvaluationReport.objects.count() == 2
    assert judgement_record_of(newer).not_covered == []


# --- the evaluator's screen ---------------------------------------------------------------


def report_url(case, language="es"):
    with translation.override(language):
        return reverse(
            "assessments:evaluation_report",
            args=[case["standard"].pk, case["candidate"].pk, case["judgement"].pk],
        )


def test_the_evaluation_screen_links_to_the_cedula(client, case):
    client.force_login(case["evaluator"])
    with translation.override("es"):
        url = reverse("assessments:evaluation", args=[case["standard"].pk, case["candidate"].pk])
    assert report_url(case) in client.get(url).text


def test_the_screen_shows_verdict_and_not_covered_in_both_languages(client, case):
    client.force_login(case["evaluator"])
    spanish = client.get(report_url(case, "es")).text
    english = client.get(report_url(case, "en")).text
    assert "Cédula de evaluación" in spanish and "Evaluation record (cédula)" in english
    assert "Todavía no competente" in spanish and "Not yet competent" in english
    assert "Criterios no cubiertos" in spanish and "Criteria not covered" in english
    assert "Criterio 2.1 (product)" in spanish and "Criterion 2.1 (product)" in english
    assert 'name="best_practices"' in spanish


def test_the_evaluator_saves_a_draft_then_confirms_through_the_form(client, case):
    client.force_login(case["evaluator"])
    url = report_url(case)
    response = client.post(url, TEXTS | {"recommendations": "", "action": "save"})
    assert response.status_code == 302
    assert not EvaluationReport.objects.get().is_confirmed
    page = client.get(url).text
    assert TEXTS["best_practices"] in page and "Borrador guardado" in page
    response = client.post(url, TEXTS | {"action": "confirm"})
    assert response.status_code == 302
    report = EvaluationReport.objects.get()
    assert report.is_confirmed and report.recommendations == TEXTS["recommendations"]
    page = client.get(url).text
    assert 'name="best_practices"' not in page and "Confirmada el" in page
    assert TEXTS["recommendations"] in page
    # A later post changes nothing and keeps what was typed on screen.
    refused = client.post(url, TEXTS | {"best_practices": "Texto nuevo", "action": "save"})
    assert refused.status_code == 400 and "Texto nuevo" in refused.text
    assert EvaluationReport.objects.get().best_practices == TEXTS["best_practices"]


def test_an_incomplete_confirmation_keeps_what_was_typed(client, case):
    client.force_login(case["evaluator"])
    response = client.post(
        report_url(case, "en"),
        {"best_practices": "Orden en la estación", "opportunity_areas": "", "action": "confirm"},
    )
    assert response.status_code == 400
    assert "Write the areas of opportunity before confirming the cédula." in response.text
    assert "Orden en la estación" in response.text
    assert not EvaluationReport.objects.exists()


def test_other_users_cannot_write_the_cedula(client, case):
    client.force_login(case["candidate"])
    assert client.post(report_url(case), TEXTS | {"action": "save"}).status_code == 403
    teacher = build.evaluator()
    case_room = build.classroom(case["standard"], instructors=[teacher], evaluators=[teacher])
    build.enroll(case["candidate"], case_room)
    client.force_login(teacher)
    refused = client.post(report_url(case, "en"), TEXTS | {"action": "save"})
    assert refused.status_code == 403 and "Another evaluator must assess" in refused.text
    another = build.evaluator()
    case["room"].cohort.evaluators.add(another)
    client.force_login(another)
    page = client.get(report_url(case, "en"))
    assert page.status_code == 200 and 'name="best_practices"' not in page.text
    assert client.post(report_url(case, "en"), TEXTS | {"action": "save"}).status_code == 400
    assert not EvaluationReport.objects.exists()


def test_a_judgement_of_another_candidate_is_not_found(client, case):
    client.force_login(case["evaluator"])
    url = reverse(
        "assessments:evaluation_report",
        args=[case["standard"].pk, build.trainee().pk, case["judgement"].pk],
    )
    assert client.get(url).status_code == 404


def test_the_screen_costs_a_fixed_number_of_queries(client, case, django_assert_max_num_queries):
    client.force_login(case["evaluator"])
    client.get(report_url(case))
    with django_assert_max_num_queries(16):
        assert client.get(report_url(case)).status_code == 200
