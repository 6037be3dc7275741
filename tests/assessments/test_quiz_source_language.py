"""A quiz's source language is its own data: its title is required in that language only."""

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

import pytest
from bs4 import BeautifulSoup

from accounts.roles import Role
from assessments.models import Quiz
from tests.cms.admin_forms import form_data, form_errors
from tests.factories.accounts import UserFactory
from tests.factories.assessments import CourseFactory, QuizFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ADD = "wagtailsnippets_assessments_quiz:add"


@pytest.fixture
def instructor(client):
    from wagtail.users.models import UserProfile

    user = UserFactory(roles=[Role.INSTRUCTOR])
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    return client


def _errors_on(html: bytes, field: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    wrapper = soup.find(id=f"id_{field}").find_parent(class_="w-field__wrapper")
    return " ".join(" ".join(n.get_text().split()) for n in wrapper.select(".error-message"))


def _add_quiz(client, **changes):
    course = CourseFactory()
    page = client.get(reverse(ADD))
    assert page.status_code == 200
    data = form_data(page.content)
    data.update({"code": ["english-quiz"], "course": [str(course.pk)]})
    data.update({key: [value] for key, value in changes.items()})
    return client.post(reverse(ADD), data)


def test_only_the_source_language_title_of_a_quiz_is_required():
    course = CourseFactory()
    QuizFactory.build(course=course, source_language="en", title_es="").full_clean()
    with pytest.raises(ValidationError) as refused:
        QuizFactory.build(course=course, source_language="en", title_en="").full_clean()
    assert refused.value.message_dict == {"title_en": ["Required in the source language."]}


def test_an_english_quiz_falls_back_to_english_while_spanish_is_missing():
    quiz = QuizFactory(source_language="en", title_es="", title_en="Torque quiz")
    with translation.override("es"):
        assert quiz.title == "Torque quiz"
    assert QuizFactory(title_en="").source_language == "es"  # the default, as before


def test_the_quiz_admin_accepts_an_english_only_quiz(instructor):
    response = _add_quiz(instructor, source_language="en", title_en="Torque quiz")

    assert response.status_code == 302, form_errors(response.content)
    quiz = Quiz.objects.get(code="english-quiz")
    assert (quiz.source_language, quiz.title_es, quiz.title_en) == ("en", "", "Torque quiz")


def test_the_quiz_admin_refuses_an_english_quiz_without_an_english_title(instructor):
    response = _add_quiz(instructor, source_language="en", title_es="Evaluación de apriete")

    assert response.status_code == 200
    assert _errors_on(response.content, "title_en") == "Required in the source language."
    assert not Quiz.objects.filter(code="english-quiz").exists()
    assert form_data(response.content)["title_es"] == ["Evaluación de apriete"]
