"""The attempt pages' navigator (answered, not answered, flagged), the flag for review with
and without JavaScript, and the timer's warnings, through HTTP."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone, translation

import pytest

from assessments.models import Answer, Attempt
from tests.factories.assessments import make_item, quiz_with, trainee_in

pytestmark = pytest.mark.django_db


def url(name, language="es", **kwargs):
    with translation.override(language):
        return reverse(f"assessments:{name}", kwargs=kwargs)


def _start(client, quiz):
    user = trainee_in(quiz.course)
    client.force_login(user)
    client.post(url("quiz_start", pk=quiz.pk))
    return Attempt.objects.get(quiz=quiz, user=user)


def _navigator(html):
    """``{position: (classes, words heard)}`` of the navigator's entries."""
    entries = re.findall(
        r'class="([^"]*)" data-nav="(\d+)" data-nav-label="[^"]*" aria-label="([^"]*)"', html
    )
    return {int(n): (classes.split(), words) for classes, n, words in entries}


@pytest.fixture
def quiz():
    return quiz_with([make_item("single"), make_item("numeric"), make_item("short")])


def test_the_navigator_says_which_questions_are_answered_and_flagged(client, quiz):
    attempt = _start(client, quiz)
    page1 = url("attempt_page", "en", public_id=attempt.public_id, page=1)
    response = client.post(
        page1, {"q1": "wrench", "seq1": "1", "flag": "1:1"}
    )  # the flag button without JavaScript: the answer is saved, then the question flagged
    assert response.status_code == 302 and response.url == f"{page1}#question-1"
    answer = Answer.objects.get(attempt=attempt, position=1)
    assert answer.flagged and answer.response == "wrench"

    html = client.get(page1).content.decode()
    assert _navigator(html) == {
        1: (["is-answered", "is-flagged"], "Question 1, answered, flagged"),
        2: ([], "Question 2, not answered"),
        3: ([], "Question 3, not answered"),
    }
    assert 'name="go" value="2" class="" data-nav="2"' in html  # goes there, saving the page
    assert 'aria-pressed="true"' in html and 'value="1:0"' in html  # pressed: next click clears

    client.post(page1, {"q1": "wrench", "seq1": "2", "flag": "1:0"})
    assert not Answer.objects.get(attempt=attempt, position=1).flagged
    spanish = client.get(url("attempt_page", "es", public_id=attempt.public_id, page=1))
    assert _navigator(spanish.content.decode())[1] == (["is-answered"], "Pregunta 1, respondida")


def test_a_flag_for_a_question_not_on_the_page_is_ignored(client, quiz):
    attempt = _start(client, quiz)
    page1 = url("attempt_page", public_id=attempt.public_id, page=1)
    response = client.post(page1, {"q1": "wrench", "seq1": "1", "flag": "3:1", "go": "next"})
    assert response.url == url("attempt_page", public_id=attempt.public_id, page=2)
    assert not Answer.objects.filter(attempt=attempt, flagged=True).exists()


def test_a_question_with_an_unsaved_answer_is_not_flagged_and_keeps_the_error(client, quiz):
    attempt = _start(client, quiz)
    page2 = url("attempt_page", "en", public_id=attempt.public_id, page=2)
    response = client.post(page2, {"q2": "a lot", "seq2": "1", "flag": "2:1"})
    assert response.status_code == 409 and 'role="alert"' in response.content.decode()
    assert not Answer.objects.get(attempt=attempt, position=2).flagged


def test_the_script_flags_through_its_own_endpoint(client, quiz):
    attempt = _start(client, quiz)
    flag = url("attempt_flag", public_id=attempt.public_id)
    response = client.post(flag, {"position": 2, "flagged": "1"})
    assert response.status_code == 200 and response.json() == {"position": 2, "flagged": True}
    assert Answer.objects.get(attempt=attempt, position=2).flagged
    assert client.post(flag, {"position": 9, "flagged": "1"}).status_code == 400
    assert client.post(flag, {"position": "x"}).status_code == 400
    assert client.get(flag).status_code == 405

    finish = client.get(url("attempt_submit", "en", public_id=attempt.public_id))
    assert re.search(r"Flagged for review: <a href=\"[^\"]+/page/2/\">2</a>", finish.text)

    client.post(url("attempt_submit", public_id=attempt.public_id))
    closed = client.post(flag, {"position": 2, "flagged": "0"})
    assert closed.status_code == 409 and closed.json()["closed"] is True
    assert "ya no pueden cambiar" in closed.json()["error"]

    client.force_login(trainee_in(quiz.course))
    assert client.post(flag, {"position": 2, "flagged": "0"}).status_code == 404
    assert Answer.objects.get(attempt=attempt, position=2).flagged


def test_on_a_one_page_quiz_the_navigator_links_to_each_question(client):
    quiz = quiz_with([make_item("single"), make_item("short")], layout="all")
    attempt = _start(client, quiz)
    html = client.get(url("attempt_page", "en", public_id=attempt.public_id, page=1)).text
    assert '<a href="#question-2" class="" data-nav="2"' in html
    assert 'id="question-2"' in html and 'aria-current="page"' not in html


def test_the_timer_carries_its_warnings_in_the_pages_language(client, quiz):
    quiz.time_limit_minutes = 30
    quiz.save(update_fields=["time_limit_minutes"])
    attempt = _start(client, quiz)
    page = url("attempt_page", "es", public_id=attempt.public_id, page=1)
    html = client.get(page).text
    assert 'data-warn-300="Quedan cinco minutos."' in html
    assert 'data-warn-60="Queda un minuto."' in html
    assert 'aria-live="assertive" data-countdown-warning' in html
    assert "countdown--urgent" not in html
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() + timedelta(minutes=4))
    assert "countdown countdown--urgent" in client.get(page).text
