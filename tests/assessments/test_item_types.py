"""Item types are plugins: the registry knows the set, each type owns its behaviour.

The last tests define a type here, in the test module ("hotspot": pick the right region
of a picture), register it, and take a quiz of it through the real pages: freezing,
display, its own template, reading the form, normalising and grading all go through the
registry, so no other module had to learn about it.
"""

from copy import deepcopy

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.loader import get_template
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import translation

from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

import pytest

from accounts.roles import Role
from assessments import item_types
from assessments.content import item_content, item_problems, missing_languages
from assessments.item_types.base import ItemType, correct_keys
from assessments.models import Attempt, Item, ItemOption, Quiz
from assessments.scoring.items import grade_single_choice
from tests.cms.admin_forms import form_data
from tests.factories.accounts import UserFactory
from tests.factories.assessments import ALL_KINDS, ItemFactory, make_item, quiz_with, trainee_in

# The stored values and labels authors have always seen: no data migration may be needed.
KINDS = [
    ("single", "Single choice"),
    ("multiple", "Multiple response"),
    ("true_false", "True or false"),
    ("short", "Short answer"),
    ("numeric", "Numeric"),
    ("matching", "Matching"),
    ("ordering", "Ordering"),
    ("essay", "Essay (graded by hand)"),
    ("situational", "Situational judgement"),
]


def test_the_registry_is_the_one_list_of_item_types_and_item_kind_follows_it():
    with translation.override("en"):
        assert [(kind, str(label)) for kind, label in item_types.choices()] == KINDS
        assert [(kind, str(label)) for kind, label in Item.Kind.choices] == KINDS
        field_choices = Item._meta.get_field("kind").choices
        assert [(kind, str(label)) for kind, label in field_choices] == KINDS
    assert [item_type.kind for item_type in item_types.all()] == [kind for kind, _ in KINDS]
    assert Item.Kind.TRUE_FALSE == "true_false" and item_types.get("essay").graded_by_hand
    with translation.override("es"):
        assert str(Item.Kind.SINGLE.label) == "Opción única"
    with pytest.raises(LookupError):
        item_types.get("hotspot")
    with pytest.raises(ValidationError):
        Item._meta.get_field("kind").clean("hotspot", None)


def test_a_kind_that_is_taken_or_too_long_for_the_column_is_refused():
    with pytest.raises(ValueError, match="already registered"):
        item_types.register(item_types.get("single"))
    too_long = type("TooLong", (Hotspot,), {"kind": "drag_and_drop_text"})()
    with pytest.raises(ValueError, match="characters"):
        item_types.register(too_long)
    assert len(item_types.all()) == len(KINDS)


@pytest.mark.parametrize("kind", [kind for kind, _label in KINDS])
def test_every_type_has_its_own_template(kind):
    item_type = item_types.get(kind)
    assert item_type.template == f"assessments/items/types/{kind}.html"
    assert get_template(item_type.template)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ALL_KINDS)
def test_every_type_round_trips_its_correct_response(kind):
    content = item_content(make_item(kind))
    response = item_types.correct_response(content)
    if item_types.get(kind).graded_by_hand:
        assert response is None
        assert item_types.grade(content, "Texto") is None
    else:
        assert item_types.grade(content, item_types.normalize_response(content, response)) == 1
    assert item_types.grade(content, None) == 0


@pytest.mark.django_db
def test_a_new_item_previews_before_its_author_chooses_a_type():
    """The admin's live preview posts the add form as it is, type still blank."""
    item = Item(kind="", name="Nuevo", stem_es="<p>¿Qué herramienta?</p>")
    request = RequestFactory().get("/")
    request.user = UserFactory(roles=[Role.INSTRUCTOR])
    html = item.serve_preview(request, "es").render().content.decode()
    assert "¿Qué herramienta?" in html and 'data-kind=""' in html
    assert item_problems(item_content(item)) == [] and item.missing_languages() == ["en"]


def test_a_response_to_an_unknown_type_is_refused_not_crashed():
    content = {"kind": "retired", "options": []}
    with pytest.raises(item_types.InvalidResponse) as error:
        item_types.normalize_response(content, "a")
    assert error.value.code == "kind"
    assert item_types.grade(content, "a") is None  # left to a human


# --- a type defined here, outside the app ----------------------------------------------


class Hotspot(ItemType):
    """Pick the region of the picture that answers the question; options are the regions."""

    kind = "hotspot"
    label = "Hotspot"

    def problems(self, content):
        problems = []
        if not content.get("image"):
            problems.append("A hotspot item needs a picture.")
        if len(correct_keys(content)) != 1:
            problems.append("Mark exactly one region as correct.")
        return problems

    def grade(self, content, response):
        return grade_single_choice(correct_keys(content), response)

    def correct_response(self, content):
        return correct_keys(content)[0]

    def display(self, question, *, content, response, match_order, text):
        question["regions"] = len(question["options"])


