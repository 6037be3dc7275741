import csv
import io

import pytest

from accounts.roles import Role
from courses.models import Enrollment, ModuleProgress
from courses.services import REFLECTION_MAX_LENGTH, enrollment_create, module_progress_complete
from tests.factories import UserFactory
from tests.factories.courses import CohortFactory

pytestmark = pytest.mark.django_db


def test_enroll_then_progress_survives_a_language_switch(client, tree):
    trainee = UserFactory()
    client.force_login(trainee)
    es_page, en_page = tree["modules"]["es"][0], tree["modules"]["en"][0]

    client.post("/es/learning/enroll/", {"course": tree["course"].pk, "next": "/es/"})
    client.post("/es/learning/modules/complete/", {"module_key": es_page.translation_key})

    switch = client.get(f"/language/en/?next={es_page.url}&page={es_page.pk}")
    assert switch.url == en_page.url
    response = client.get(switch.url)
    assert "Module 1" in response.text
    assert "You completed this module." in response.text
    assert ModuleProgress.objects.filter(completed_at__isnull=False).count() == 1


def test_enrolling_in_a_closed_course_shows_a_message(client, tree):
    course = tree["course"]
    course.is_open = False
    course.save()
    client.force_login(UserFactory())

    response = client.post(
        "/en/learning/enroll/", {"course": course.pk, "next": "/en/"}, follow=True
    )

    assert "This course is closed" in response.text
    assert not Enrollment.objects.exists()


def test_progress_refused_when_not_enrolled(client, tree):
    client.force_login(UserFactory())
    response = client.post(
        "/en/learning/modules/complete/",
        {"module_key": tree["modules"]["es"][0].translation_key, "next": "/en/"},
        follow=True,
    )
    assert "Enroll in the course first" in response.text
    assert not ModuleProgress.objects.exists()


def test_too_long_reflection_is_shown_back(client, tree):
    trainee = UserFactory()
    enrollment_create(user=trainee, course=tree["course"])
    client.force_login(trainee)
    text = "mi respuesta " * (REFLECTION_MAX_LENGTH // 10)

    response = client.post(
        "/es/learning/modules/reflection/",
        {"module_key": tree["modules"]["es"][0].translation_key, "block_id": "b1", "answer": text},
    )

    assert response.status_code == 400
    assert text.strip() in response.text
    assert "no se guardó" in response.text.lower() or "not saved" in response.text.lower()


def test_cohort_csv_lists_trainees_and_completion(client, tree):
    instructor = UserFactory(roles=[Role.INSTRUCTOR])
    cohort = CohortFactory(course=tree["course"])
    cohort.instructors.add(instructor)
    done = UserFactory(first_name="Ana", last_name="Ruiz")
    idle = UserFactory(first_name="Beto", last_name="Soto")
    for trainee in (done, idle):
        enrollment_create(user=trainee, course=cohort.course, cohort=cohort, enrolled_by=instructor)
    for page in tree["modules"]["es"]:
        module_progress_complete(user=done, module_key=page.translation_key)

    client.force_login(UserFactory(roles=[Role.INSTRUCTOR]))
    assert client.get(f"/en/learning/cohorts/{cohort.pk}/").status_code == 403

    client.force_login(instructor)
    response = client.get(f"/en/learning/cohorts/{cohort.pk}/?format=csv")
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))

    assert rows[0][:4] == ["Trainee", "E-mail", "Module 1", "Module 2"]
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Ana Ruiz"][4] == "2/2" and by_name["Ana Ruiz"][5]
    assert by_name["Beto Soto"][2:5] == ["", "", "0/2"]


def _reflection_block_id(page) -> str:
    return next(block.id for block in page.body if block.block_type == "reflection")


def test_a_reflection_typed_but_not_saved_is_saved_by_marking_the_module_done(client, tree):
    trainee = UserFactory()
    enrollment_create(user=trainee, course=tree["course"])
    client.force_login(trainee)
    page = tree["modules"]["es"][0]
    block_id = _reflection_block_id(page)

    response = client.post(
        "/es/learning/modules/complete/",
        {
            "module_key": page.translation_key,
            "next": "/es/",
            f"reflection:{block_id}": "Ahora retiro las llaves sin etiqueta.",
        },
    )

    assert response.status_code == 302
    progress = ModuleProgress.objects.get(enrollment__user=trainee)
    assert progress.completed_at is not None
    assert progress.reflections == {block_id: "Ahora retiro las llaves sin etiqueta."}


