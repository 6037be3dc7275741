"""Enrolment and cohort services: actors checked in the service, records kept."""

from django.core.exceptions import PermissionDenied, ValidationError

from wagtail.models import ModelLogEntry

import pytest

from accounts.models import User
from accounts.roles import Role
from courses.models import Cohort, Enrollment
from courses.roster import Roster, RosterRow
from courses.selectors import enrollment_for
from courses.services import (
    RosterRefused,
    cohort_delete,
    cohort_save,
    course_save,
    enrollment_bulk_create,
    enrollment_create,
    enrollment_move,
    enrollment_withdraw,
    learner_enrol,
    module_progress_complete,
)
from tests.factories import UserFactory
from tests.factories.courses import CohortFactory, CourseFactory, EnrollmentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def staff():
    course = CourseFactory()
    lead = UserFactory(roles=[Role.INSTRUCTOR])
    course.lead_instructors.add(lead)
    teacher = UserFactory(roles=[Role.INSTRUCTOR])
    cohort = CohortFactory(course=course)
    cohort.instructors.add(teacher)
    outsider = UserFactory(roles=[Role.INSTRUCTOR])
    CourseFactory().lead_instructors.add(outsider)
    return {
        "course": course,
        "cohort": cohort,
        "lead": lead,
        "teacher": teacher,
        "outsider": outsider,
    }


def test_only_administrators_save_courses(staff):
    course = CourseFactory.build(code="nuevo")
    with pytest.raises(PermissionDenied):
        course_save(course=course, actor=staff["lead"])
    admin = UserFactory(roles=[Role.ADMINISTRATOR])
    with pytest.raises(ValidationError) as refused:
        course_save(course=course, actor=admin, lead_instructors=[UserFactory()])
    assert "lead_instructors" in refused.value.message_dict
    saved = course_save(course=course, actor=admin, lead_instructors=[staff["lead"]])
    assert list(saved.lead_instructors.all()) == [staff["lead"]]
    assert ModelLogEntry.objects.filter(action="wagtail.create", object_id=str(saved.pk)).exists()


def test_cohorts_are_saved_by_the_courses_leads_only(staff):
    cohort = CohortFactory.build(course=staff["course"], name="Nuevo")
    for actor in (staff["teacher"], staff["outsider"]):
        with pytest.raises(PermissionDenied):
            cohort_save(cohort=cohort, actor=actor)
    judge = UserFactory(roles=[Role.EVALUATOR])
    saved = cohort_save(cohort=cohort, actor=staff["lead"], evaluators=[judge])
    assert list(saved.evaluators.all()) == [judge]
    with pytest.raises(ValidationError) as refused:
        cohort_save(cohort=saved, actor=staff["lead"], evaluators=[staff["teacher"]])
    assert "Not evaluators" in refused.value.message_dict["evaluators"][0]


def test_a_lead_cannot_move_a_cohort_into_a_course_they_do_not_lead(staff):
    cohort = staff["cohort"]
    cohort.course = CourseFactory()
    with pytest.raises(PermissionDenied):
        cohort_save(cohort=cohort, actor=staff["lead"])
    assert Cohort.objects.get(pk=cohort.pk).course == staff["course"]


def test_cohort_instructors_enrol_outsiders_cannot(staff):
    learner = UserFactory()
    enrollment = enrollment_create(
        user=learner, course=staff["course"], cohort=staff["cohort"], enrolled_by=staff["teacher"]
    )
    assert enrollment.cohort == staff["cohort"]
    with pytest.raises(PermissionDenied):
        learner_enrol(cohort=staff["cohort"], actor=staff["outsider"], email="x@example.mx")
    with pytest.raises(PermissionDenied):
        enrollment_withdraw(enrollment=enrollment, actor=staff["outsider"])
    assert ModelLogEntry.objects.filter(action="courses.enrol").count() == 1


def test_withdrawing_keeps_the_row_stops_study_and_enrolling_again_restores_it(staff, tree):
    course = tree["course"]
    course.is_open = False
    course.save()
    course.lead_instructors.add(staff["lead"])
    cohort = CohortFactory(course=course)
    learner = UserFactory()
    enrollment = enrollment_create(
        user=learner, course=course, cohort=cohort, enrolled_by=staff["lead"]
    )
    first = tree["modules"]["es"][0]
    module_progress_complete(user=learner, module_key=first.translation_key)

    enrollment_withdraw(enrollment=enrollment, actor=staff["lead"])
    enrollment.refresh_from_db()
    assert enrollment.withdrawn_at is not None and enrollment.cohort is None
    assert enrollment.module_progress.count() == 1  # the record stays
    assert enrollment_for(user=learner, course=course) is None
    with pytest.raises(PermissionDenied):  # no more studying
        module_progress_complete(user=learner, module_key=first.translation_key)
    with pytest.raises(ValidationError):  # a closed course: no coming back alone
        enrollment_create(user=learner, course=course)
    with pytest.raises(ValidationError):  # nothing to withdraw twice
        enrollment_withdraw(enrollment=enrollment, actor=staff["lead"])

    again = enrollment_create(user=learner, course=course, cohort=cohort, enrolled_by=staff["lead"])
    assert again.pk == enrollment.pk and again.withdrawn_at is None
    assert again.module_progress.count() == 1


def test_moving_needs_rights_on_both_cohorts_and_the_same_course(staff):
    enrollment = EnrollmentFactory(cohort=staff["cohort"])
    other = CohortFactory(course=staff["course"])
    with pytest.raises(PermissionDenied):  # the teacher does not teach the other cohort
        enrollment_move(enrollment=enrollment, cohort=other, actor=staff["teacher"])
    with pytest.raises(ValidationError):
        enrollment_move(enrollment=enrollment, cohort=CohortFactory(), actor=staff["lead"])
    enrollment_move(enrollment=enrollment, cohort=other, actor=staff["lead"])
    enrollment.refresh_from_db()
    assert enrollment.cohort == other
    assert ModelLogEntry.objects.filter(action="courses.move").count() == 1


def test_deleting_a_cohort_detaches_its_trainees_and_is_for_leads(staff):
    enrollment = EnrollmentFactory(cohort=staff["cohort"])
    with pytest.raises(PermissionDenied):
        cohort_delete(cohort=staff["cohort"], actor=staff["teacher"])
    assert cohort_delete(cohort=staff["cohort"], actor=staff["lead"]) == 1
    enrollment.refresh_from_db()
    assert enrollment.cohort is None and enrollment.course == staff["course"]


def test_bulk_enrolment_is_all_or_nothing(staff):
    UserFactory(email="late@example.mx")  # appears between preview and confirm
    rows = [
        RosterRow(2, "Ana", "Ruiz", "ana@example.mx"),
        RosterRow(3, "", "", "ghost@example.mx"),  # a new account without names
    ]
    with pytest.raises(RosterRefused) as refused:
        enrollment_bulk_create(
            cohort=staff["cohort"], actor=staff["lead"], roster=Roster(rows=rows)
        )
    assert [error.number for error in refused.value.plan.errors] == [3]
    assert not User.objects.filter(email="ana@example.mx").exists()
    with pytest.raises(PermissionDenied):
        enrollment_bulk_create(
            cohort=staff["cohort"], actor=staff["outsider"], roster=Roster(rows=rows[:1])
        )
    plan = enrollment_bulk_create(
        cohort=staff["cohort"], actor=staff["teacher"], roster=Roster(rows=rows[:1])
    )
    assert len(plan.new_accounts) == 1
    assert Enrollment.objects.get(user__email="ana@example.mx").cohort == staff["cohort"]
