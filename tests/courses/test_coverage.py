"""The demo courses, read back through the standard's public page and coverage report
(cms.standards, which reads courses.selectors directly)."""

import pytest

from accounts.demo import seed_people
from accounts.roles import Role
from cms.demo.courses import seed_courses
from cms.models import ModulePage
from competencies.demo import seed_standards
from courses.models import Cohort, Course, Enrollment, Module

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    people = seed_people()
    seed_standards()
    seed_courses(people=people)
    return people


def test_demo_is_bilingual_tagged_and_idempotent(demo):
    counts = (Course.objects.count(), Module.objects.count(), ModulePage.objects.count())
    seed_courses(people=demo)

    assert counts == (2, 8, 16)
    assert (Course.objects.count(), Module.objects.count(), ModulePage.objects.count()) == counts
    assert all(module.criteria.exists() for module in Module.objects.all())
    cohort = Cohort.objects.get()
    assert list(cohort.instructors.all()) == [demo[Role.INSTRUCTOR]]
    assert Enrollment.objects.get(cohort=cohort).user == demo[Role.TRAINEE]


def test_standard_page_lists_the_courses_that_prepare_for_it(client, demo):
    response = client.get("/en/standards/conocer-muestra/EC9101/")

    assert response.status_code == 200
    assert "Quality on the automotive assembly line" in response.text
    assert "/en/courses/assembly-line-quality/" in response.text


def test_coverage_report_lists_the_modules_that_teach_each_criterion(client, demo):
    client.force_login(demo[Role.ADMINISTRATOR])

    response = client.get("/es/standards/conocer-muestra/EC9101/coverage/")

    assert response.status_code == 200
    assert "Procedimientos de par de apriete" in response.text
    assert "/es/cursos/calidad-linea-ensamble/par-de-apriete/" in response.text
