"""Attempts: frozen content, sequence-checked saves, deadlines, exactly-once submit."""

import threading
import time
from datetime import timedelta
from decimal import Decimal

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

import pytest

from assessments.models import Answer, Attempt, ItemOption, ItemVersion
from assessments.selectors import attempt_results
from assessments.services import (
    AttemptClosed,
    AttemptError,
    attempt_answers_save,
    attempt_start,
    attempt_submit,
)
from assessments.services.frozen import frozen_attempt
from tests.factories.assessments import (
    ALL_KINDS,
    CriterionFactory,
    make_item,
    quiz_with,
    trainee_in,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _save(attempt, position, raw, sequence, **kwargs):
    return attempt_answers_save(
        public_id=attempt.public_id,
        user=attempt.user,
        answers={position: (raw, sequence)},
        language=kwargs.pop("language", "es"),
        **kwargs,
    )[0]


@pytest.fixture
def quiz():
    criterion = CriterionFactory()
    return quiz_with([make_item("single", criterion=criterion), make_item("numeric")])


@pytest.fixture
def trainee(quiz):
    return trainee_in(quiz.course)


def test_an_attempt_of_every_type_grades_to_full_marks_and_exposes_item_results():
    criterion = CriterionFactory()
    items = [make_item(kind, criterion=criterion, weight="0.5") for kind in ALL_KINDS]
    quiz = quiz_with(items, shuffle_options=True)
    user = trainee_in(quiz.course)
    attempt, created = attempt_start(quiz=quiz, user=user, language="en")
    assert created
    right = {
        "single": "wrench",
        "multiple": ["driver", "wrench"],
        "true_false": "true",
        "short": "VALVULA",
        "numeric": "25,2 Nm",
        "matching": None,
        "ordering": None,
        "essay": "Documento la contención en el 8D.",
        "situational": "report",
    }
    for answer in attempt.answers.select_related("item_version"):
        raw = right[answer.kind]
        if answer.kind == "matching":
            raw = {key: key for key in answer.option_order}
        if answer.kind == "ordering":
            raw = [o["key"] for o in answer.content["options"]]
        assert _save(attempt, answer.position, raw, 1, language="en").saved
    attempt, closed_now = attempt_submit(public_id=attempt.public_id, user=user)
    assert closed_now
    assert attempt.status == Attempt.Status.SUBMITTED  # the essay waits for a human
    results = {r.kind: r for r in attempt_results(attempt=attempt)}
    assert results["essay"].fraction is None
    assert all(r.fraction == 1 for kind, r in results.items() if kind != "essay")
    assert results["single"].criterion_weights == {criterion.pk: 0.5}
    assert results["single"].language == "en"
    assert results["single"].item_key == str(items[0].key)


def test_editing_an_item_after_start_never_changes_the_old_attempt(quiz, trainee):
    attempt, _ = attempt_start(quiz=quiz, user=trainee, language="es")
    first = attempt.answers.get(position=1)
    item = first.item_version.item
    # The author now makes "hammer" the right answer and rewords the question.
    ItemOption.objects.filter(item=item).update(is_correct=False)
    ItemOption.objects.filter(item=item, key="hammer").update(is_correct=True)
    item.stem_es = "<p>Pregunta corregida</p>"
    item.save()
    _save(attempt, 1, "wrench", 1)
    attempt, _ = attempt_submit(public_id=attempt.public_id, user=trainee)
    assert attempt.answers.get(position=1).fraction == 1  # graded on the version it saw
    # A new attempt freezes a new version of the item.
    later_user = trainee_in(quiz.course)
    later, _ = attempt_start(quiz=quiz, user=later_user, language="es")
    new_version = later.answers.get(position=1).item_version
    assert new_version.number == first.item_version.number + 1
    assert new_version.content["stem"]["es"] == "<p>Pregunta corregida</p>"
    assert ItemVersion.objects.filter(item=item).count() == 2


def test_stale_and_out_of_order_saves_are_refused_and_keep_the_newer_answer(quiz, trainee):
    attempt, _ = attempt_start(quiz=quiz, user=trainee, language="es")
    assert _save(attempt, 1, "hammer", 1).saved
    assert _save(attempt, 1, "wrench", 3).saved
    stale = _save(attempt, 1, "pliers", 2)
    assert (stale.saved, stale.status, stale.sequence) == (False, 409, 3)
    again = _save(attempt, 1, "pliers", 3)
    assert again.status == 409
    assert Answer.objects.get(attempt=attempt, position=1).response == "wrench"


def test_bad_input_is_refused_with_a_message_and_loses_nothing(quiz, trainee):
    attempt, _ = attempt_start(quiz=quiz, user=trainee, language="es")
    assert _save(attempt, 2, "25", 1).saved
    tampered = _save(attempt, 1, "<script>", 1)
    assert tampered.status == 400 and "options" in tampered.error
    malformed = _save(attempt, 2, "veinte", 2)
    assert malformed.status == 400 and "number" in malformed.error
    foreign = _save(attempt, 99, "wrench", 1)
    assert foreign.status == 400 and "not part" in foreign.error
    assert Answer.objects.get(attempt=attempt, position=2).response == "25"


def test_a_save_read_before_a_submit_is_refused_when_it_comes_to_write(quiz, trainee):
    """Saves read the attempt without a lock; the write itself re-checks that it is open."""
    attempt, _ = attempt_start(quiz=quiz, user=trainee, language="es")
    _save(attempt, 1, "wrench", 1)

    def submit_meanwhile(answer):
        attempt_submit(public_id=attempt.public_id, user=trainee)
        return "hammer", 2

    with pytest.raises(AttemptClosed):
        attempt_answers_save(
            public_id=attempt.public_id,
            user=trainee,
            answers=submit_meanwhile,
            positions=[1],
            language="es",
        )
    graded = Answer.objects.get(attempt=attempt, position=1)
    assert (graded.response, graded.sequence, graded.fraction) == ("wrench", 1, 1)


def test_the_server_deadline_closes_the_attempt_with_the_answers_saved_in_time(quiz, trainee):
    quiz.time_limit_minutes = 10
    quiz.save()
    start = timezone.now() - timedelta(minutes=30)
    attempt, _ = attempt_start(quiz=quiz, user=trainee, language="es", now=start)
    assert attempt.deadline == start + timedelta(minutes=10)
    _save(attempt, 1, "wrench", 1, now=start + timedelta(minutes=5))
    _save(attempt, 2, "25", 1, now=attempt.deadline + timedelta(seconds=10))  # within grace
    with pytest.raises(AttemptClosed) as error:
        _save(attempt, 1, "hammer", 2)  # twenty minutes late
    assert "Time is up" in error.value.message
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.GRADED
    assert attempt.closed_by == Attempt.Closure.DEADLINE
    assert attempt.submitted_at == attempt.deadline
    assert attempt.score == Decimal("100.00")
    assert Answer.objects.get(attempt=attempt, position=1).response == "wrench"


def test_a_save_to_an_attempt_erased_since_its_start_is_not_found(quiz, trainee):
    """The process remembers the attempt's frozen facts from its start (services.frozen);
    once the attempt is gone a save finds nothing, as it would without them."""
    attempt, _ = attempt_start(quiz=quiz, user=trainee, language="es")
    assert _save(attempt, 1, "wrench", 1).saved
    Attempt.objects.filter(pk=attempt.pk).delete()

    with pytest.raises(AttemptError) as error:
        _save(attempt, 1, "hammer", 2)

    assert error.value.status == 404


def test_attempts_of_the_same_quiz_share_each_item_text_in_memory(quiz, trainee):
    """A cohort sits the same quiz: the facts the process remembers for each trainee's saves
    hold one copy of each item version's content, not one per attempt."""
    first, _ = attempt_start(quiz=quiz, user=trainee, language="es")
    other = trainee_in(quiz.course)
    second, _ = attempt_start(quiz=quiz, user=other, language="es")
    remembered = [
        frozen_attempt(user_id=attempt.user_id, public_id=attempt.public_id)
        for attempt in (first, second)
    ]
    assert all(remembered)
    one, two = (facts.answers for facts in remembered)
    assert one.keys() == two.keys() and len(one) == 2
    assert all(one[position][2] is two[position][2] for position in one)
    assert _save(second, 1, "wrench", 1).saved  # and the saves read them as before


def test_the_close_date_caps_the_deadline(quiz, trainee):
    quiz.time_limit_minutes = 60
    quiz.closes_at = timezone.now() + timedelta(minutes=5)
    quiz.save()
    attempt, _ = attempt_start(quiz=quiz, user=trainee, language="es")
    assert attempt.deadline == quiz.closes_at


def test_double_submit_grades_once_and_later_saves_are_refused(quiz, trainee):
    attempt, _ = attempt_start(quiz=quiz, user=trainee, language="es")
    _save(attempt, 1, "wrench", 1)
    first, closed_first = attempt_submit(public_id=attempt.public_id, user=trainee)
    second, closed_second = attempt_submit(public_id=attempt.public_id, user=trainee)
    assert (closed_first, closed_second) == (True, False)
    assert first.submitted_at == second.submitted_at
    assert second.score == Decimal("50.00") and second.passed is False
    with pytest.raises(AttemptClosed):
        _save(attempt, 2, "25", 5)


def test_start_resumes_the_attempt_in_progress_and_the_database_forbids_two(quiz, trainee):
    first, created = attempt_start(quiz=quiz, user=trainee, language="es")
    again, created_again = attempt_start(quiz=quiz, user=trainee, language="en")
    assert created and not created_again and again.pk == first.pk
    with pytest.raises(IntegrityError), transaction.atomic():
        Attempt.objects.create(
            quiz=quiz,
            user=trainee,
            number=2,
            language="es",
            started_at=timezone.now(),
            max_points=1,
        )


def test_attempt_rules_attempts_allowed_wait_and_enrollment(quiz, trainee):
    quiz.attempts_allowed = 1
    quiz.save()
    attempt, _ = attempt_start(quiz=quiz, user=trainee, language="es")
    attempt_submit(public_id=attempt.public_id, user=trainee)
    with pytest.raises(AttemptError, match="all the attempts"):
        attempt_start(quiz=quiz, user=trainee, language="es")
    quiz.attempts_allowed, quiz.wait_minutes = 0, 60
    quiz.save()
    with pytest.raises(AttemptError, match="try again after"):
        attempt_start(quiz=quiz, user=trainee, language="es")
    from tests.factories.accounts import UserFactory

    with pytest.raises(AttemptError, match="Enroll"):
        attempt_start(quiz=quiz, user=UserFactory(), language="es")


def test_an_untranslated_fixed_item_keeps_the_quiz_from_starting_in_that_language():
    item = make_item("single", stem_en="")
    quiz = quiz_with([item])
    user = trainee_in(quiz.course)
    with pytest.raises(AttemptError, match="not yet available in this language"):
        attempt_start(quiz=quiz, user=user, language="en")
    attempt, _ = attempt_start(quiz=quiz, user=user, language="es")
    assert attempt.answers.get().item_version.languages == ["es"]


def test_random_draws_by_criterion_skip_untranslated_items_and_freeze_the_draw():
    from assessments.models import QuizSlot
    from tests.factories.assessments import QuizFactory

    criterion = CriterionFactory()
    translated = [make_item("single", criterion=criterion) for _ in range(3)]
    make_item("single", criterion=criterion, stem_en="")  # never drawn in English
    make_item("single")  # measures nothing: never drawn
    quiz = QuizFactory()
    QuizSlot.objects.create(quiz=quiz, draw_count=3, draw_criterion=criterion)
    user = trainee_in(quiz.course)
    attempt, _ = attempt_start(quiz=quiz, user=user, language="en")
    drawn = {a.item_version.item_id for a in attempt.answers.select_related("item_version")}
    assert drawn == {item.pk for item in translated}
    QuizSlot.objects.filter(quiz=quiz).update(draw_count=5)
    assert attempt.answers.count() == 3


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises writers; parallel connections need PostgreSQL",
)


