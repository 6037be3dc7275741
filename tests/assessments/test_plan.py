"""The plan de evaluación: proposed by the evaluator through their form, accepted by the
candidate through theirs, printed as a PDF for whom it concerns."""

import datetime
import subprocess

from django.urls import reverse
from django.utils import timezone, translation

import pytest

from assessments.models import EvaluationPlan
from assessments.selectors.plan import plan_current
from assessments.services.evidence import EvaluationRefused
from assessments.services.plan import plan_accept, plan_propose
from competencies.models import Element
from tests.factories import evidence as build

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def case():
    standard = build.standard_with_criteria()
    candidate = build.trainee(first_name="Jorge Iván", last_name="Villarreal Cantú")
    evaluator = build.evaluator(first_name="Patricia", last_name="Gómez Salazar")
    build.enroll(candidate, build.classroom(standard, evaluators=[evaluator]))
    elements = list(Element.objects.filter(standard=standard).order_by("number"))
    return {
        "standard": standard,
        "candidate": candidate,
        "evaluator": evaluator,
        "elements": elements,
    }


def tomorrow():
    return timezone.localdate() + datetime.timedelta(days=1)


def propose(case, **kwargs):
    values = {
        "evaluator": case["evaluator"],
        "candidate": case["candidate"],
        "standard": case["standard"],
        "scheduled_on": tomorrow(),
        "place": "Planta Apodaca, estación 4",
        "evidence": {
            e.pk: f"Observar el desempeño del elemento {e.number}" for e in case["elements"]
        },
    }
    return plan_propose(**(values | kwargs))


def test_a_plan_is_proposed_with_evidence_for_every_element_and_accepted_once(case):
    plan = propose(case)
    assert [row.element.number for row in plan_current(**_of(case)).elements.all()] == [1, 2]
    accepted = plan_accept(candidate=case["candidate"], plan=plan)
    assert accepted.is_accepted
    with pytest.raises(EvaluationRefused) as refused:
        plan_accept(candidate=case["candidate"], plan=plan)
    assert refused.value.code == "accepted"


def _of(case):
    return {"candidate": case["candidate"], "standard": case["standard"]}


def test_a_plan_needs_evidence_for_each_element_a_place_and_a_future_date(case):
    first = case["elements"][0]
    with pytest.raises(EvaluationRefused) as refused:
        propose(case, evidence={first.pk: "Observar"})
    assert refused.value.code == "evidence" and "2" in refused.value.message
    with pytest.raises(EvaluationRefused) as refused:
        propose(case, place="  ")
    assert refused.value.code == "place"
    with pytest.raises(EvaluationRefused) as refused:
        propose(case, scheduled_on=timezone.localdate() - datetime.timedelta(days=1))
    assert refused.value.code == "past_date"
    assert not EvaluationPlan.objects.exists()


def test_only_the_candidate_accepts_and_only_the_plan_in_force(case):
    old = propose(case)
    newer = propose(case, place="Centro de evaluación Saltillo")
    with pytest.raises(EvaluationRefused) as refused:
        plan_accept(candidate=case["candidate"], plan=old)
    assert refused.value.code == "superseded"
    with pytest.raises(EvaluationRefused) as refused:
        plan_accept(candidate=build.trainee(), plan=newer)
    assert refused.value.code == "not_candidate"


def test_the_trainer_and_trainees_cannot_propose(case):
    teacher = build.evaluator()
    build.enroll(
        case["candidate"],
        build.classroom(case["standard"], instructors=[teacher], evaluators=[teacher]),
    )
    for actor in (teacher, build.trainee(), case["candidate"]):
        with pytest.raises(EvaluationRefused):
            propose(case, evaluator=actor)


# --- the screens --------------------------------------------------------------------------


def evaluator_url(case, language="es"):
    with translation.override(language):
        return reverse(
            "assessments:evaluation_plan", args=[case["standard"].pk, case["candidate"].pk]
        )


def candidate_url(case, language="es"):
    with translation.override(language):
        return reverse("assessments:progress_plan", args=[case["standard"].pk])


def form_data(case, **kwargs):
    data = {"scheduled_on": tomorrow().isoformat(), "place": "Planta Apodaca, estación 4"}
    for element in case["elements"]:
        data[f"element_{element.pk}"] = f"Lista de cotejo del elemento {element.number}"
    return data | kwargs


