"""Courses and cohorts in the Wagtail admin, driven through their real forms."""

import pytest

from accounts.roles import Role
from courses.models import Cohort, Course, Enrollment
from tests.factories import UserFactory
from tests.factories.competencies import StandardFactory
from tests.factories.courses import CohortFactory, CourseFactory, EnrollmentFactory

from .conftest import assert_denied
from .html_forms import form_fields, messages_of, options

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def admin(log_in):
    user = UserFactory(roles=[Role.ADMINISTRATOR], preferred_language="en")
    log_in(user)
    return user


def _post(client, url, changes):
    page = client.get(url)
    assert page.status_code == 200
    data = form_fields(page.content)
    data.update(
        {key: value if isinstance(value, list) else [value] for key, value in changes.items()}
    )
    return client.post(url, data)


def test_an_administrator_creates_a_course_from_an_empty_install(client, admin):
    lead = UserFactory(roles=[Role.INSTRUCTOR], first_name="Marta", last_name="Ruiz")
    trainee = UserFactory(first_name="Not", last_name="Staff")
    standard = StandardFactory(code="EC0301")
    page = client.get("/admin/courses/new/")
    assert page.status_code == 200
    leads = options(page.content, "lead_instructors")
    assert any("Marta Ruiz" in label for label in leads)
    assert not any("Not Staff" in label for label in leads)  # only instructors are offered

    response = _post(
        client,
        "/admin/courses/new/",
        {
            "code": "seguridad-lote",
            "title_es": "Seguridad en el lote",
            "title_en": "Shop-floor safety",
            "hours": "12",
            "level": "2",
            "sector": "automotive",
            "skill_focus": "mixed",
            "is_open": [],  # closed: trainees only through cohorts
            "target_standards": [str(standard.pk)],
            "lead_instructors": [str(lead.pk)],
        },
    )
    assert response.status_code == 302, messages_of(response.content)
    course = Course.objects.get(code="seguridad-lote")
    assert (course.title_en, course.hours, course.is_open) == ("Shop-floor safety", 12, False)
    assert list(course.target_standards.all()) == [standard]
    assert list(course.lead_instructors.all()) == [lead]
    assert trainee not in course.lead_instructors.all()

    listing = client.get("/admin/courses/", {"q": "lote"})
    assert b"Shop-floor safety" in listing.content
    filtered = client.get("/admin/courses/", {"sector": "semiconductor"})
    assert b"Shop-floor safety" not in filtered.content


def test_a_course_code_is_unique_and_the_form_says_so(client, admin):
    CourseFactory(code="taken")
    response = _post(
        client,
        "/admin/courses/new/",
        {
            "code": "taken",
            "title_es": "Otro",
            "hours": "4",
            "sector": "automotive",
            "skill_focus": "soft",
        },
    )
    assert response.status_code == 200
    assert any("already exists" in message for message in messages_of(response.content))


def test_instructors_do_not_create_or_edit_courses(client, log_in):
    course = CourseFactory()
    lead = UserFactory(roles=[Role.INSTRUCTOR])
    course.lead_instructors.add(lead)
    log_in(lead)
    assert_denied(client.get("/admin/courses/new/"))
    assert_denied(client.get(f"/admin/courses/edit/{course.pk}/"))


@pytest.fixture
def team():
    course = CourseFactory(title_en="Lockout")
    lead = UserFactory(roles=[Role.INSTRUCTOR], first_name="Lena", last_name="Lead")
    course.lead_instructors.add(lead)
    teacher = UserFactory(roles=[Role.INSTRUCTOR], first_name="Tomás", last_name="Teacher")
    judge = UserFactory(roles=[Role.EVALUATOR], first_name="Eva", last_name="Judge")
    return {"course": course, "lead": lead, "teacher": teacher, "judge": judge}