HOTSPOT_TEMPLATE = (
    '<div class="hotspot" data-regions="{{ q.regions }}">{% for o in q.options %}'
    '<label><input type="radio" name="q{{ q.position }}" value="{{ o.key }}"'
    "{% if o.chosen %} checked{% endif %}> {{ o.text }}</label>{% endfor %}</div>"
)


def _with_hotspot_template():
    """The site's template settings plus an in-memory ``types/hotspot.html``."""
    templates = deepcopy(settings.TEMPLATES)
    templates[0]["APP_DIRS"] = False
    templates[0]["OPTIONS"]["loaders"] = [
        (
            "django.template.loaders.locmem.Loader",
            {"assessments/items/types/hotspot.html": HOTSPOT_TEMPLATE},
        ),
        "django.template.loaders.filesystem.Loader",
        "django.template.loaders.app_directories.Loader",
    ]
    return override_settings(TEMPLATES=templates)


@pytest.fixture
def hotspot():
    with item_types.registered(Hotspot()) as item_type, _with_hotspot_template():
        yield item_type
    assert "hotspot" not in [t.kind for t in item_types.all()]


def _hotspot_item(*, image=True, **kwargs) -> Item:
    item = ItemFactory(
        kind="hotspot",
        stem_es="<p>¿Dónde se ajusta el par?</p>",
        stem_en="<p>Where is the torque set?</p>",
        image=Image.objects.create(title="Motor", file=get_test_image_file()) if image else None,
        image_alt_es="Vista del motor",
        image_alt_en="Engine view",
        **kwargs,
    )
    for position, (key, es, en, correct) in enumerate(
        [("bolt", "Tornillo", "Bolt", True), ("hose", "Manguera", "Hose", False)]
    ):
        ItemOption.objects.create(
            item=item, sort_order=position, key=key, text_es=es, text_en=en, is_correct=correct
        )
    return item


@pytest.mark.django_db
def test_a_new_type_is_registered_validated_and_graded_without_touching_other_modules(hotspot):
    assert item_types.get("hotspot") is hotspot
    kind_field = Item._meta.get_field("kind")  # asks the registry: no migration for a new type
    assert ("hotspot", "Hotspot") in kind_field.choices
    assert kind_field.clean("hotspot", None) == "hotspot"
    item = _hotspot_item(image=False)
    content = item_content(item)
    assert content["kind"] == "hotspot" and [o["key"] for o in content["options"]] == [
        "bolt",
        "hose",
    ]
    assert item_problems(content) == ["A hotspot item needs a picture."]
    ItemOption.objects.filter(item=item, key="hose").update(text_en="")
    assert missing_languages(item_content(Item.objects.get(pk=item.pk))) == ["en"]
    assert item_types.normalize_response(content, "bolt") == "bolt"
    with pytest.raises(item_types.InvalidResponse):
        item_types.normalize_response(content, "tampered")
    assert item_types.grade(content, "bolt") == 1 and item_types.grade(content, "hose") == 0


@pytest.mark.django_db
def test_a_trainee_takes_a_quiz_of_a_new_type_through_the_real_pages(client, hotspot):
    item = _hotspot_item()
    assert item_problems(item_content(item)) == []
    quiz = quiz_with([item, make_item("single")], layout=Quiz.Layout.ALL_ON_ONE_PAGE)
    client.force_login(trainee_in(quiz.course))
    with translation.override("en"):
        client.post(reverse("assessments:quiz_start", kwargs={"pk": quiz.pk}))
        attempt = Attempt.objects.get(quiz=quiz, user__isnull=False)
        page_url = reverse(
            "assessments:attempt_page", kwargs={"public_id": attempt.public_id, "page": 1}
        )
        submit_url = reverse("assessments:attempt_submit", kwargs={"public_id": attempt.public_id})
    page = client.get(page_url).content.decode()
    assert '<div class="hotspot" data-regions="2">' in page and "Bolt" in page
    assert 'data-kind="hotspot"' in page and 'alt="Engine view"' in page

    position = attempt.answers.get(item_version__content__kind="hotspot").position
    data = form_data(page) | {f"q{position}": ["bolt"], f"q{3 - position}": ["wrench"]}
    data["go"] = ["submit"]
    assert client.post(page_url, data).status_code == 302
    client.post(submit_url)

    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.GRADED and attempt.score == 100
    answer = attempt.answers.get(position=position)
    assert answer.response == "bolt" and answer.fraction == 1
    result = client.get(
        reverse("assessments:attempt_result", kwargs={"public_id": attempt.public_id})
    )
    assert result.status_code == 200


def test_a_type_must_say_how_it_grades():
    with pytest.raises(TypeError, match="grade"):
        type("Ungraded", (ItemType,), {"kind": "ungraded"})()
