"""The item bank in the Wagtail admin: permissions, preview in both languages, validation."""

import json

from django.test import RequestFactory
from django.urls import reverse
from django.utils.html import strip_tags

from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

import pytest

from accounts.roles import Role
from assessments.models import Item, Quiz
from assessments.selectors import items_measuring_criteria
from assessments.services import item_content, item_problems
from tests.cms.admin_forms import add_inline, form_data, form_errors
from tests.factories.accounts import UserFactory
from tests.factories.assessments import ALL_KINDS, CourseFactory, CriterionFactory, make_item

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


def test_items_measuring_a_criterion_reach_the_coverage_report():
    criterion = CriterionFactory()
    make_item("numeric", criterion=criterion, name="Conversión de par")
    links = items_measuring_criteria([criterion.pk, 999999])
    assert [link.title for link in links[criterion.pk]] == ["Conversión de par"]
    assert 999999 not in links and links[criterion.pk][0].is_public is False


# The item screens as an instructor uses them: the rendered form, posted as the page has it.


@pytest.fixture
def instructor(client):
    client.force_login(UserFactory(roles=[Role.INSTRUCTOR]))
    return client


def _edit_url(item):
    return reverse("wagtailsnippets_assessments_item:edit", args=[item.pk])


def _saved(item, *, keys: bool = True) -> dict:
    """The item's content as trainees are served it, rich text reduced to its words (Draftail
    adds block keys to the markup it saves), and option keys left out when ``keys`` is
    false (a new copy cannot share them)."""
    content = item_content(Item.objects.get(pk=item.pk))
    for field in ("stem", "explanation"):
        content[field] = {lang: strip_tags(html) for lang, html in content[field].items()}
    if not keys:
        content["key"] = None
        content["options"] = [
            {k: v for k, v in option.items() if k != "key"} for option in content["options"]
        ]
    return content


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_an_unchanged_item_of_every_kind_saves_from_its_edit_screen(instructor, kind):
    item = make_item(kind, criterion=CriterionFactory())
    before = _saved(item)
    page = instructor.get(_edit_url(item))

    response = instructor.post(_edit_url(item), form_data(page.content))

    assert response.status_code == 302, form_errors(response.content)
    assert _saved(item) == before


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_an_item_of_every_kind_is_created_with_its_options_image_and_criteria(instructor, kind):
    """The add screen, filled in with what the edit screen of a complete item shows."""
    criterion = CriterionFactory()
    model = make_item(kind, criterion=criterion, name="Modelo")
    image = Image.objects.create(title="Torquímetro", file=get_test_image_file())
    data = form_data(instructor.get(_edit_url(model)).content)
    add_url = reverse("wagtailsnippets_assessments_item:add")
    blank = instructor.get(add_url).content
    data = {name: value for name, value in data.items() if not name.endswith("-id")}
    data |= {
        "csrfmiddlewaretoken": form_data(blank)["csrfmiddlewaretoken"],
        "options-INITIAL_FORMS": ["0"],
        "criteria-INITIAL_FORMS": ["0"],
        "name": ["Nuevo"],
        "image": [str(image.pk)],
        "image_alt_es": ["Un torquímetro"],
        "image_alt_en": ["A torque wrench"],
    }

    response = instructor.post(add_url, data)

    assert response.status_code == 302, form_errors(response.content)
    created = Item.objects.get(name="Nuevo")
    assert created.image == image and created.image_alt_en == "A torque wrench"
    alt = {"es": "Un torquímetro", "en": "A torque wrench"}
    assert _saved(created, keys=False) == {
        **_saved(model, keys=False),
        "image": {"id": image.pk, "alt": alt},
    }
    assert list(created.criteria.values_list("criterion", flat=True)) == [criterion.pk]


def test_an_instructor_adds_an_option_with_feedback_and_a_criterion_to_an_item(instructor):
    item = make_item("multiple")
    criterion = CriterionFactory()
    page = instructor.get(_edit_url(item)).content
    data = form_data(page)
    data = add_inline(
        page,
        data,
        "options",
        {
            "text_es": "Llave dinamométrica",
            "text_en": "Click wrench",
            "is_correct": True,
            "feedback_es": "También controla el par",
            "feedback_en": "It controls torque too",
        },
    )
    data = add_inline(page, data, "criteria", {"criterion": criterion.pk, "weight": "0.5"})

    response = instructor.post(_edit_url(item), data)

    assert response.status_code == 302, form_errors(response.content)
    added = item.options.get(text_es="Llave dinamométrica")
    assert added.is_correct and added.feedback_en == "It controls torque too"
    assert added.sort_order == 4 and item.options.count() == 5
    assert str(item.criteria.get().weight) == "0.500"


