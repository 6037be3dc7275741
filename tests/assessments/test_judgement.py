"""The judgement: recorded once every criterion has evidence, with its basis, never silently
recomputed; and what the trainee sees of their progress, with remediation links."""

import datetime
import io

from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from wagtail.models import Locale, Page

import pytest

from assessments.models import Judgement
from assessments.selectors import judgement_current
from assessments.selectors.progress import attempt_breakdown, standard_progress
from assessments.services.evidence import EvaluationRefused, evidence_record
from assessments.services.judgement import judgement_record
from tests.factories import evidence as build

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def case():
    standard = build.standard_with_criteria()
    knowledge, performance, product, attitude = build.criteria_of(standard)
    candidate = build.trainee(first_name="María José", last_name="Hernández Peña")
    evaluator = build.evaluator(first_name="Patricia", last_name="Gómez Salazar")
    room = build.classroom(standard, evaluators=[evaluator])
    build.enroll(candidate, room)
    questionnaire = build.quiz(room, policy="highest")
    return {
        "standard": standard,
        "criteria": (knowledge, performance, product, attitude),
        "candidate": candidate,
        "room": room,
        "quiz": questionnaire,
        "evaluator": evaluator,
        "k_item": build.item({knowledge: 1}),
        "a_item": build.item({attitude: 1}, kind="situational"),
    }


def observe(case, criterion, met=True, **kwargs):
    return evidence_record(
        evaluator=case["evaluator"],
        candidate=case["candidate"],
        standard=case["standard"],
        criterion=criterion,
        met=met,
        observed_on=datetime.date(2026, 11, 20),
        place="Centro de evaluación Saltillo",
        **kwargs,
    )


def judge(case, **kwargs):
    values = {
        "evaluator": case["evaluator"],
        "candidate": case["candidate"],
        "standard": case["standard"],
    }
    return judgement_record(**(values | kwargs))


def test_competent_with_its_basis(case, mailoutbox, django_capture_on_commit_callbacks):
    knowledge, performance, product, attitude = case["criteria"]
    attempt = build.attempt(
        case["candidate"], case["quiz"], [(case["k_item"], 0.9), (case["a_item"], 1)]
    )
    records = [observe(case, performance), observe(case, product)]
    with django_capture_on_commit_callbacks(execute=True):
        judgement = judge(case)

    assert judgement.result == Judgement.Result.COMPETENT and judgement.is_competent
    assert judgement.evaluator == case["evaluator"]
    assert judgement.basis["attempts"] == [attempt.pk]
    assert judgement.basis["evidence"] == sorted(r.pk for r in records)
    assert judgement.basis["criteria"][str(knowledge.pk)]["score"] == "0.9"
    assert judgement.basis["criteria"][str(performance.pk)]["evidence"] == [records[0].pk]
    assert judgement.basis["standard"] == {"code": "EC0900", "version": "1"}
    assert judgement_current(candidate=case["candidate"], standard=case["standard"]) == judgement
    # The candidate hears about it in their own language (and, from the certificates app
    # that receives ``judgement_recorded``, about the certificate it earned).
    assert [m.to for m in mailoutbox] == [[case["candidate"].email]] * 2
    assert any("EC0900" in m.subject for m in mailoutbox)


def test_judgement_recorded_is_sent_inside_the_transaction(case):
    """Receivers see the saved judgement; one that fails undoes the judgement too."""
    from assessments.signals import judgement_recorded

    _knowledge, performance, product, _attitude = case["criteria"]
    build.attempt(case["candidate"], case["quiz"], [(case["k_item"], 1), (case["a_item"], 1)])
    observe(case, performance)
    observe(case, product)
    seen = []

    def receiver(sender, *, judgement, **kwargs):
        seen.append((sender, judgement.pk, Judgement.objects.filter(pk=judgement.pk).exists()))
        raise RuntimeError("the receiver failed")

    judgement_recorded.connect(receiver, dispatch_uid="test-receiver")
    try:
        with pytest.raises(RuntimeError):
            judge(case)
    finally:
        judgement_recorded.disconnect(dispatch_uid="test-receiver")
    assert len(seen) == 1 and seen[0][0] is Judgement and seen[0][2]
    assert not Judgement.objects.filter(candidate=case["candidate"]).exists()


