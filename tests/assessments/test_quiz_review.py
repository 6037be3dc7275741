"""The review after submitting: each question's mark and points, and — only as the quiz's
review settings allow — the correct answer and the feedback, through the real pages."""

import re
from datetime import timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone, translation

import pytest

from accounts.models import User
from assessments import item_types
from assessments.content import item_content
from assessments.models import Answer, Attempt
from assessments.review import Mark, mark_of
from assessments.services.grading import answer_grade
from tests.factories.assessments import make_item, quiz_with, trainee_in

NONE = {
    "review_score_after_submit": False,
    "review_answers_after_submit": False,
    "review_feedback_after_submit": False,
    "review_score_after_close": False,
    "review_answers_after_close": False,
    "review_feedback_after_close": False,
}


def url(name, language="es", **kwargs):
    with translation.override(language):
        return reverse(f"assessments:{name}", kwargs=kwargs)


@pytest.mark.parametrize(
    ("fraction", "answered", "mark"),
    [
        (Decimal("1"), True, Mark.CORRECT),
        (Decimal("0.3"), True, Mark.PARTIAL),
        (Decimal("0"), True, Mark.INCORRECT),
        (Decimal("0"), False, Mark.UNANSWERED),
        (None, True, Mark.PENDING),
    ],
)
def test_the_mark_of_an_answer(fraction, answered, mark):
    assert mark_of(fraction=fraction, answered=answered) == mark


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "language", "expected"),
    [
        ("single", "en", []),  # marked in its own option rows
        ("true_false", "es", ["Verdadero"]),
        ("short", "en", ["valve"]),
        ("numeric", "en", ["25 ± 0.5 N·m"]),
        ("matching", "es", ["Seiri → Clasificar", "Seiton → Ordenar", "Seiso → Limpiar"]),
        ("ordering", "en", ["1. Hood", "2. Face mask", "3. Coverall", "4. Boots"]),
        ("essay", "en", ["Tighten in a star pattern."]),
    ],
)
def test_each_type_says_its_correct_answer_in_the_trainees_language(kind, language, expected):
    item = make_item(kind, model_answer_en="Tighten in a star pattern.")
    content = item_content(item)
    with translation.override(language):
        lines = item_types.get(kind).correct_answer(
            content, text=lambda values: values.get(language) or ""
        )
    assert [str(line) for line in lines] == expected


@pytest.fixture
def taken(db):
    """A closed attempt with one answer of each mark: single right (1 / 1), situational
    partly right (0.3 / 1), numeric wrong (0 / 1), short unanswered, essay awaiting grading."""

    def take(**settings):
        items = [
            make_item("single"),
            make_item("situational"),
            make_item("numeric"),
            make_item("short"),
            make_item("essay", model_answer_es="En estrella.", model_answer_en="In a star."),
        ]
        quiz = quiz_with(items, layout="all", **settings)
        user = trainee_in(quiz.course)
        return quiz, user

    return take


def _sit(client, quiz, user):
    client.force_login(user)
    client.post(url("quiz_start", pk=quiz.pk))
    attempt = Attempt.objects.get(quiz=quiz, user=user)
    page = url("attempt_page", public_id=attempt.public_id, page=1)
    response = client.post(
        page,
        {
            **{f"seq{n}": "1" for n in range(1, 6)},
            "q1": "wrench",
            "q2": "fix",
            "q3": "30",
            "q4": "",
            "q5": "Aprieto en cruz y verifico con el torquímetro.",
            "go": "submit",
        },
    )
    assert response.status_code == 302
    client.post(url("attempt_submit", public_id=attempt.public_id))
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED  # the essay waits for its grader
    return attempt


def _marks(html):
    return re.findall(r'data-mark="(\w+)"', html)


def _review(client, attempt, language="es"):
    response = client.get(url("attempt_result", language, public_id=attempt.public_id))
    assert response.status_code == 200
    return response.content.decode()