# Real commits, so threads with their own connections see the rows; the migrations' rows
# (locales, role groups) are restored from the database serialized at set-up. The marker
# (not the ``django_db_serialized_rollback`` fixture) is what makes pytest-django serialize
# the database when it creates it; the module's plain ``django_db`` marker would win over
# the fixture and leave nothing to restore after the first transactional test.
parallel_db = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@postgresql_only
@parallel_db
def test_concurrent_submits_on_postgresql_grade_exactly_once():
    quiz = quiz_with([make_item("single"), make_item("numeric")])
    user = trainee_in(quiz.course)
    attempt, _ = attempt_start(quiz=quiz, user=user, language="es")
    _save(attempt, 1, "wrench", 1)
    barrier, outcomes, errors = threading.Barrier(8), [], []

    def submit():
        from django.db import connections

        try:
            barrier.wait()
            outcomes.append(attempt_submit(public_id=attempt.public_id, user=user)[1])
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(outcomes) == [False] * 7 + [True]
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.GRADED and attempt.score == Decimal("50.00")


@postgresql_only
@parallel_db
def test_concurrent_saves_and_submit_on_postgresql_lose_no_graded_answer():
    quiz = quiz_with([make_item("single") for _ in range(6)])
    user = trainee_in(quiz.course)
    attempt, _ = attempt_start(quiz=quiz, user=user, language="es")
    barrier = threading.Barrier(7)

    def save(position):
        from django.db import connections

        barrier.wait()
        try:
            _save(attempt, position, "wrench", 1)
        except AttemptClosed:
            pass
        finally:
            connections.close_all()

    def submit():
        from django.db import connections

        barrier.wait()
        attempt_submit(public_id=attempt.public_id, user=user)
        connections.close_all()

    threads = [threading.Thread(target=save, args=(p,)) for p in range(1, 7)]
    threads.append(threading.Thread(target=submit))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Every save that landed was graded: none slipped in after grading.
    for answer in Answer.objects.filter(attempt=attempt):
        assert (answer.response == "wrench") == (answer.fraction == 1)


@postgresql_only
@parallel_db
def test_a_save_waiting_for_a_submit_in_progress_finds_the_attempt_closed():
    """The save's UPDATE locks the attempt row, so it queues behind a submit holding it and
    then sees the submitted status (without the lock it would slip in after grading)."""
    quiz = quiz_with([make_item("single")])
    user = trainee_in(quiz.course)
    attempt, _ = attempt_start(quiz=quiz, user=user, language="es")
    locked, outcome = threading.Event(), []

    def submit_slowly():
        from django.db import connections

        try:
            with transaction.atomic():
                Attempt.objects.select_for_update().get(pk=attempt.pk)
                locked.set()
                time.sleep(0.5)  # the save is now waiting for this lock
                Attempt.objects.filter(pk=attempt.pk).update(
                    status=Attempt.Status.SUBMITTED, submitted_at=timezone.now()
                )
        finally:
            connections.close_all()

    def save():
        from django.db import connections

        locked.wait()
        try:
            outcome.append(_save(attempt, 1, "wrench", 1))
        except AttemptClosed as error:
            outcome.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit_slowly), threading.Thread(target=save)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(outcome) == 1 and isinstance(outcome[0], AttemptClosed)
    assert Answer.objects.get(attempt=attempt, position=1).response is None
