"""The demo quizzes: every item type, bilingual, mapped to demo criteria, idempotent."""

from django.utils import translation

import pytest

from accounts.demo import seed_people
from assessments import item_types as grading
from assessments.demo import seed_quizzes
from assessments.models import Attempt, Item, Quiz
from assessments.services import attempt_answers_save, attempt_start, attempt_submit
from cms.demo.courses import seed_courses
from competencies.demo import seed_standards
from courses import completion
from courses.models import Enrollment

pytestmark = pytest.mark.django_db

QUICK_CHECK = "auto-cal-101-quick-check"


@pytest.fixture
def demo(home_pages):
    people = seed_people()
    seed_standards()
    seed_courses(people=people)
    return people, seed_quizzes()


def test_the_demo_quizzes_cover_every_item_type_in_both_languages(demo):
    _people, quizzes = demo
    assert set(quizzes) == {"auto-cal-101-final", "semi-cr-101-final", QUICK_CHECK}
    for quiz in quizzes.values():
        items = [slot.item for slot in quiz.slots.select_related("item")]
        if quiz.code != QUICK_CHECK:
            assert {item.kind for item in items} == set(Item.Kind.values)
        for item in items:
            assert item.missing_languages() == []
            assert item.criteria.exists(), item.name
    seed_quizzes()
    assert Quiz.objects.count() == 3 and Item.objects.count() == 22


def test_the_quick_check_is_graded_at_once_and_points_to_the_module_to_review(demo):
    """Missing the torque questions fails it with a link to the torque module; a retake with
    every answer right passes, and the practice check never blocks finishing the course."""
    people, quizzes = demo
    from accounts.roles import Role
    from assessments.selectors.progress import attempt_breakdown

    trainee = people[Role.TRAINEE]
    quiz = quizzes[QUICK_CHECK]
    assert quiz.module.course == quiz.course and not quiz.is_required
    assert quiz.attempts_allowed == 3 and quiz.wait_minutes == 0

    first = _take(quiz, trainee, wrong={"single", "numeric"})
    assert first.status == Attempt.Status.GRADED and first.passed is False
    assert first.score == 50
    rows = {row.criterion.code: row for row in attempt_breakdown(attempt=first)}
    assert {code for code, row in rows.items() if not row.is_mastered} == {
        "EC9101 E2.4",
        "EC9101 E2.5",
    }
    with translation.override("en"):
        links = attempt_breakdown(attempt=first)
    assert {link.title for row in links if not row.is_mastered for link in row.modules} == {
        "Torque procedures"
    }

    second = _take(quiz, trainee)
    assert second.passed is True and second.score == 100


def _take(quiz, trainee, *, wrong=frozenset()):
    """One attempt in English: every answer right except those of the kinds in ``wrong``."""
    attempt, _ = attempt_start(quiz=quiz, user=trainee, language="en")
    answers = {}
    for answer in attempt.answers.select_related("item_version"):
        content = answer.item_version.content
        response = grading.correct_response(content)
        if content["kind"] in wrong:
            response = WRONG[content["kind"]](content)
        if isinstance(response, bool):
            response = "true" if response else "false"
        answers[answer.position] = (response, answer.sequence + 1)
    attempt_answers_save(public_id=attempt.public_id, user=trainee, answers=answers, language="en")
    attempt, _ = attempt_submit(public_id=attempt.public_id, user=trainee)
    return attempt


WRONG = {
    "single": lambda content: next(o["key"] for o in content["options"] if not o["correct"]),
    "numeric": lambda content: "162.7",  # 120 × 1.356: converted the wrong way round
}


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


# The whole request through the views, on the demo's quick check (its items measure criteria).
# Start: the user, the quiz with the trainee's enrollment, history, the slots with their items
# and the items' latest versions, their options and criteria (2; the versions hold the current
# content, so they are not looked up again); then the attempt and its answers inserted in a
# transaction (4).
START_QUERIES = 10
# Autosave: the user and one conditional UPDATE (the attempt's frozen facts are known from the
# start this process served: assessments.services.frozen); PostgreSQL runs the UPDATE in a
# transaction (2 more) for the attempt's row lock.
AUTOSAVE_QUERIES = 2
# Submit: the user, then a transaction (2) holding the attempt's lock, the answers, one UPDATE
# of grades, the attempt's totals and the standings (the standard's criteria, the candidate's
# attempts, answers, versions and records, one upsert, the removal of stale rows).
SUBMIT_QUERIES = 14


def test_the_demo_quick_check_through_the_views_costs_pinned_queries(
    demo, client, django_assert_num_queries
):
    """Start, one autosave and the submit of a demo quiz whose items measure criteria, each
    a fixed number of queries; the submit keeps the standings equal to a rebuild."""
    from django.db import connection
    from django.urls import reverse

    from accounts.roles import Role
    from assessments.models import CriterionStanding
    from assessments.services.standings import standings_rebuild

    people, quizzes = demo
    trainee, quiz = people[Role.TRAINEE], quizzes[QUICK_CHECK]
    Enrollment.objects.get_or_create(user=trainee, course=quiz.course)
    _take(quiz, trainee)  # the item versions exist, as on any running site
    client.force_login(trainee)
    with translation.override("es"):
        start = reverse("assessments:quiz_start", kwargs={"pk": quiz.pk})
        with django_assert_num_queries(START_QUERIES):
            assert client.post(start).status_code == 302
        attempt = Attempt.objects.get(quiz=quiz, user=trainee, status=Attempt.Status.IN_PROGRESS)
        first = attempt.answers.select_related("item_version").get(position=1)
        response = grading.correct_response(first.content)
        if isinstance(response, bool):
            response = "true" if response else "false"
        autosave = reverse("assessments:attempt_autosave", kwargs={"public_id": attempt.public_id})
        pg = 2 if connection.features.has_select_for_update else 0
        with django_assert_num_queries(AUTOSAVE_QUERIES + pg):
            saved = client.post(autosave, {"position": 1, "seq": 1, "q1": response})
        assert saved.status_code == 200, saved.content
        submit = reverse("assessments:attempt_submit", kwargs={"public_id": attempt.public_id})
        with django_assert_num_queries(SUBMIT_QUERIES):
            assert client.post(submit).status_code == 302
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.GRADED
    standard = CriterionStanding.objects.filter(candidate=trainee).first().standard
    rows = "candidate_id", "criterion_id", "status", "percent", "observed"
    kept = set(CriterionStanding.objects.filter(standard=standard).values_list(*rows))
    standings_rebuild(standard=standard)
    assert kept == set(CriterionStanding.objects.filter(standard=standard).values_list(*rows))