def test_the_evaluator_proposes_through_the_form(client, case):
    client.force_login(case["evaluator"])
    page = client.get(evaluator_url(case, "en"))
    assert page.status_code == 200
    assert "Element 1: Test element 1" in page.text and "Element 2: Test element 2" in page.text
    response = client.post(evaluator_url(case), form_data(case))
    assert response.status_code == 302
    plan = plan_current(**_of(case))
    assert plan.place == "Planta Apodaca, estación 4" and plan.scheduled_on == tomorrow()
    assert [row.evidence for row in plan.elements.all()] == [
        "Lista de cotejo del elemento 1",
        "Lista de cotejo del elemento 2",
    ]
    page = client.get(evaluator_url(case, "es")).text
    assert "Esperando la aceptación del candidato" in page


def test_a_refused_proposal_keeps_what_was_typed(client, case):
    client.force_login(case["evaluator"])
    data = form_data(case)
    data[f"element_{case['elements'][1].pk}"] = ""
    response = client.post(evaluator_url(case, "en"), data)
    assert response.status_code == 400
    assert "Lista de cotejo del elemento 1" in response.text
    assert "Planta Apodaca, estación 4" in response.text
    assert not EvaluationPlan.objects.exists()


def test_a_refused_evaluator_reads_why_and_posts_nothing(client, case):
    teacher = build.evaluator()
    build.enroll(
        case["candidate"],
        build.classroom(case["standard"], instructors=[teacher], evaluators=[teacher]),
    )
    client.force_login(teacher)
    page = client.get(evaluator_url(case, "en"))
    assert page.status_code == 403 and "Another evaluator must assess" in page.text
    refused = client.post(evaluator_url(case, "en"), form_data(case))
    assert refused.status_code == 403 and "Another evaluator must assess" in refused.text
    assert not EvaluationPlan.objects.exists()


def test_the_candidate_reads_and_accepts_through_the_form(client, case):
    propose(case)
    client.force_login(case["candidate"])
    progress = reverse("assessments:progress_standard", args=[case["standard"].pk])
    assert candidate_url(case, "en") in client.get(progress).text
    page = client.get(candidate_url(case, "es"))
    assert page.status_code == 200 and "Planta Apodaca, estación 4" in page.text
    assert "Aceptar el plan" in page.text
    refused = client.post(candidate_url(case, "en"), {})
    assert refused.status_code == 400 and not plan_current(**_of(case)).is_accepted
    assert client.post(candidate_url(case), {"agree": "on"}).status_code == 302
    assert plan_current(**_of(case)).is_accepted
    page = client.get(candidate_url(case, "en")).text
    assert "Accepted by the candidate on" in page and "Accept the plan" not in page


def test_another_trainee_sees_only_their_own_plan(client, case):
    propose(case)
    client.force_login(build.trainee())
    page = client.get(candidate_url(case, "en"))
    assert "Planta Apodaca" not in page.text
    assert "No evaluator has proposed" in page.text


def pdf_text(content, tmp_path):
    path = tmp_path / "plan.pdf"
    path.write_bytes(content)
    output = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    return " ".join(output.split())


def test_the_plan_pdf_in_both_languages_for_whom_it_concerns(client, case, tmp_path):
    plan = propose(case)
    plan_accept(candidate=case["candidate"], plan=plan)
    client.force_login(case["candidate"])
    for language, words in (
        ("es", ("Plan de evaluación", "Evidencias por reunir", "Aceptado por el candidato")),
        ("en", ("Evaluation plan", "Evidence to collect", "Accepted by the candidate")),
    ):
        with translation.override(language):
            url = reverse("certificates:document_plan", args=[plan.pk, language])
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        text = pdf_text(response.content, tmp_path)
        for word in words:
            assert word in text
        assert "Jorge Iván Villarreal Cantú" in text and "Planta Apodaca, estación 4" in text
        assert "Observar el desempeño del elemento 1" in text
        assert "Observar el desempeño del elemento 2" in text
    client.force_login(build.trainee())
    assert client.get(url).status_code == 404
    client.force_login(case["evaluator"])
    assert client.get(url).status_code == 200
