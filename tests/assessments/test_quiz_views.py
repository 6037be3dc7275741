"""Taking a quiz through HTTP, without JavaScript, in both languages."""

from django.db import connection
from django.urls import reverse
from django.utils import translation

import pytest

from assessments.models import Answer, Attempt
from assessments.services.frozen import frozen_forget
from tests.factories.assessments import make_item, quiz_with, trainee_in

pytestmark = pytest.mark.django_db


def url(name, language="es", **kwargs):
    with translation.override(language):
        return reverse(f"assessments:{name}", kwargs=kwargs)


@pytest.fixture
def quiz():
    return quiz_with([make_item("single"), make_item("numeric"), make_item("ordering")])


@pytest.fixture
def trainee(quiz):
    return trainee_in(quiz.course)


def _start(client, quiz, language="es"):
    response = client.post(url("quiz_start", language, pk=quiz.pk))
    assert response.status_code == 302
    return Attempt.objects.get(quiz=quiz, status="in_progress")


@pytest.mark.parametrize(
    ("language", "stem", "button"),
    [("es", "¿Qué herramienta", "Guardar y siguiente"), ("en", "Which tool", "Save and next")],
)
def test_a_trainee_takes_a_quiz_page_by_page_without_javascript(
    client, quiz, trainee, language, stem, button
):
    client.force_login(trainee)
    detail = client.get(url("quiz_detail", language, pk=quiz.pk))
    assert detail.status_code == 200
    attempt = _start(client, quiz, language)
    page1 = client.get(url("attempt_page", language, public_id=attempt.public_id, page=1))
    html = page1.content.decode()
    assert stem in html and button in html and "<legend>" in html
    assert 'name="seq1" value="1"' in html
    next_page = client.post(
        url("attempt_page", language, public_id=attempt.public_id, page=1),
        {"q1": "wrench", "seq1": "1", "go": "next"},
    )
    assert next_page.url == url("attempt_page", language, public_id=attempt.public_id, page=2)
    client.post(
        url("attempt_page", language, public_id=attempt.public_id, page=2),
        {"q2": "25,3", "seq2": "1", "go": "next"},
    )
    keys = Answer.objects.get(attempt=attempt, position=3).content["options"]
    ranks = {f"q3-{option['key']}": str(i) for i, option in enumerate(keys, 1)}
    finish = client.post(
        url("attempt_page", language, public_id=attempt.public_id, page=3),
        {**ranks, "seq3": "1", "go": "submit"},
    )
    assert finish.url == url("attempt_submit", language, public_id=attempt.public_id)
    client.post(finish.url)
    result = client.get(url("attempt_result", language, public_id=attempt.public_id))
    attempt.refresh_from_db()
    assert attempt.score == 100 and attempt.passed
    assert "100" in result.content.decode()


def test_another_persons_attempt_answers_404_everywhere(client, quiz, trainee):
    client.force_login(trainee)
    attempt = _start(client, quiz)
    intruder = trainee_in(quiz.course)
    client.force_login(intruder)
    pid = attempt.public_id
    assert client.get(url("attempt_page", public_id=pid, page=1)).status_code == 404
    assert client.get(url("attempt_result", public_id=pid)).status_code == 404
    assert client.post(url("attempt_submit", public_id=pid)).status_code == 404
    response = client.post(url("attempt_autosave", public_id=pid), {"position": 1, "seq": 9})
    assert response.status_code == 404
    attempt.refresh_from_db()
    assert attempt.is_open and len(attempt.public_id) >= 32  # 192 random bits


def test_autosave_answers_409_for_a_stale_save_and_keeps_the_newer_answer(client, quiz, trainee):
    client.force_login(trainee)
    attempt = _start(client, quiz)
    autosave = url("attempt_autosave", public_id=attempt.public_id)
    ok = client.post(autosave, {"position": 1, "seq": 2, "q1": "wrench"})
    assert ok.status_code == 200 and ok.json() == {"saved": True, "sequence": 2}
    stale = client.post(autosave, {"position": 1, "seq": 1, "q1": "hammer"})
    assert stale.status_code == 409 and stale.json()["sequence"] == 2
    assert "respuesta más reciente" in stale.json()["error"]
    bad = client.post(autosave, {"position": 2, "seq": 1, "q2": "mucho"})
    assert bad.status_code == 400
    tampered = client.post(autosave, {"position": 1, "seq": 3, "q1": "1 OR 1=1"})
    assert tampered.status_code == 400
    assert Answer.objects.get(attempt=attempt, position=1).response == "wrench"


def test_a_stale_page_from_another_device_shows_a_translated_conflict(client, quiz, trainee):
    client.force_login(trainee)
    attempt = _start(client, quiz)
    client.post(
        url("attempt_autosave", public_id=attempt.public_id),
        {"position": 1, "seq": 5, "q1": "wrench"},
    )
    response = client.post(
        url("attempt_page", "es", public_id=attempt.public_id, page=1),
        {"q1": "hammer", "seq1": "1", "go": "next"},
    )
    assert response.status_code == 409
    assert "Ya se había guardado una respuesta más reciente" in response.content.decode()
    assert Answer.objects.get(attempt=attempt, position=1).response == "wrench"