def test_a_lead_instructor_creates_a_cohort_of_their_course_with_staff_by_role(
    client, log_in, team
):
    other_course = CourseFactory(title_en="Not theirs")
    log_in(team["lead"])
    page = client.get("/admin/cohorts/new/")
    assert page.status_code == 200
    courses = options(page.content, "course")
    assert any("Lockout" in label or "Curso" in label for label in courses if label)
    assert str(other_course.pk) not in courses.values()
    instructors = options(page.content, "instructors")
    evaluators = options(page.content, "evaluators")
    assert any("Tomás Teacher" in label for label in instructors)
    assert not any("Eva Judge" in label for label in instructors)
    assert any("Eva Judge" in label for label in evaluators)
    assert not any("Tomás Teacher" in label for label in evaluators)

    response = _post(
        client,
        "/admin/cohorts/new/",
        {
            "course": str(team["course"].pk),
            "name": "Turno matutino",
            "starts_on": "2026-03-02",
            "ends_on": "2026-05-29",
            "instructors": [str(team["teacher"].pk)],
            "evaluators": [str(team["judge"].pk)],
        },
    )
    assert response.status_code == 302, messages_of(response.content)
    cohort = Cohort.objects.get(name="Turno matutino")
    assert list(cohort.instructors.all()) == [team["teacher"]]
    assert list(cohort.evaluators.all()) == [team["judge"]]
    listing = client.get("/admin/cohorts/")
    assert b"Turno matutino" in listing.content


def test_a_cohort_ending_before_it_starts_is_refused_with_a_message(client, log_in, team):
    log_in(team["lead"])
    response = _post(
        client,
        "/admin/cohorts/new/",
        {
            "course": str(team["course"].pk),
            "name": "Al revés",
            "starts_on": "2026-05-01",
            "ends_on": "2026-04-01",
        },
    )
    assert response.status_code == 200
    assert not Cohort.objects.filter(name="Al revés").exists()


def test_someone_who_teaches_a_cohort_cannot_evaluate_it(client, admin, team):
    both = UserFactory(
        roles=[Role.INSTRUCTOR, Role.EVALUATOR], first_name="Ambos", last_name="Roles"
    )
    cohort = CohortFactory(course=team["course"])
    response = _post(
        client,
        f"/admin/cohorts/edit/{cohort.pk}/",
        {"instructors": [str(both.pk)], "evaluators": [str(both.pk)]},
    )
    assert response.status_code == 200
    assert any("never evaluates" in message for message in messages_of(response.content))
    assert not cohort.evaluators.exists()


def test_an_instructor_of_another_course_is_refused_its_cohorts(client, log_in, team):
    cohort = CohortFactory(course=team["course"])
    outsider = UserFactory(roles=[Role.INSTRUCTOR])
    CourseFactory().lead_instructors.add(outsider)
    log_in(outsider)
    assert_denied(client.get(f"/admin/cohorts/edit/{cohort.pk}/"))
    assert_denied(client.get(f"/admin/cohorts/delete/{cohort.pk}/"))
    assert_denied(client.get(f"/admin/cohorts/{cohort.pk}/trainees/"))
    assert_denied(client.post(f"/admin/cohorts/{cohort.pk}/trainees/enrol/", {"email": "x@y.mx"}))
    assert b"Grupo" not in client.get("/admin/cohorts/").content


def test_a_cohort_instructor_sees_trainees_but_does_not_edit_the_cohort(client, log_in, team):
    cohort = CohortFactory(course=team["course"])
    cohort.instructors.add(team["teacher"])
    log_in(team["teacher"])
    assert client.get(f"/admin/cohorts/{cohort.pk}/trainees/").status_code == 200
    assert_denied(client.get(f"/admin/cohorts/edit/{cohort.pk}/"))
    assert_denied(client.get("/admin/cohorts/new/"))


def test_deleting_a_cohort_asks_first_and_keeps_the_trainees_records(client, log_in, team):
    cohort = CohortFactory(course=team["course"])
    enrollment = EnrollmentFactory(cohort=cohort)
    log_in(team["lead"])
    confirm = client.get(f"/admin/cohorts/delete/{cohort.pk}/")
    assert b"1 trainee is enrolled in this cohort" in confirm.content
    assert Cohort.objects.filter(pk=cohort.pk).exists()  # asking deletes nothing

    response = client.post(f"/admin/cohorts/delete/{cohort.pk}/")
    assert response.status_code == 302
    assert not Cohort.objects.filter(pk=cohort.pk).exists()
    enrollment.refresh_from_db()
    assert enrollment.cohort is None and enrollment.withdrawn_at is None
    assert Enrollment.objects.filter(pk=enrollment.pk, course=team["course"]).exists()
