"""The item bank in the Wagtail admin: permissions, preview in both languages, validation."""

from django.test import RequestFactory
from django.urls import reverse

import pytest

from accounts.roles import Role
from assessments.models import Item
from assessments.services import item_content, item_problems
from competencies import coverage
from tests.factories.accounts import UserFactory
from tests.factories.assessments import ALL_KINDS, CriterionFactory, make_item

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.INSTRUCTOR, Role.ADMINISTRATOR])
def test_instructors_and_administrators_manage_items_and_quizzes(client, role):
    item = make_item("single")
    client.force_login(UserFactory(roles=[role]))
    for name in ("item", "quiz"):
        listing = client.get(reverse(f"wagtailsnippets_assessments_{name}:list"))
        assert listing.status_code == 200
        assert client.get(reverse(f"wagtailsnippets_assessments_{name}:add")).status_code == 200
    edit = client.get(reverse("wagtailsnippets_assessments_item:edit", args=[item.pk]))
    assert edit.status_code == 200


def test_trainees_cannot_open_the_item_bank(client):
    client.force_login(UserFactory(roles=[Role.TRAINEE]))
    response = client.get(reverse("wagtailsnippets_assessments_item:list"))
    assert response.status_code in (302, 403)


@pytest.mark.parametrize(("mode", "text"), [("es", "Torquímetro"), ("en", "Torque wrench")])
def test_the_preview_shows_the_item_as_a_trainee_sees_it_in_either_language(mode, text):
    item = make_item("single")
    request = RequestFactory().get("/")
    request.user = UserFactory(roles=[Role.INSTRUCTOR])
    html = item.serve_preview(request, mode).render().content.decode()
    assert text in html and 'type="radio"' in html and "<legend>" in html


def test_the_preview_flags_a_missing_translation():
    item = make_item("matching", stem_en="")
    request = RequestFactory().get("/")
    request.user = UserFactory(roles=[Role.INSTRUCTOR])
    html = item.serve_preview(request, "en").render().content.decode()
    assert "not fully translated" in html
    assert item.missing_languages() == ["en"]


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_every_factory_item_is_well_formed(kind):
    assert item_problems(item_content(make_item(kind))) == []


def test_a_single_choice_item_with_two_correct_options_is_refused():
    item = make_item("single")
    item.options.filter(key="hammer").update(is_correct=True)
    item = Item.objects.get(pk=item.pk)
    assert item_problems(item_content(item)) == [
        "Un reactivo de opción única necesita exactamente una opción correcta."
    ]


def test_items_measuring_a_criterion_reach_the_competencies_coverage_report():
    criterion = CriterionFactory()
    make_item("numeric", criterion=criterion, name="Conversión de par")
    links = coverage.items_measuring([criterion.pk, 999999])
    assert [link.title for link in links[criterion.pk]] == ["Conversión de par"]
    assert links[999999] == [] and links[criterion.pk][0].is_public is False