def test_double_submit_through_http_is_harmless(client, quiz, trainee):
    client.force_login(trainee)
    attempt = _start(client, quiz)
    submit = url("attempt_submit", public_id=attempt.public_id)
    assert client.post(submit).status_code == 302
    assert client.post(submit).status_code == 302
    assert Attempt.objects.filter(quiz=quiz, user=trainee).count() == 1


def test_queries_per_quiz_page_do_not_grow_with_the_number_of_items(
    client, django_assert_max_num_queries
):
    small = quiz_with([make_item("single") for _ in range(2)], layout="all")
    large = quiz_with([make_item("matching") for _ in range(25)], layout="all")
    user = trainee_in(small.course)
    from tests.factories.assessments import enroll

    enroll(user, large.course)
    client.force_login(user)
    for quiz in (small, large):
        attempt = _start(client, quiz)
        with django_assert_max_num_queries(9):
            response = client.get(url("attempt_page", public_id=attempt.public_id, page=1))
        assert response.status_code == 200


def test_an_autosave_reads_no_row_before_its_update(
    client, quiz, trainee, django_assert_num_queries
):
    """The autosave endpoint's budget: the user and one conditional UPDATE, in a transaction
    (2 more) where the UPDATE locks the attempt's row (PostgreSQL), on its own on SQLite.
    The attempt's frozen facts (answer, content, option order, deadline) are known from the
    start this process served; a process that did not serve it reads them once, with the
    first save (``assessments.services.frozen``)."""
    client.force_login(trainee)
    attempt = _start(client, quiz)
    autosave = url("attempt_autosave", public_id=attempt.public_id)
    write = 4 if connection.features.has_select_for_update else 2
    with django_assert_num_queries(write):
        response = client.post(autosave, {"position": 1, "seq": 1, "q1": "hammer"})
    assert response.json() == {"saved": True, "sequence": 1}

    frozen_forget(user_id=trainee.pk, public_id=attempt.public_id)  # another process
    with django_assert_num_queries(write + 1):
        response = client.post(autosave, {"position": 1, "seq": 2, "q1": "wrench"})
    assert response.json() == {"saved": True, "sequence": 2}
    with django_assert_num_queries(write):
        response = client.post(autosave, {"position": 1, "seq": 3, "q1": "hammer"})
    assert response.json() == {"saved": True, "sequence": 3}
    assert Answer.objects.get(attempt=attempt, position=1).response == "hammer"


def test_submitting_costs_the_same_queries_for_any_number_of_items(
    client, django_assert_num_queries
):
    """Grading stores every answer's grade in one UPDATE, whatever the number of items and
    of distinct grades (here right, wrong and unanswered)."""
    small = quiz_with([make_item("single") for _ in range(2)])
    kinds = ["single", "single"] + ["numeric", "multiple", "true_false"] * 8
    large = quiz_with([make_item(kind) for kind in kinds])
    user = trainee_in(small.course)
    from tests.factories.assessments import enroll

    enroll(user, large.course)
    client.force_login(user)
    for quiz in (small, large):
        attempt = _start(client, quiz)
        autosave = url("attempt_autosave", public_id=attempt.public_id)
        client.post(autosave, {"position": 1, "seq": 1, "q1": "wrench"})
        client.post(autosave, {"position": 2, "seq": 1, "q2": "hammer"})
        # The user, then a transaction: lock, answers, one UPDATE of grades, the attempt.
        with django_assert_num_queries(7):
            response = client.post(url("attempt_submit", public_id=attempt.public_id))
        assert response.status_code == 302
        attempt.refresh_from_db()
        graded = dict(Answer.objects.filter(attempt=attempt).values_list("position", "fraction"))
        assert graded.pop(1) == 1 and graded.pop(2) == 0
        assert set(graded.values()) <= {0}  # unanswered
        assert attempt.status == Attempt.Status.GRADED
        assert attempt.points == 1 and attempt.max_points == quiz.slots.count()


def test_starting_costs_the_same_queries_for_any_number_of_items(client, django_assert_num_queries):
    """Reads first (the quiz with the trainee's enrollment, history, the slots with their fixed
    items and those items' latest frozen versions, the items' options and criteria), then one
    transaction inserts the attempt and all its answers. The versions are not read again when
    they hold the items' current content (the first start froze them)."""
    kinds = ["single", "numeric", "matching", "ordering"] * 5
    for quiz in (quiz_with([make_item("single")]), quiz_with([make_item(k) for k in kinds])):
        first = trainee_in(quiz.course)
        client.force_login(first)
        client.post(url("quiz_start", pk=quiz.pk))  # freezes the item versions
        client.force_login(trainee_in(quiz.course))
        with django_assert_num_queries(10):
            response = client.post(url("quiz_start", pk=quiz.pk))
        assert response.status_code == 302
        assert Attempt.objects.filter(quiz=quiz).count() == 2
