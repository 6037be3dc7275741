"""The standings table (``CriterionStanding``): kept by the services that change evidence,
equal to a recomputation from scratch, read by the heatmap in a fixed number of queries."""

import datetime
from decimal import Decimal

from django.urls import reverse

import pytest

from accounts.roles import Role
from assessments.models import CriterionStanding, StandingsBasis
from assessments.services.attempts import (
    attempt_answers_save,
    attempt_start,
    attempt_submit,
)
from assessments.services.evidence import evidence_record
from assessments.services.grading import answer_grade
from assessments.services.standings import standings_rebuild
from tests.factories import evidence as build
from tests.factories.accounts import UserFactory
from tests.factories.assessments import make_item, quiz_with

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def standings(standard) -> set[tuple]:
    return set(
        CriterionStanding.objects.filter(standard=standard).values_list(
            "candidate_id", "criterion_id", "status", "percent", "observed"
        )
    )


def answer_all(attempt, right: bool) -> None:
    answers = {}
    for answer in attempt.answers.select_related("item_version"):
        if answer.kind == "essay":
            answers[answer.position] = ("Documento la contención.", 1)
        else:
            answers[answer.position] = ("wrench" if right else "hammer", 1)
    attempt_answers_save(
        public_id=attempt.public_id, user=attempt.user, answers=answers, language="es"
    )


@pytest.fixture
def course_case():
    standard = build.standard_with_criteria((("knowledge", "performance"),))
    knowledge, performance = build.criteria_of(standard)
    room = build.classroom(standard)
    evaluator = build.evaluator()
    room.cohort.evaluators.add(evaluator)
    quiz = quiz_with(
        [
            make_item("single", criterion=knowledge),
            make_item("single", criterion=knowledge),
            make_item("essay", criterion=knowledge),
        ],
        course=room.course,
    )
    trainees = [build.trainee(first_name=name, last_name="Prueba") for name in ("Ana", "Beto")]
    for trainee in trainees:
        build.enroll(trainee, room)
    return {
        "standard": standard,
        "knowledge": knowledge,
        "performance": performance,
        "room": room,
        "quiz": quiz,
        "evaluator": evaluator,
        "trainees": trainees,
    }


def test_the_services_keep_the_standings_equal_to_a_recomputation(course_case):
    """Attempts submitted, an essay graded by hand, evidence recorded and corrected through
    the services: after each step the table equals what a rebuild from scratch writes."""
    standard, knowledge = course_case["standard"], course_case["knowledge"]
    ana, beto = course_case["trainees"]
    standings_rebuild(standard=standard)  # the (empty) starting point, under today's rules

    def check():
        kept = standings(standard)
        standings_rebuild(standard=standard)
        assert kept == standings(standard)
        return {(row[0], row[1]): row[2:] for row in kept}

    attempt, _ = attempt_start(quiz=course_case["quiz"], user=ana, language="es")
    answer_all(attempt, right=True)
    attempt, _ = attempt_submit(public_id=attempt.public_id, user=ana)
    assert check() == {}  # the essay waits: nothing graded yet, nothing stands
    grader = UserFactory(roles=[Role.ADMINISTRATOR])
    answer_grade(grader=grader, answer=attempt.answers.get(item_version__content__kind="essay"),
                 points=Decimal("0.5"))  # fmt: skip
    table = check()
    assert table[(ana.pk, knowledge.pk)][0] in ("mastered", "not_yet")
    assert (ana.pk, course_case["performance"].pk) not in table  # pending: no row

    other, _ = attempt_start(quiz=course_case["quiz"], user=beto, language="en")
    answer_all(other, right=False)
    attempt_submit(public_id=other.public_id, user=beto)
    answer_grade(grader=grader, answer=other.answers.get(item_version__content__kind="essay"),
                 points=Decimal("0"))  # fmt: skip
    assert check()[(beto.pk, knowledge.pk)] == ("not_yet", 0, False)

    first = evidence_record(
        evaluator=course_case["evaluator"],
        candidate=beto,
        standard=standard,
        criterion=course_case["performance"],
        met=False,
        observed_on=datetime.date(2026, 11, 18),
        place="Taller",
    )
    assert check()[(beto.pk, course_case["performance"].pk)] == ("not_yet", 0, True)
    evidence_record(
        evaluator=course_case["evaluator"],
        candidate=beto,
        standard=standard,
        criterion=course_case["performance"],
        met=True,
        observed_on=datetime.date(2026, 11, 19),
        place="Taller",
        replaces=first,
        correction_reason="Repitió la prueba",
    )
    assert check()[(beto.pk, course_case["performance"].pk)] == ("mastered", 100, True)


def test_a_change_of_rules_rebuilds_the_standings_before_the_heatmap_reads_them(
    client, course_case, django_capture_on_commit_callbacks
):
    """A new threshold: the page notices the digest changed, the rebuild task runs (the
    immediate backend in tests) and the page shows the figures under the new rule."""
    standard, knowledge = course_case["standard"], course_case["knowledge"]
    ana = course_case["trainees"][0]
    attempt, _ = attempt_start(quiz=course_case["quiz"], user=ana, language="es")
    answer_all(attempt, right=True)
    attempt, _ = attempt_submit(public_id=attempt.public_id, user=ana)
    grader = UserFactory(roles=[Role.ADMINISTRATOR])
    answer_grade(
        grader=grader,
        answer=attempt.answers.get(item_version__content__kind="essay"),
        points=Decimal("0"),
    )  # fmt: skip — 2 of 3 points: 66 %
    teacher = build.instructor()
    course_case["room"].cohort.instructors.add(teacher)
    client.force_login(teacher)
    url = reverse("assessments:report_heatmap", args=[course_case["room"].cohort.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert "0 of 2" in client.get(url).text  # 66 % < the default 80 %
    digest = StandingsBasis.objects.get(standard=standard).digest
    knowledge.threshold = Decimal("0.6")
    knowledge.save()
    with django_capture_on_commit_callbacks(execute=True) as rebuilds:
        client.get(url)  # the page finds the rules changed: it enqueues the rebuild
    assert len(rebuilds) == 1
    page = client.get(url).text
    assert "1 of 2" in page  # Ana's 66 % now reaches it
    assert StandingsBasis.objects.get(standard=standard).digest != digest


def test_the_rebuild_command_recomputes_what_was_lost(course_case):
    """Standings deleted behind the services' back come back from the evidence."""
    import io

    from django.core.management import call_command

    ana = course_case["trainees"][0]
    evidence_record(
        evaluator=course_case["evaluator"],
        candidate=ana,
        standard=course_case["standard"],
        criterion=course_case["performance"],
        met=True,
        observed_on=datetime.date(2026, 11, 18),
        place="Taller",
    )
    kept = standings(course_case["standard"])
    assert (ana.pk, course_case["performance"].pk, "mastered", 100, True) in kept
    CriterionStanding.objects.all().delete()
    out, code = io.StringIO(), course_case["standard"].code
    call_command("standings_rebuild", code, stdout=out, stderr=io.StringIO())
    assert standings(course_case["standard"]) == kept
    assert f"{course_case['standard'].code}: " in out.getvalue()
