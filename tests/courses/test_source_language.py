"""A course's source language is its own data: its title is required in that language only."""

from django.core.exceptions import ValidationError

import pytest
from bs4 import BeautifulSoup

from accounts.roles import Role
from courses.models import Course
from courses.services import course_save
from tests.factories import UserFactory
from tests.factories.courses import CourseFactory

from .html_forms import form_fields, messages_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def admin(log_in):
    user = UserFactory(roles=[Role.ADMINISTRATOR], preferred_language="en")
    log_in(user)
    return user


def _errors_on(html: bytes, field: str) -> str:
    """The error text shown in the wrapper of ``field`` on the rendered form."""
    soup = BeautifulSoup(html, "html.parser")
    wrapper = soup.find(id=f"id_{field}").find_parent(class_="w-field__wrapper")
    return " ".join(" ".join(n.get_text().split()) for n in wrapper.select(".error-message"))


def _new_course(client, **changes):
    page = client.get("/admin/courses/new/")
    assert page.status_code == 200
    data = form_fields(page.content)
    data.update(
        {
            "code": ["english-first"],
            "title_es": [""],
            "title_en": [""],
            "hours": ["6"],
            "level": ["1"],
            "sector": ["semiconductor"],
            "skill_focus": ["technical"],
        }
    )
    data.update({key: [value] for key, value in changes.items()})
    return client.post("/admin/courses/new/", data)


def test_a_new_course_is_written_in_the_default_language_and_keeps_it():
    course = CourseFactory(title_en="")
    assert course.source_language == "es"
    assert Course.objects.get(pk=course.pk).title == course.title_es


def test_only_the_source_language_title_is_required():
    CourseFactory.build(source_language="en", title_es="", title_en="Cleanroom").full_clean()
    with pytest.raises(ValidationError) as refused:
        CourseFactory.build(
            source_language="en", title_es="Cuarto limpio", title_en=""
        ).full_clean()
    assert refused.value.message_dict == {"title_en": ["Required in the source language."]}
    with pytest.raises(ValidationError) as refused:
        CourseFactory.build(source_language="es", title_es=" ", title_en="Cleanroom").full_clean()
    assert list(refused.value.message_dict) == ["title_es"]


def test_a_course_in_english_reads_english_while_spanish_is_missing():
    from django.utils import translation

    course = CourseFactory(source_language="en", title_es="", title_en="Cleanroom basics")
    with translation.override("es"):
        assert course.title == "Cleanroom basics"
        assert str(course) == "Cleanroom basics"


def test_the_course_service_refuses_a_course_without_its_source_title(admin):
    course = CourseFactory.build(source_language="en", title_es="Sólo español", title_en="")
    with pytest.raises(ValidationError) as refused:
        course_save(course=course, actor=admin)
    assert "title_en" in refused.value.message_dict
    assert not Course.objects.filter(code=course.code).exists()


def test_the_admin_offers_the_source_language_and_accepts_an_english_only_course(client, admin):
    page = client.get("/admin/courses/new/")
    languages = BeautifulSoup(page.content, "html.parser").select(
        'select[name="source_language"] option'
    )
    assert [(o["value"], o.get_text()) for o in languages] == [
        ("es", "Spanish"),
        ("en", "English"),
    ]

    response = _new_course(client, source_language="en", title_en="Cleanroom basics")

    assert response.status_code == 302, messages_of(response.content)
    course = Course.objects.get(code="english-first")
    assert (course.source_language, course.title_es, course.title_en) == (
        "en",
        "",
        "Cleanroom basics",
    )
    listing = client.get("/admin/courses/")
    assert b"Cleanroom basics" in listing.content


def test_the_admin_refuses_an_english_course_without_an_english_title(client, admin):
    response = _new_course(client, source_language="en", title_es="Cuarto limpio")

    assert response.status_code == 200
    assert _errors_on(response.content, "title_en") == "Required in the source language."
    assert _errors_on(response.content, "title_es") == ""
    assert not Course.objects.filter(code="english-first").exists()
    kept = form_fields(response.content)  # what was typed is still there
    assert (kept["title_es"], kept["source_language"]) == (["Cuarto limpio"], ["en"])


def test_an_existing_course_changes_its_source_language_on_its_edit_screen(client, admin):
    course = CourseFactory(title_es="Soldadura", title_en="")
    url = f"/admin/courses/edit/{course.pk}/"
    data = form_fields(client.get(url).content)
    assert data["source_language"] == ["es"]
    data["source_language"] = ["en"]

    refused = client.post(url, data)
    assert _errors_on(refused.content, "title_en") == "Required in the source language."
    course.refresh_from_db()
    assert course.source_language == "es"

    data["title_en"] = ["Welding"]
    assert client.post(url, data).status_code == 302
    course.refresh_from_db()
    assert (course.source_language, course.title_en) == ("en", "Welding")
