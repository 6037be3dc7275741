"""The candidate's self-assessment and the diagnosis it leads to: go to the evaluation, or
train first with the modules that teach the weak criteria; the ficha de registro y
diagnóstico prints it."""

import subprocess

from django.urls import reverse
from django.utils import translation

from wagtail.models import Locale, Page

import pytest

from assessments.models import SelfAssessment
from assessments.selectors.portfolio import diagnosis_of
from assessments.services.evidence import EvaluationRefused
from assessments.services.self_assessment import self_assessment_save
from tests.factories import evidence as build

pytestmark = pytest.mark.django_db

ALONE, WITH_HELP, NOT_YET = "alone", "with_help", "not_yet"


@pytest.fixture
def case():
    standard = build.standard_with_criteria()
    criteria = build.criteria_of(standard)  # knowledge, performance, product, attitude
    candidate = build.trainee(first_name="Jorge Iván", last_name="Villarreal Cantú")
    room = build.classroom(standard)
    build.enroll(candidate, room)
    # The knowledge is mastered in the questionnaire: only the self-assessment decides.
    build.attempt(candidate, build.quiz(room), [(build.item({criteria[0]: 1}), 1)])
    return {"standard": standard, "criteria": criteria, "candidate": candidate, "room": room}


@pytest.fixture
def module_page(home_pages, case):
    """A module teaching the product criterion, with its page in both languages."""
    page_es = Page.objects.get(pk=home_pages["es"].pk).add_child(
        instance=Page(title="Metrología de la pieza", slug="metrologia")
    )
    Page.objects.get(pk=home_pages["en"].pk).add_child(
        instance=Page(
            title="Measuring the part",
            slug="measuring",
            locale=Locale.objects.get(language_code="en"),
            translation_key=page_es.translation_key,
        )
    )
    module = build.module_teaching(case["room"], case["criteria"][2])
    module.key = page_es.translation_key
    module.save()
    return module


def url(case, language):
    with translation.override(language):
        return reverse("assessments:progress_self_assessment", args=[case["standard"].pk])


def answers(case, **levels) -> dict:
    """The real form's fields: ``criterion_<id>`` → level, every criterion ``alone`` unless
    given by position (``k``, ``p``, ``d``, ``a``)."""
    keys = ("k", "p", "d", "a")
    return {
        f"criterion_{criterion.pk}": levels.get(key, ALONE)
        for key, criterion in zip(keys, case["criteria"], strict=True)
    }