def test_a_refused_reflection_stops_marking_done_and_is_shown_back(client, tree):
    trainee = UserFactory()
    enrollment_create(user=trainee, course=tree["course"])
    client.force_login(trainee)
    page = tree["modules"]["es"][0]
    text = "mi respuesta " * (REFLECTION_MAX_LENGTH // 10)

    response = client.post(
        "/es/learning/modules/complete/",
        {
            "module_key": page.translation_key,
            "next": "/es/",
            f"reflection:{_reflection_block_id(page)}": text,
        },
    )

    assert response.status_code == 400
    assert text.strip() in response.text
    assert not ModuleProgress.objects.filter(completed_at__isnull=False).exists()


@pytest.mark.parametrize(
    ("language", "heading", "home"),
    [
        ("es", "No puedes abrir esta página", "Ir a la página de inicio"),
        ("en", "You cannot open this page", "Go to the home page"),
    ],
)
def test_a_trainee_refused_a_staff_page_gets_it_said_in_their_language(
    client, home_pages, language, heading, home
):
    client.force_login(UserFactory())
    cohort = CohortFactory()

    response = client.get(f"/{language}/learning/cohorts/{cohort.pk}/")

    assert response.status_code == 403
    page = response.content.decode()
    assert f'<html lang="{language}"' in page
    assert heading in page and home in page
    assert "403 Forbidden" not in page
    assert ("You cannot" in page) == (language == "en")  # no mixed languages


def test_an_expired_form_is_explained_not_a_bare_403(home_pages):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())

    response = client.post("/en/learning/modules/complete/", {"module_key": "x"})

    assert response.status_code == 403
    assert "The form expired" in response.content.decode()


def test_cohort_grid_pages_keep_the_filter_and_cost_the_same_queries(
    client, tree, monkeypatch, django_assert_num_queries
):
    """A page of trainees at a time; the filter and search travel with the page links, and a
    page costs the same queries with 3 trainees as with 1 (no query per row)."""
    from courses import views

    instructor = UserFactory(roles=[Role.INSTRUCTOR])
    cohort = CohortFactory(course=tree["course"])
    cohort.instructors.add(instructor)
    names = [("Ana", "Ruiz"), ("Beto", "Soto"), ("Carla", "Toro"), ("Dora", "Vera")]
    trainees = [UserFactory(first_name=first, last_name=last) for first, last in names]
    for trainee in trainees:
        enrollment_create(user=trainee, course=cohort.course, cohort=cohort, enrolled_by=instructor)
    for trainee in trainees[:3]:
        module_progress_complete(user=trainee, module_key=tree["modules"]["es"][0].translation_key)
    client.force_login(instructor)
    url = f"/en/learning/cohorts/{cohort.pk}/"
    client.get(url)
    monkeypatch.setattr(views, "COHORT_GRID_PAGE", 1)
    with django_assert_num_queries(COHORT_GRID_QUERIES):
        one = client.get(url, {"status": "in_progress"}).text
    monkeypatch.setattr(views, "COHORT_GRID_PAGE", 3)
    with django_assert_num_queries(COHORT_GRID_QUERIES):
        three = client.get(url, {"status": "in_progress"}).text
    assert "Ana Ruiz" in one and "Beto Soto" not in one
    assert "Showing 1–1 of 3" in one and "?status=in_progress&amp;page=2" in one
    assert all(name in three for name in ("Ana Ruiz", "Beto Soto", "Carla Toro"))
    assert "Dora Vera" not in three  # not started
    monkeypatch.setattr(views, "COHORT_GRID_PAGE", 1)
    second = client.get(url, {"status": "in_progress", "page": 2}).text
    assert "Beto Soto" in second and "Ana Ruiz" not in second
    export = client.get(url, {"status": "in_progress", "format": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["Ana Ruiz", "Beto Soto", "Carla Toro"]


# session, user, cohort, visibility, modules and their links, count, page, their progress…
COHORT_GRID_QUERIES = 10
