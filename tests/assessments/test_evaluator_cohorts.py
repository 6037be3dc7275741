"""Evaluators reach only the learners of the cohorts that name them (issue 16, item 9).

One rule (``courses.permissions.evaluation_candidates``) answers for the evaluation services,
the candidate search and every evaluator screen and document; anyone else is not found.
"""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

import pytest
from PIL import Image

from accounts.roles import Role
from assessments.models import EvidenceRecord, Judgement
from assessments.services.evidence import EvaluationRefused, evidence_record
from assessments.services.judgement import judgement_record
from courses.permissions import evaluation_candidates
from courses.services import enrollment_withdraw
from tests.courses.html_forms import form_fields, messages_of
from tests.factories import evidence as build
from tests.factories.accounts import UserFactory
from tests.factories.certificates import JudgementFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def world():
    """Two cohorts preparing for one standard, each with its own evaluator and learner."""
    standard = build.standard_with_criteria()
    ours, theirs = build.evaluator(first_name="Nuestra"), build.evaluator(first_name="Ajena")
    room, other_room = (
        build.classroom(standard, evaluators=[ours]),
        build.classroom(standard, evaluators=[theirs]),
    )
    mine = build.trainee(first_name="Mía", last_name="Pérez")
    other = build.trainee(first_name="Otro", last_name="Pérez")
    build.enroll(mine, room)
    build.enroll(other, other_room)
    return {
        "standard": standard,
        "performance": build.criteria_of(standard)[1],
        "ours": ours,
        "theirs": theirs,
        "room": room,
        "mine": mine,
        "other": other,
    }


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), (11, 85, 99)).save(buffer, format="PNG")
    return buffer.getvalue()


def observe(world, candidate, evaluator, **kwargs):
    return evidence_record(
        evaluator=evaluator,
        candidate=candidate,
        standard=world["standard"],
        criterion=world["performance"],
        met=True,
        observed_on=datetime.date(2026, 11, 20),
        place="Celda 4",
        **kwargs,
    )


def screens(world, candidate, judgement_pk=0):
    args = [world["standard"].pk, candidate.pk]
    with translation.override("en"):
        return {
            "evaluation": reverse("assessments:evaluation", args=args),
            "plan": reverse("assessments:evaluation_plan", args=args),
            "report": reverse("assessments:evaluation_report", args=[*args, judgement_pk]),
            "portfolio": reverse("certificates:document_portfolio", args=[*args, "en"]),
            "registration": reverse("certificates:document_registration", args=[*args, "en"]),
        }


def test_the_rule_lists_only_the_learners_of_the_evaluators_cohorts(world):
    assert list(evaluation_candidates(evaluator=world["ours"], standard=world["standard"])) == [
        world["mine"]
    ]
    assert list(evaluation_candidates(evaluator=world["theirs"])) == [world["other"]]
    other_standard = build.standard_with_criteria(code="EC0901")
    assert not evaluation_candidates(evaluator=world["ours"], standard=other_standard).exists()
    assert not evaluation_candidates(evaluator=world["mine"]).exists()


def test_the_services_refuse_a_learner_of_another_cohort(world):
    with pytest.raises(EvaluationRefused) as refused:
        observe(world, world["other"], world["ours"])
    assert "Otro Pérez is not enrolled in a cohort you evaluate for EC0900" in refused.value.message
    with pytest.raises(EvaluationRefused):
        judgement_record(
            evaluator=world["ours"], candidate=world["other"], standard=world["standard"]
        )
    assert not EvidenceRecord.objects.exists() and not Judgement.objects.exists()
    assert observe(world, world["mine"], world["ours"]).evaluator == world["ours"]


def test_every_evaluator_screen_is_not_found_outside_their_cohorts(client, world):
    observe(world, world["other"], world["theirs"])
    judgement = JudgementFactory(
        candidate=world["other"], standard=world["standard"], evaluator=world["theirs"]
    )
    client.force_login(world["theirs"])
    for name, url in screens(world, world["other"], judgement.pk).items():
        assert client.get(url).status_code == 200, name
    client.force_login(world["ours"])
    for name, url in screens(world, world["other"], judgement.pk).items():
        assert client.get(url).status_code == 404, name
    judgement_url = reverse(
        "assessments:evaluation_judgement", args=[world["standard"].pk, world["other"].pk]
    )
    assert client.post(judgement_url).status_code == 404
    assert Judgement.objects.count() == 1
    # The checklist form of their own learner works as before.
    assert client.get(screens(world, world["mine"])["evaluation"]).status_code == 200


def test_a_photo_is_for_the_evaluators_of_its_candidates_cohort(client, world):
    photo = SimpleUploadedFile("celda.png", png(), "image/png")
    record = observe(world, world["other"], world["theirs"], photo=photo)
    url = reverse("assessments:evidence_photo", args=[record.pk])
    client.force_login(world["ours"])
    assert client.get(url).status_code == 404
    client.force_login(world["theirs"])
    assert client.get(url).status_code == 200
    client.force_login(UserFactory(roles=[Role.ADMINISTRATOR]))
    assert client.get(url).status_code == 200


def test_the_candidate_search_lists_only_their_cohorts_learners(client, world):
    stray = build.standard_with_criteria(code="EC0777")
    client.force_login(world["ours"])
    with translation.override("en"):
        url = reverse("assessments:evaluation_candidates")
    page = client.get(url)
    assert "EC0900" in page.text and "EC0777" not in page.text  # standards of their cohorts
    listed = client.get(url, {"standard": world["standard"].pk, "q": "Pérez"})
    assert "Mía Pérez" in listed.text and "Otro Pérez" not in listed.text
    assert client.get(url, {"standard": stray.pk, "q": "Pérez"}).status_code == 200


def test_an_administrator_is_a_candidate_only_when_enrolled(client, world):
    administrator = UserFactory(
        roles=[Role.ADMINISTRATOR], first_name="Admin", last_name="Pérez", is_staff=True
    )
    client.force_login(world["ours"])
    url = screens(world, administrator)["evaluation"]
    assert client.get(url).status_code == 404
    with pytest.raises(EvaluationRefused):
        observe(world, administrator, world["ours"])
    build.enroll(administrator, world["room"])
    assert client.get(url).status_code == 200


def test_a_withdrawn_learner_leaves_the_evaluators_reach(world):
    enrolment = world["mine"].enrollments.get()
    enrollment_withdraw(enrollment=enrolment, actor=UserFactory(roles=[Role.ADMINISTRATOR]))
    assert not evaluation_candidates(evaluator=world["ours"]).exists()


def test_naming_an_evaluator_in_the_cohort_screen_opens_the_evaluation(client, world):
    newcomer = build.evaluator(first_name="Nueva", last_name="Evaluadora")
    client.force_login(newcomer)
    url = screens(world, world["mine"])["evaluation"]
    assert client.get(url).status_code == 404
    client.force_login(UserFactory(roles=[Role.ADMINISTRATOR], is_staff=True))
    edit = f"/admin/cohorts/edit/{world['room'].cohort.pk}/"
    data = form_fields(client.get(edit).content)
    data["evaluators"] = [str(world["ours"].pk), str(newcomer.pk)]
    response = client.post(edit, data)
    assert response.status_code == 302, messages_of(response.content)
    assert set(world["room"].cohort.evaluators.all()) == {world["ours"], newcomer}
    client.force_login(newcomer)
    assert client.get(url).status_code == 200