def test_a_single_choice_item_given_two_correct_options_is_refused_and_nothing_is_lost(
    instructor,
):
    item = make_item("single")
    page = instructor.get(_edit_url(item))
    data = form_data(page.content)
    hammer = next(n for n, v in data.items() if v == ["Martillo"]).replace("text_es", "")
    data[f"{hammer}is_correct"] = ["on"]
    data["name"] = ["Renombrado"]

    response = instructor.post(_edit_url(item), data)

    assert response.status_code == 200
    # The instructor works in Spanish (their preferred language): the message is Spanish.
    assert "Un reactivo de opción única necesita exactamente una opción correcta." in " ".join(
        form_errors(response.content)
    )
    # The author's edits are still on the screen, and the saved item is unchanged.
    assert form_data(response.content)["name"] == ["Renombrado"]
    assert form_data(response.content)[f"{hammer}is_correct"] == ["on"]
    item.refresh_from_db()
    assert item.name != "Renombrado"
    assert list(item.options.filter(is_correct=True).values_list("key", flat=True)) == ["wrench"]


def test_an_option_form_error_is_shown_on_the_option_not_a_server_error(instructor):
    item = make_item("situational")
    page = instructor.get(_edit_url(item))
    data = form_data(page.content)
    data["options-0-weight"] = ["7"]

    response = instructor.post(_edit_url(item), data)

    assert response.status_code == 200
    assert form_errors(response.content)


@pytest.mark.parametrize(
    ("mode", "text"), [("es", "Torquímetro calibrado"), ("en", "Calibrated torque wrench")]
)
def test_the_live_preview_renders_an_edited_item(instructor, mode, text):
    item = make_item("single")
    data = form_data(instructor.get(_edit_url(item)).content)
    data["options-0-text_en"] = ["Calibrated torque wrench"]
    data["options-0-text_es"] = ["Torquímetro calibrado"]
    url = reverse("wagtailsnippets_assessments_item:preview_on_edit", args=[item.pk])

    state = instructor.post(url, data).json()
    preview = instructor.get(url, {"mode": mode})

    assert state == {"is_valid": True, "is_available": True}
    assert preview.status_code == 200 and text in preview.content.decode()
    assert item.options.get(key="wrench").text_en == "Torque wrench"  # a preview saves nothing


@pytest.mark.parametrize(("mode", "text"), [("es", "Cuál"), ("en", "Which")])
def test_the_live_preview_renders_a_new_unsaved_item(instructor, mode, text):
    add_url = reverse("wagtailsnippets_assessments_item:add")
    page = instructor.get(add_url).content
    data = form_data(page)
    data |= {
        "name": ["Borrador"],
        "kind": ["true_false"],
        "stem_es": [_rich("¿Cuál es verdadero? El par se mide en N·m.")],
        "stem_en": [_rich("Which is true? Torque is measured in N·m.")],
    }
    url = reverse("wagtailsnippets_assessments_item:preview_on_add")

    state = instructor.post(url, data).json()
    preview = instructor.get(url, {"mode": mode})

    assert state == {"is_valid": True, "is_available": True}
    assert preview.status_code == 200 and text in preview.content.decode()
    assert not Item.objects.filter(name="Borrador").exists()


def _rich(text: str) -> str:
    """Draftail's value for one paragraph, as its hidden input submits it."""
    block = {"key": "a1b2c", "type": "unstyled", "depth": 0, "text": text}
    block |= {"inlineStyleRanges": [], "entityRanges": []}
    return json.dumps({"blocks": [block], "entityMap": {}})


def test_a_quiz_created_in_the_admin_stays_unpublished_and_optional_until_its_author_says(
    instructor,
):
    item = make_item("single")
    course = CourseFactory()
    add_url = reverse("wagtailsnippets_assessments_quiz:add")
    page = instructor.get(add_url).content
    data = form_data(page)
    data |= {"code": ["torque-borrador"], "course": [str(course.pk)], "title_es": ["Borrador"]}
    data = add_inline(page, data, "slots", {"item": item.pk})

    response = instructor.post(add_url, data)

    assert response.status_code == 302, form_errors(response.content)
    quiz = Quiz.objects.get(code="torque-borrador")
    assert (quiz.is_active, quiz.is_required) == (False, False)
    assert list(quiz.slots.values_list("item", flat=True)) == [item.pk]

    edit_url = reverse("wagtailsnippets_assessments_quiz:edit", args=[quiz.pk])
    data = form_data(instructor.get(edit_url).content)
    data |= {"is_active": ["on"], "is_required": ["on"]}
    assert instructor.post(edit_url, data).status_code == 302
    quiz.refresh_from_db()
    assert (quiz.is_active, quiz.is_required) == (True, True)
