"""Moodle XML in and out: every item type round-trips in both languages with its picture, a
file as Moodle writes it imports, and hostile or broken XML is refused at its line."""

import base64

from django.utils import translation

from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

import pytest

from accounts.roles import Role
from assessments.models import Item
from assessments.selectors.items import items_for_exchange
from assessments.services.exchange import (
    Action,
    QuestionsImportError,
    questions_export,
    questions_import,
)
from tests.assessments.test_exchange_gift import bank, comparable
from tests.factories.accounts import UserFactory
from tests.factories.assessments import make_item

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def spanish():
    with translation.override("es"):
        yield


@pytest.fixture
def author():
    return UserFactory(roles=[Role.INSTRUCTOR])


def picture_bytes(item: Item) -> bytes:
    with item.image.file.open("rb") as file:
        return file.read()


def same(item: Item) -> dict:
    content = comparable(item)
    image = content.pop("image")
    content["picture"] = (picture_bytes(item), image["alt"]) if image else None
    return content


def export(language: str, author) -> bytes:
    return questions_export(
        items=items_for_exchange(), file_format="moodle-xml", language=language, actor=author
    ).content


def test_every_item_type_round_trips_with_its_picture_in_both_languages(author):
    bank()
    make_item("ordering", name="EPP ordering")
    pictured = Item.objects.get(kind="single")
    pictured.image = Image.objects.create(title="Llave", file=get_test_image_file())
    pictured.image_alt_es, pictured.image_alt_en = "Llave de torque", "Torque wrench"
    pictured.save()
    before = {item.name: same(item) for item in items_for_exchange()}
    spanish, english = export("es", author), export("en", author)
    assert b'encoding="base64"' in spanish and b"@@PLUGINFILE@@/" in spanish

    again = questions_import(raw=spanish, language="es", actor=author)
    assert again.counts == {"create": 0, "update": 0, "translate": 0, "unchanged": 9}
    assert Image.objects.count() == 1  # the same picture is not stored twice

    Item.objects.all().delete()
    assert questions_import(raw=spanish, language="es", actor=author).count(Action.CREATE) == 9
    assert questions_import(raw=english, language="en", actor=author).count(Action.TRANSLATE) == 9
    assert {item.name: same(item) for item in items_for_exchange()} == before


PIXEL = base64.b64encode(get_test_image_file().file.getvalue()).decode()

MOODLE = f"""<?xml version="1.0" encoding="UTF-8"?>
<quiz>
<!-- question: 0  -->
  <question type="category">
    <category><text>$course$/top/Torque</text></category>
  </question>
  <question type="multichoice">
    <name><text>Herramienta</text></name>
    <questiontext format="html">
      <text><![CDATA[<p>¿Qué herramienta aplica el par?</p><p><img src="@@PLUGINFILE@@/llave.png" alt="Llave" /></p>]]></text>
      <file name="llave.png" path="/" encoding="base64">{PIXEL}</file>
    </questiontext>
    <generalfeedback format="html"><text>El torquímetro.</text></generalfeedback>
    <defaultgrade>2.0000000</defaultgrade>
    <idnumber>Q-17</idnumber>
    <single>true</single>
    <answer fraction="100" format="html"><text>Torquímetro</text>
      <feedback format="html"><text>&lt;p&gt;Correcto&lt;/p&gt;</text></feedback></answer>
    <answer fraction="0" format="html"><text>Martillo</text></answer>
    <tags><tag><text>nivel-2</text></tag></tags>
  </question>
  <question type="numerical">
    <name><text>Par</text></name>
    <questiontext format="moodle_auto_format"><text>¿Cuántos N·m?</text></questiontext>
    <answer fraction="100"><text>25</text><tolerance>0.5</tolerance></answer>
    <answer fraction="0"><text>*</text><feedback><text>No</text></feedback></answer>
    <units><unit><multiplier>1</multiplier><unit_name>Nm</unit_name></unit></units>
  </question>
  <question type="matching">
    <name><text>5S</text></name>
    <questiontext format="html"><text>Relacione.</text></questiontext>
    <subquestion format="html"><text>Seiri</text><answer><text>Clasificar</text></answer></subquestion>
    <subquestion format="html"><text>Seiton</text><answer><text>Ordenar</text></answer></subquestion>
    <subquestion format="html"><text></text><answer><text>Pintar</text></answer></subquestion>
  </question>
  <question type="essay">
    <name><text>Ensayo</text></name>
    <questiontext format="html"><text>Explique el apriete en cruz.</text></questiontext>
    <graderinfo format="html"><text>En cruz, en tres pasos.</text></graderinfo>
  </question>
  <question type="description">
    <name><text>Intro</text></name>
    <questiontext format="html"><text>Lea con cuidado.</text></questiontext>
  </question>
  <question type="calculated">
    <name><text>Fórmula</text></name>
    <questiontext format="html"><text>{{a}} + {{b}}</text></questiontext>
  </question>
</quiz>
"""  # noqa: E501 - Moodle's own long lines


def test_a_file_as_moodle_writes_it_imports(author):
    report = questions_import(raw=MOODLE.encode(), language="es", actor=author)

    assert [(p.line, p.kind, p.action) for p in report.planned] == [
        (7, "single", "create"),
        (22, "numeric", "create"),
        (29, "matching", "create"),
        (36, "essay", "create"),
    ]
    assert [p.line for p in report.skipped] == [41, 45]  # description, calculated
    tool = Item.objects.get(name="Herramienta")
    assert tool.points == 2
    assert tool.stem_es == "<p>¿Qué herramienta aplica el par?</p>"
    assert tool.image.title == "Llave" and tool.image_alt_es == "Llave"
    assert picture_bytes(tool) == base64.b64decode(PIXEL)
    assert sorted(t.name for t in tool.tags.all()) == ["Torque", "nivel-2"]
    assert [(o.text_es, o.is_correct, o.feedback_es) for o in tool.options.all()] == [
        ("Torquímetro", True, "Correcto"),
        ("Martillo", False, ""),
    ]
    torque = Item.objects.get(name="Par")
    assert (torque.numeric_answer, torque.numeric_tolerance, torque.numeric_units) == (
        25,
        0.5,
        "Nm",
    )
    assert [(o.text_es, o.match_es) for o in Item.objects.get(name="5S").options.all()] == [
        ("Seiri", "Clasificar"),
        ("Seiton", "Ordenar"),
    ]
    assert Item.objects.get(name="Ensayo").model_answer_es == "En cruz, en tres pasos."


def test_broken_xml_is_refused_at_its_line(author):
    broken = "<?xml version='1.0'?>\n<quiz>\n<question type='truefalse'>\n</quiz>\n"
    with pytest.raises(QuestionsImportError) as refused:
        questions_import(raw=broken.encode(), language="es", actor=author)
    [problem] = refused.value.report.problems
    assert problem.line == 4
    assert problem.message.startswith("XML no válido")
    assert Item.objects.count() == 0


def test_entities_are_refused_before_they_expand(author):
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE quiz [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<quiz>&b;</quiz>\n'
    )
    with pytest.raises(QuestionsImportError) as refused:
        questions_import(raw=bomb.encode(), language="es", actor=author)
    assert [p.message for p in refused.value.report.problems] == [
        "El archivo declara un DTD o entidades, que se rechazan."
    ]
