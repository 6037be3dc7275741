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


def test_the_queue_pages_so_every_essay_is_reachable(
    client, essay_case, monkeypatch, django_assert_num_queries
):
    from assessments.views.grading import GradingQueueView

    second = build.trainee(first_name="Zoe", last_name="Young")
    build.enroll(second, essay_case["room"])
    essay = essay_case["answer"].item_version
    later = build.attempt(second, essay_case["attempt"].quiz, [(essay, None)], day=1)
    monkeypatch.setattr(GradingQueueView, "paginate_by", 1)
    client.force_login(essay_case["teacher"])
    url = reverse("assessments:grading_queue")
    client.get(url)
    with django_assert_num_queries(GRADING_QUEUE_QUERIES):
        first = client.get(url).text
    assert "Emily Walker" in first and "Zoe Young" not in first
    assert "Showing 1–1 of 2" in first and 'href="?page=2"' in first
    last = client.get(url, {"page": 2}).text
    assert "Zoe Young" in last and "Emily Walker" not in last
    assert reverse("assessments:grading_answer", args=[later.answers.get().pk]) in last


GRADING_QUEUE_QUERIES = 5  # session, user, roles, count, page


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


# Routing: whose queue an essay reaches, and who is told -------------------------------


def _submitted_essay(course, trainee, *, language="es"):
    """A trainee really submits an attempt with one essay (start, save, submit)."""
    from assessments.services import attempt_answers_save, attempt_start, attempt_submit
    from tests.factories.assessments import make_item, quiz_with

    quiz = quiz_with([make_item("essay")], course=course)
    attempt, _created = attempt_start(quiz=quiz, user=trainee, language=language)
    attempt_answers_save(
        public_id=attempt.public_id,
        user=trainee,
        answers={1: ("Bloqueo la energía y verifico con el probador.", 1)},
        language=language,
    )
    attempt, _closed = attempt_submit(public_id=attempt.public_id, user=trainee)
    return attempt


@pytest.fixture
def grading_team():
    room = build.classroom()
    room.course.is_open = True
    room.course.save()
    lead = build.instructor(first_name="Lucía", preferred_language="es")
    room.course.lead_instructors.add(lead)
    teacher = build.instructor(first_name="Tom", preferred_language="en")
    room.cohort.instructors.add(teacher)
    return {"room": room, "lead": lead, "teacher": teacher}


def test_a_self_enrolled_trainees_essay_reaches_the_courses_grading_team(
    grading_team, mailoutbox, django_capture_on_commit_callbacks
):
    from courses.models import Enrollment

    room, lead, teacher = grading_team["room"], grading_team["lead"], grading_team["teacher"]
    trainee = build.trainee(first_name="Sofía", last_name="Ríos")
    Enrollment.objects.create(user=trainee, course=room.course)  # no cohort: self-enrolled
    with django_capture_on_commit_callbacks(execute=True):
        attempt = _submitted_essay(room.course, trainee)
    essay = attempt.answers.get()
    assert list(grading_queue(user=lead)) == [essay]
    assert list(grading_queue(user=teacher)) == []  # the cohort's teacher: not theirs
    assert list(grading_queue(user=build.instructor())) == []
    answer_grade(grader=lead, answer=essay, points=1)  # and the lead may grade it

    (message,) = [m for m in mailoutbox if m.to == [lead.email]]
    assert not [m for m in mailoutbox if m.to == [teacher.email]]
    assert message.subject == f"Ensayos por calificar: Sofía Ríos, «{attempt.quiz.title_es}»"
    assert "1 respuesta de ensayo espera tu calificación" in message.body
    assert "http://testserver/es/assessments/grading/" in message.body  # her language


def test_a_cohort_trainees_essay_reaches_the_cohorts_instructors_in_their_language(
    grading_team, mailoutbox, django_capture_on_commit_callbacks
):
    room, lead, teacher = grading_team["room"], grading_team["lead"], grading_team["teacher"]
    trainee = build.trainee(first_name="Emily", last_name="Walker")
    build.enroll(trainee, room)
    with django_capture_on_commit_callbacks(execute=True):
        attempt = _submitted_essay(room.course, trainee, language="en")
    assert list(grading_queue(user=teacher)) == [attempt.answers.get()]
    assert list(grading_queue(user=lead)) == []  # the cohort has its own instructors
    assert [m.to for m in mailoutbox] == [[teacher.email]]
    message = mailoutbox[0]
    assert message.subject.startswith("Essays to grade: Emily Walker")
    assert "1 essay answer waits for your grade" in message.body
    assert "http://testserver/en/assessments/grading/" in message.body


def test_nobody_is_told_before_the_commit_nor_when_nothing_waits(
    grading_team, mailoutbox, django_capture_on_commit_callbacks
):
    from tests.factories.assessments import make_item, quiz_with

    room = grading_team["room"]
    trainee = build.trainee()
    build.enroll(trainee, room)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _submitted_essay(room.course, trainee)
    assert mailoutbox == [] and len(callbacks) == 1  # sent only once the submit commits

    from assessments.services import attempt_start, attempt_submit

    quiz = quiz_with([make_item("true_false")], course=room.course)
    attempt, _created = attempt_start(quiz=quiz, user=trainee, language="es")
    with django_capture_on_commit_callbacks(execute=True):
        attempt_submit(public_id=attempt.public_id, user=trainee)
    assert mailoutbox == []  # no essay: graded at once, no grader to tell


@pytest.mark.parametrize("data", [{"points": "1"}, {"points": ""}, {"points": "99"}, {}])
def test_posting_to_an_answer_outside_your_cohorts_shows_nothing_of_it(client, essay_case, data):
    """The POST applies GET's rule before reading the form (issue 16, item 2): a valid, an
    empty and an out-of-range grade are all refused without the question, response or name."""
    client.force_login(build.instructor())
    url = reverse("assessments:grading_answer", args=[essay_case["answer"].pk])

    response = client.post(url, data)

    assert response.status_code == 403
    assert "cohorts you teach" in response.text
    for secret in ("Texto de la respuesta", "Emily", "Walker", "Model answer"):
        assert secret not in response.text
    essay_case["answer"].refresh_from_db()
    assert essay_case["answer"].points is None
