"""The demo quizzes: every item type, bilingual, mapped to demo criteria, idempotent."""

import pytest

from accounts.demo import seed_people
from assessments.demo import seed_quizzes
from assessments.models import Attempt, Item, Quiz
from assessments.scoring import items as grading
from assessments.services import attempt_answers_save, attempt_start, attempt_submit
from cms.demo.courses import seed_courses
from competencies.demo import seed_standards
from courses import completion
from courses.models import Enrollment

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(home_pages):
    people = seed_people()
    seed_standards()
    seed_courses(people=people)
    return people, seed_quizzes()


def test_the_demo_quizzes_cover_every_item_type_in_both_languages(demo):
    _people, quizzes = demo
    assert set(quizzes) == {"auto-cal-101-final", "semi-cr-101-final"}
    for quiz in quizzes.values():
        items = [slot.item for slot in quiz.slots.select_related("item")]
        assert {item.kind for item in items} == set(Item.Kind.values)
        for item in items:
            assert item.missing_languages() == []
            assert item.criteria.exists(), item.name
    seed_quizzes()
    assert Quiz.objects.count() == 2 and Item.objects.count() == 18


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_demo_trainee_passes_a_demo_quiz_and_completes_its_requirement(demo, language):
    people, quizzes = demo
    from accounts.roles import Role

    trainee = people[Role.TRAINEE]
    quiz = quizzes["auto-cal-101-final"]
    enrollment, _ = Enrollment.objects.get_or_create(user=trainee, course=quiz.course)
    assert completion.REQUIREMENTS._requirements["required-quizzes-passed"](enrollment) is False
    attempt, _ = attempt_start(quiz=quiz, user=trainee, language=language)
    answers = {
        answer.position: (grading.correct_response(answer.content), 1)
        for answer in attempt.answers.select_related("item_version")
    }
    for position, (response, seq) in answers.items():
        if response is None:  # the essay
            answers[position] = ("Qué: dado cambiado; dónde: estación 4; qué se necesita...", 1)
        if isinstance(response, bool):
            answers[position] = ("true" if response else "false", seq)
    outcomes = attempt_answers_save(
        public_id=attempt.public_id, user=trainee, answers=answers, language=language
    )
    assert all(outcome.saved for outcome in outcomes)
    attempt, _ = attempt_submit(public_id=attempt.public_id, user=trainee)
    assert attempt.status == Attempt.Status.SUBMITTED  # the essay awaits its grader
    answer = attempt.answers.get(item_version__content__kind="essay")
    answer.points, answer.fraction = answer.max_points, 1
    answer.save()
    from assessments.services import attempt_recompute

    attempt = attempt_recompute(attempt=attempt)
    assert attempt.passed and attempt.score == 100
    assert completion.REQUIREMENTS._requirements["required-quizzes-passed"](enrollment) is True