def test_no_judgement_while_a_criterion_is_pending(case):
    _knowledge, performance, product, _attitude = case["criteria"]
    observe(case, performance)
    with pytest.raises(EvaluationRefused) as refused:
        judge(case)
    assert "EC0900 E1.1" in refused.value.message  # knowledge: no attempt yet
    assert "EC0900 E2.1" in refused.value.message  # product: not observed
    assert not Judgement.objects.exists()


def test_not_yet_competent_lists_what_is_missing(case):
    knowledge, performance, product, attitude = case["criteria"]
    build.attempt(case["candidate"], case["quiz"], [(case["k_item"], 0.5), (case["a_item"], 1)])
    observe(case, performance)
    observe(case, product, met=False)
    judgement = judge(case)
    assert judgement.result == Judgement.Result.NOT_YET_COMPETENT
    statuses = {pk: row["status"] for pk, row in judgement.basis["criteria"].items()}
    assert statuses == {
        str(knowledge.pk): "not_yet",
        str(performance.pk): "mastered",
        str(product.pk): "not_yet",
        str(attitude.pk): "mastered",
    }


def test_a_judgement_is_never_recomputed_silently(case):
    _knowledge, performance, product, _attitude = case["criteria"]
    build.attempt(case["candidate"], case["quiz"], [(case["k_item"], 1), (case["a_item"], 1)])
    first_record = observe(case, performance, met=False)
    observe(case, product)
    first = judge(case)
    assert not first.is_competent

    with pytest.raises(EvaluationRefused, match="already recorded on this same evidence"):
        judge(case)

    # New evidence changes what a *new* judgement says; the first one stays as recorded.
    observe(case, performance, replaces=first_record, correction_reason="Repetición observada.")
    first_basis = dict(first.basis)
    second = judge(case)
    first.refresh_from_db()
    assert second.is_competent and not first.is_competent
    assert first.basis == first_basis
    assert judgement_current(candidate=case["candidate"], standard=case["standard"]) == second


def test_the_trainer_cannot_record_the_judgement(case):
    case["room"].cohort.instructors.add(case["evaluator"])
    with pytest.raises(EvaluationRefused, match="You trained"):
        judge(case)


def test_repeated_attempts_follow_the_quiz_policy(case):
    knowledge = case["criteria"][0]
    latest_quiz = build.quiz(case["room"], policy="latest")
    build.attempt(case["candidate"], latest_quiz, [(case["k_item"], 1)], day=0)
    build.attempt(case["candidate"], latest_quiz, [(case["k_item"], 0.5)], day=1)
    progress = standard_progress(candidate=case["candidate"], standard=case["standard"])
    assert progress.result.criteria[knowledge.pk].percent == 50


def test_an_ungraded_essay_counts_for_nothing_yet(case):
    knowledge = case["criteria"][0]
    essay = build.item({knowledge: 1}, kind="essay")
    build.attempt(case["candidate"], case["quiz"], [(essay, None)])
    progress = standard_progress(candidate=case["candidate"], standard=case["standard"])
    assert progress.result.criteria[knowledge.pk].is_pending


def test_progress_loads_in_a_fixed_number_of_queries(case, django_assert_max_num_queries):
    knowledge, performance, product, attitude = case["criteria"]
    for day in range(4):
        build.attempt(
            case["candidate"], case["quiz"], [(case["k_item"], 0.9), (case["a_item"], 1)], day=day
        )
    observe(case, performance)
    observe(case, product)
    with django_assert_max_num_queries(9):
        progress = standard_progress(candidate=case["candidate"], standard=case["standard"])
    assert progress.result.is_competent


# --- what the trainee sees ----------------------------------------------------------------


@pytest.fixture
def module_page(home_pages, case):
    """A module teaching the knowledge criterion, with its page in both languages."""
    knowledge = case["criteria"][0]
    page_es = Page.objects.get(pk=home_pages["es"].pk).add_child(
        instance=Page(title="Bloqueo y etiquetado", slug="bloqueo-y-etiquetado")
    )
    # Re-read the English home: the fixture's instance predates its published slug.
    Page.objects.get(pk=home_pages["en"].pk).add_child(
        instance=Page(
            title="Lockout and tagout",
            slug="lockout-tagout",
            locale=Locale.objects.get(language_code="en"),
            translation_key=page_es.translation_key,
        )
    )
    module = build.module_teaching(case["room"], knowledge)
    module.key = page_es.translation_key
    module.save()
    return module


