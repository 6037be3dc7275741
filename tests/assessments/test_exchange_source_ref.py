"""A question's identifier in its source bank (Moodle idnumber, GIFT id) is kept on the item,
pairs the other language's file and goes back out unchanged (issue 18, item 3)."""

import io
import re
import zipfile

from django.urls import reverse
from django.utils import translation

import pytest

from accounts.roles import Role
from assessments.models import Item
from assessments.selectors.items import items_for_exchange
from assessments.services.exchange import Action, questions_export, questions_import
from tests.cms.admin_forms import form_data, form_errors
from tests.factories.accounts import UserFactory
from tests.factories.assessments import make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def author():
    return UserFactory(roles=[Role.INSTRUCTOR])


def moodle(name: str, idnumber: str, stem: str, right: str, wrong: str) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="multichoice">
    <name><text>{name}</text></name>
    <questiontext format="html"><text>{stem}</text></questiontext>
    <idnumber>{idnumber}</idnumber>
    <single>true</single>
    <answer fraction="100" format="html"><text>{right}</text></answer>
    <answer fraction="0" format="html"><text>{wrong}</text></answer>
  </question>
</quiz>
""".encode()


SPANISH = moodle(
    "Herramienta", "MDL-Q-17/a", "¿Qué herramienta aplica el par?", "Torquímetro", "Martillo"
)
ENGLISH = moodle("Tool", "MDL-Q-17/a", "Which tool applies torque?", "Torque wrench", "Hammer")


def export(file_format: str, language: str, author) -> str:
    result = questions_export(
        items=items_for_exchange(), file_format=file_format, language=language, actor=author
    )
    return result.content.decode() if file_format != "qti3" else result.content


def test_the_moodle_idnumber_is_kept_and_exported_back_unchanged(author):
    questions_import(raw=SPANISH, language="es", actor=author)

    item = Item.objects.get()
    assert item.source_ref == "MDL-Q-17/a"
    assert "<idnumber>MDL-Q-17/a</idnumber>" in export("moodle-xml", "es", author)
    assert "[id:MDL-Q-17/a]" in export("gift", "es", author)
    # QTI identifiers must be XML names: the item's own key there.
    with zipfile.ZipFile(io.BytesIO(export("qti3", "es", author))) as package:
        names = package.namelist()
    assert f"items/item-{item.key}.xml" in names


def test_the_other_language_pairs_by_idnumber_and_fills_the_translation_only(author):
    questions_import(raw=SPANISH, language="es", actor=author)

    report = questions_import(raw=ENGLISH, language="en", actor=author)

    assert [planned.action for planned in report.planned] == [Action.TRANSLATE]
    item = Item.objects.get()
    assert (item.name, item.source_ref) == ("Herramienta", "MDL-Q-17/a")
    assert item.stem_en == "Which tool applies torque?"
    assert [o.text_en for o in item.options.order_by("sort_order")] == ["Torque wrench", "Hammer"]


def test_a_second_import_of_the_moodle_export_changes_nothing(author):
    questions_import(raw=SPANISH, language="es", actor=author)
    exported = export("moodle-xml", "es", author).encode()

    report = questions_import(raw=exported, language="es", actor=author)

    assert [planned.action for planned in report.planned] == [Action.UNCHANGED]
    assert Item.objects.get().source_ref == "MDL-Q-17/a"


def test_items_written_in_puente_keep_exporting_their_key(author):
    item = make_item("single", name="Propio")

    text = export("moodle-xml", "es", author)

    assert re.search(rf"<idnumber>{item.key}</idnumber>", text)
    questions_import(raw=text.encode(), language="es", actor=author)
    assert Item.objects.get().source_ref == ""  # its own key is not a foreign identifier


def test_qti_identifiers_are_not_kept(author):
    make_item("single", name="Propio")
    package = export("qti3", "es", author)
    Item.objects.all().delete()

    questions_import(raw=package, language="es", actor=author, file_format="qti")

    assert Item.objects.get().source_ref == ""


def test_the_item_screen_shows_and_saves_the_source_identifier(client):
    client.force_login(UserFactory(roles=[Role.INSTRUCTOR]))
    item = make_item("single", name="Propio")
    url = reverse("wagtailsnippets_assessments_item:edit", args=[item.pk])
    with translation.override("en"):
        page = client.get(url)
    data = form_data(page.content)
    assert data["source_ref"] == [""]
    data["source_ref"] = ["BANK-9"]

    response = client.post(url, data)

    assert response.status_code == 302, form_errors(response.content)
    assert Item.objects.get().source_ref == "BANK-9"