def test_the_screen_asks_every_criterion_with_three_answers(client, case):
    client.force_login(case["candidate"])
    page = client.get(url(case, "es"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Mi autoevaluación para EC0900" in html
    for criterion in case["criteria"]:
        assert f'name="criterion_{criterion.pk}"' in html
    assert html.count('type="radio"') == 12
    for label in ("Puedo hacerlo sin ayuda", "Puedo hacerlo con ayuda", "Todavía no puedo hacerlo"):
        assert label in html
    assert 'id="diagnosis"' not in html  # no diagnosis before answering
    # The progress page links to it.
    with translation.override("es"):
        progress = reverse("assessments:progress_standard", args=[case["standard"].pk])
    assert url(case, "es") in client.get(progress).content.decode()


def test_every_answer_without_help_sends_the_candidate_to_the_evaluation(client, case):
    client.force_login(case["candidate"])
    answer = client.post(url(case, "en"), answers(case))
    assert answer.status_code == 302 and answer["Location"].endswith("#diagnosis")
    html = client.get(url(case, "en")).content.decode()
    assert "Go to the evaluation" in html and "Train first" not in html
    assert set(
        SelfAssessment.objects.filter(candidate=case["candidate"]).values_list("level", flat=True)
    ) == {ALONE}
    # The saved answers are checked when the form comes back.
    assert html.count("checked") == 4


def test_a_weak_criterion_means_train_first_with_the_module_that_teaches_it(
    client, case, module_page
):
    client.force_login(case["candidate"])
    client.post(url(case, "es"), answers(case, d=WITH_HELP, a=NOT_YET))
    html = client.get(url(case, "es")).content.decode()
    assert "Capacítate primero" in html and "Preséntate a la evaluación" not in html
    assert "EC0900 E2.1" in html and "Respondiste: Puedo hacerlo con ayuda" in html
    assert "EC0900 E2.2" in html and "Respondiste: Todavía no puedo hacerlo" in html
    assert 'href="/es/metrologia/"' in html and "Metrología de la pieza" in html
    assert "Ningún módulo lo enseña todavía" in html  # the attitude criterion has no module
    assert "EC0900 E1.1" not in html.split('id="diagnosis"')[1].split("</section>")[0]
    english = client.get(url(case, "en")).content.decode()
    assert 'href="/en/measuring/"' in english and "Train first" in english
    # Answering again replaces the answers: now ready.
    client.post(url(case, "en"), answers(case))
    assert "Go to the evaluation" in client.get(url(case, "en")).content.decode()
    assert SelfAssessment.objects.filter(candidate=case["candidate"]).count() == 4


def test_a_missing_answer_is_refused_and_the_others_are_kept(client, case):
    client.force_login(case["candidate"])
    fields = answers(case, d=NOT_YET)
    del fields[f"criterion_{case['criteria'][3].pk}"]
    answer = client.post(url(case, "es"), fields)
    assert answer.status_code == 400
    html = answer.content.decode()
    assert "Elige una respuesta." in html and "Corrige los errores" in html
    assert f'aria-describedby="id_criterion_{case["criteria"][3].pk}_error"' in html
    assert html.count("checked") == 3  # what was answered stays chosen
    assert not SelfAssessment.objects.exists()  # nothing half saved
    # A forged value is refused as well.
    fields[f"criterion_{case['criteria'][3].pk}"] = "expert"
    assert client.post(url(case, "es"), fields).status_code == 400
    assert not SelfAssessment.objects.exists()


def test_only_a_candidate_preparing_for_the_standard_sees_it(client, case):
    client.force_login(build.trainee())
    assert client.get(url(case, "es")).status_code == 404
    assert client.post(url(case, "es"), answers(case)).status_code == 404
    client.logout()
    assert client.get(url(case, "es")).status_code == 302  # to the login


def test_the_service_wants_every_criterion(case):
    with pytest.raises(EvaluationRefused) as refused:
        self_assessment_save(
            candidate=case["candidate"],
            standard=case["standard"],
            answers={case["criteria"][0].pk: ALONE},
        )
    assert refused.value.code == "missing"
    assert "E1.2" in refused.value.message and "E1.1" not in refused.value.message


def test_the_diagnosis_rule(case):
    candidate, standard = case["candidate"], case["standard"]
    assert diagnosis_of(candidate=candidate, standard=standard).ready_for_evaluation
    levels = {c.pk: ALONE for c in case["criteria"]}
    levels[case["criteria"][1].pk] = WITH_HELP
    self_assessment_save(candidate=candidate, standard=standard, answers=levels)
    diagnosis = diagnosis_of(candidate=candidate, standard=standard)
    assert diagnosis.is_self_assessed and not diagnosis.ready_for_evaluation
    assert [row.criterion for row in diagnosis.to_study] == [case["criteria"][1]]
    # Knowledge not mastered sends to train first even when the candidate says "alone".
    levels[case["criteria"][1].pk] = ALONE
    self_assessment_save(candidate=candidate, standard=standard, answers=levels)
    assert diagnosis_of(candidate=candidate, standard=standard).ready_for_evaluation
    other = build.trainee()
    build.enroll(other, case["room"])
    build.attempt(other, build.quiz(case["room"]), [(build.item({case["criteria"][0]: 1}), 0.2)])
    self_assessment_save(candidate=other, standard=standard, answers=levels)
    assert not diagnosis_of(candidate=other, standard=standard).ready_for_evaluation


def text_of(content: bytes, tmp_path) -> str:
    path = tmp_path / "ficha.pdf"
    path.write_bytes(content)
    output = subprocess.run(
        ["pdftotext", "-layout", path, "-"], capture_output=True, check=True, text=True
    ).stdout
    return " ".join(output.split())


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "es",
            (
                "Autoevaluación del candidato",
                "Puedo hacerlo con ayuda",
                "Recomendación: capacitarse antes de la evaluación.",
            ),
        ),
        (
            "en",
            (
                "Candidate's self-assessment",
                "I can do this with help",
                "Advice: train before the evaluation.",
            ),
        ),
    ],
)
def test_the_diagnosis_pdf_prints_the_self_assessment(client, case, tmp_path, language, words):
    client.force_login(case["candidate"])
    client.post(url(case, language), answers(case, d=WITH_HELP))
    pdf = reverse(
        "certificates:document_registration",
        args=[case["standard"].pk, case["candidate"].pk, language],
    )
    text = text_of(client.get(pdf).content, tmp_path)
    for word in words:
        assert word in text
    # The product criterion is to strengthen, though never observed: the candidate said so.
    heading = "Criterios por reforzar" if language == "es" else "Criteria to strengthen"
    assert "EC0900 E2.1" in text[text.index(heading) :]
