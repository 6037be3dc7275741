"""Manual grading: the instructor's queue, grading beside the model answer, final attempts."""

from decimal import Decimal

from django.urls import reverse
from django.utils import translation

import pytest

from accounts.roles import Role
from assessments.models import Attempt
from assessments.selectors.grading import grading_queue
from assessments.services.grading import GradingRefused, answer_grade
from tests.factories import evidence as build
from tests.factories.accounts import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def essay_case():
    standard = build.standard_with_criteria((("knowledge",),))
    (knowledge,) = build.criteria_of(standard)
    teacher = build.instructor(first_name="Luis Alberto")
    room = build.classroom(standard, instructors=[teacher])
    trainee = build.trainee(first_name="Emily", last_name="Walker", preferred_language="en")
    build.enroll(trainee, room)
    quiz = build.quiz(room)
    essay = build.item({knowledge: 1}, kind="essay", points="4")
    choice = build.item({knowledge: 1})
    attempt = build.attempt(trainee, quiz, [(choice, 1), (essay, None)], language="en")
    return {
        "teacher": teacher,
        "trainee": trainee,
        "room": room,
        "attempt": attempt,
        "answer": attempt.answers.get(position=2),
        "knowledge": knowledge,
        "standard": standard,
    }


def test_the_queue_shows_only_the_instructors_own_cohorts(essay_case):
    other_teacher = build.instructor()
    stranger_room = build.classroom(instructors=[other_teacher])
    assert list(grading_queue(user=essay_case["teacher"])) == [essay_case["answer"]]
    assert list(grading_queue(user=other_teacher)) == []
    build.enroll(essay_case["trainee"], stranger_room)  # enrolled elsewhere: still not theirs
    assert list(grading_queue(user=other_teacher)) == []
    admin = UserFactory(roles=[Role.ADMINISTRATOR])
    assert list(grading_queue(user=admin)) == [essay_case["answer"]]
    assert list(grading_queue(user=essay_case["trainee"])) == []


def test_grading_the_last_answer_makes_the_attempt_final_and_tells_the_trainee(
    essay_case, mailoutbox, django_capture_on_commit_callbacks
):
    assert essay_case["attempt"].status == Attempt.Status.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        answer = answer_grade(
            grader=essay_case["teacher"],
            answer=essay_case["answer"],
            points=Decimal("3"),
            feedback="Explica bien el bloqueo; falta la prueba de energía cero.",
        )
    attempt = Attempt.objects.get(pk=essay_case["attempt"].pk)
    assert (answer.points, answer.fraction) == (Decimal("3.000"), Decimal("0.7500"))
    assert answer.grader == essay_case["teacher"]
    assert attempt.status == Attempt.Status.GRADED
    assert attempt.score == Decimal("80.00")  # (1 + 3) / 5
    assert list(grading_queue(user=essay_case["teacher"])) == []
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [essay_case["trainee"].email]
    assert "is ready" in mail.subject  # the trainee prefers English
    assert attempt.public_id in mail.body


def test_a_spanish_speaking_trainee_is_told_in_spanish(
    essay_case, mailoutbox, django_capture_on_commit_callbacks
):
    trainee = essay_case["trainee"]
    trainee.preferred_language = "es"
    trainee.save()
    with django_capture_on_commit_callbacks(execute=True):
        answer_grade(grader=essay_case["teacher"], answer=essay_case["answer"], points=4)
    assert "está listo" in mailoutbox[0].subject


def test_grading_an_answer_outside_your_cohorts_is_refused(essay_case):
    outsider = build.instructor()
    with pytest.raises(GradingRefused, match="cohorts you teach"):
        answer_grade(grader=outsider, answer=essay_case["answer"], points=2)
    essay_case["answer"].refresh_from_db()
    assert essay_case["answer"].points is None


def test_points_beyond_the_maximum_are_refused(essay_case):
    with pytest.raises(GradingRefused, match="between 0 and 4"):
        answer_grade(grader=essay_case["teacher"], answer=essay_case["answer"], points="4.5")


def test_the_grading_screen_shows_the_model_answer_beside(client, essay_case):
    client.force_login(essay_case["teacher"])
    url = reverse("assessments:grading_answer", args=[essay_case["answer"].pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Model answer" in page.text
    assert "Energy is locked out before opening the cell." in page.text
    response = client.post(url, {"points": "2,5", "feedback": "Bien"})
    assert response.status_code == 400  # the form wants a number it can read
    response = client.post(url, {"points": "2.5", "feedback": "Bien argumentado."})
    assert response.status_code == 302
    essay_case["answer"].refresh_from_db()
    assert essay_case["answer"].grader_feedback == "Bien argumentado."


def test_the_grading_screen_refuses_outsiders_with_the_reason(client, essay_case):
    client.force_login(build.instructor())
    url = reverse("assessments:grading_answer", args=[essay_case["answer"].pk])
    assert "cohorts you teach" in client.get(url).text
    response = client.post(url, {"points": "1"})
    assert response.status_code == 403
    assert "cohorts you teach" in response.text


def test_queue_page_in_both_languages(client, essay_case, django_assert_max_num_queries):
    client.force_login(essay_case["teacher"])
    with translation.override("es"):
        spanish_url = reverse("assessments:grading_queue")
    with django_assert_max_num_queries(8):
        spanish = client.get(spanish_url)
    english = client.get(spanish_url.replace("/es/", "/en/"))
    assert "Emily Walker" in spanish.text and "Emily Walker" in english.text
    assert "Ensayos por calificar" in spanish.text
    assert "Essays to grade" in english.text
    client.force_login(essay_case["trainee"])
    assert client.get(spanish_url).status_code == 403