def test_with_scores_shown_each_question_has_its_mark_and_points(client, taken):
    quiz, user = taken(**{**NONE, "review_score_after_submit": True})
    attempt = _sit(client, quiz, user)
    html = _review(client, attempt, "en")
    assert _marks(html) == ["correct", "partial", "incorrect", "unanswered", "pending"]
    for words in ("Correct", "Partly correct", "Incorrect", "Not answered", "Awaiting grading"):
        assert f'<span class="mark__label">{words}</span>' in html
    assert "1 / 1 points" in html and "0.3 / 1 points" in html and "0 / 1 points" in html
    assert html.count("mark__points") == 4  # none for the essay until it is graded
    assert "Correct answer" not in html and "Explanation" not in html
    assert "It does not control torque" not in html
    spanish = _review(client, attempt, "es")
    assert "Parcialmente correcta" in spanish and "Sin responder" in spanish
    assert "0,3 / 1 puntos" in spanish and "Partly correct" not in spanish


def test_with_correct_answers_shown_each_question_says_the_right_answer(client, taken):
    quiz, user = taken(**{**NONE, "review_answers_after_submit": True})
    attempt = _sit(client, quiz, user)
    html = _review(client, attempt, "en")
    assert _marks(html) == []
    assert "25 ± 0.5 N·m" in html and "<li>valve</li>" in html and "In a star." in html
    best = re.search(r'option--correct"><label[^>]*><input[^>]*value="(\w+)"', html)
    assert best and best.group(1) == "wrench"  # the single choice's right option row
    assert html.count("✓ </span>Correct answer") == 2  # single and the best course of action
    assert "Explanation" not in html and "It does not control torque" not in html


def test_with_feedback_shown_the_explanation_and_the_graders_comment_appear(client, taken):
    quiz, user = taken(**{**NONE, "review_feedback_after_submit": True})
    attempt = _sit(client, quiz, user)
    essay = Answer.objects.get(attempt=attempt, position=5)
    answer_grade(
        grader=User.objects.create_superuser(email="grader@example.com", password="x" * 12),
        answer=essay,
        points="0.5",
        feedback="Falta mencionar la secuencia.",
    )
    html = _review(client, attempt, "es")
    assert "Explicación" in html and "Correcto" in html  # the chosen option's feedback
    assert "Falta mencionar la secuencia." in html and "Comentario de quien calificó" in html
    assert _marks(html) == [] and "Respuesta correcta" not in html and "25 ± 0.5" not in html


def test_a_graded_essay_shows_its_points_with_its_mark(client, taken):
    quiz, user = taken(**{**NONE, "review_score_after_submit": True})
    attempt = _sit(client, quiz, user)
    answer_grade(
        grader=User.objects.create_superuser(email="grader@example.com", password="x" * 12),
        answer=Answer.objects.get(attempt=attempt, position=5),
        points="0.5",
        feedback="Falta mencionar la secuencia.",
    )
    html = _review(client, attempt, "en")
    assert _marks(html)[-1] == "partial" and "0.5 / 1 points" in html
    assert "Falta mencionar" not in html  # feedback is not shown under this setting


def test_with_nothing_to_show_no_question_is_listed(client, taken):
    quiz, user = taken(**NONE)
    attempt = _sit(client, quiz, user)
    html = _review(client, attempt, "en")
    assert "The score will be shown when the quiz allows it" in html
    assert "question-1" not in html and _marks(html) == []


def test_after_the_quiz_closes_the_close_settings_apply(client, taken):
    quiz, user = taken(
        **{**NONE, "review_score_after_close": True, "review_answers_after_close": True}
    )
    attempt = _sit(client, quiz, user)
    assert _marks(_review(client, attempt, "en")) == []
    quiz.closes_at = timezone.now() - timedelta(minutes=1)
    quiz.save(update_fields=["closes_at"])
    html = _review(client, attempt, "en")
    assert _marks(html) == ["correct", "partial", "incorrect", "unanswered", "pending"]
    assert "25 ± 0.5 N·m" in html and "Explanation" not in html