def test_the_trainee_sees_progress_and_where_to_study(client, case, module_page):
    knowledge, performance, product, _attitude = case["criteria"]
    build.attempt(case["candidate"], case["quiz"], [(case["k_item"], 0.5), (case["a_item"], 1)])
    observe(case, performance)
    client.force_login(case["candidate"])
    url = reverse("assessments:progress_standard", args=[case["standard"].pk])

    assert url.startswith("/en/")
    english = client.get(url)
    assert english.status_code == 200
    text = english.text
    assert "Element 1 of 2" in text
    assert '<progress max="2" value="1"' in text  # element 1: performance mastered, knowledge not
    assert "50 % (needed: 80 %)" in text
    assert "Pending: no evidence yet" in text  # product not observed
    assert 'href="/en/lockout-tagout/"' in text and "Lockout and tagout" in text
    assert "No judgement has been recorded yet" in text

    spanish = client.get(url.replace("/en/", "/es/"))
    assert 'href="/es/bloqueo-y-etiquetado/"' in spanish.text
    assert "Elemento 1 de 2" in spanish.text


def test_the_trainee_sees_the_judgement_with_date_and_evaluator(client, case):
    _knowledge, performance, product, _attitude = case["criteria"]
    build.attempt(case["candidate"], case["quiz"], [(case["k_item"], 1), (case["a_item"], 1)])
    observe(case, performance)
    observe(case, product)
    judge(case)
    client.force_login(case["candidate"])
    with translation.override("en"):
        url = reverse("assessments:progress_standard", args=[case["standard"].pk])
    text = client.get(url).text
    assert "Competent" in text and "Patricia Gómez Salazar" in text
    index = client.get(url.rsplit("/", 2)[0] + "/").text
    assert "EC0900" in index


def test_another_persons_standard_is_not_shown(client, case):
    client.force_login(build.trainee())
    url = reverse("assessments:progress_standard", args=[case["standard"].pk])
    assert client.get(url).status_code == 404


def test_after_an_attempt_the_breakdown_links_missed_criteria(case, module_page):
    knowledge, *_rest, attitude = case["criteria"]
    attempt = build.attempt(
        case["candidate"], case["quiz"], [(case["k_item"], 0.25), (case["a_item"], 1)]
    )
    rows = {row.criterion.pk: row for row in attempt_breakdown(attempt=attempt)}
    assert rows[knowledge.pk].percent == 25 and not rows[knowledge.pk].is_mastered
    assert [link.title for link in rows[knowledge.pk].modules] == ["Lockout and tagout"]
    assert rows[attitude.pk].is_mastered and rows[attitude.pk].modules == []


def test_the_attempt_result_page_includes_the_breakdown(client, case, module_page):
    attempt = build.attempt(
        case["candidate"], case["quiz"], [(case["k_item"], 0.25), (case["a_item"], 1)]
    )
    client.force_login(case["candidate"])
    with translation.override("en"):
        url = reverse("assessments:attempt_result", args=[attempt.public_id])
    text = client.get(url).text
    assert "Results by competency criterion" in text
    assert "25 % (needed: 80 %)" in text
    assert 'href="/en/lockout-tagout/"' in text


def test_navigation_shows_links_by_role(client, case):
    client.force_login(case["evaluator"])
    with translation.override("es"):
        url = reverse("assessments:progress")
    text = client.get(url).text
    assert "Mis competencias" in text and "Evaluar" in text and "Reportes" not in text


def test_the_demo_trainee_is_competent_on_a_demo_standard():
    from accounts.models import User
    from competencies.models import Standard

    call_command("seed_demo", force=True, stdout=io.StringIO())
    trainee = User.objects.get(email="aprendiz@puente.example")
    standard = Standard.objects.get(code="EC9101", framework__slug="conocer-muestra")
    judgement = judgement_current(candidate=trainee, standard=standard)
    assert judgement.is_competent and judgement.standard.is_sample
    assert judgement.evaluator.email == "evaluadora@puente.example"
    assert judgement.basis["attempts"] and judgement.basis["evidence"]
