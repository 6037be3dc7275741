"""QTI in and out: 1EdTech's example items of the interactions Puente has import, exported
QTI 2.2 items validate against the QTI 2.2 schema, and a QTI 3.0 package imports back."""

import io
import zipfile
from decimal import Decimal
from pathlib import Path

from django.utils import translation

import pytest
from lxml import etree

from accounts.roles import Role
from assessments import item_types
from assessments.content import item_content
from assessments.exchange import qti
from assessments.models import Item
from assessments.selectors.items import items_for_exchange
from assessments.services.exchange import Action, questions_export, questions_import
from tests.assessments.test_exchange_gift import bank, comparable
from tests.factories.accounts import UserFactory
from tests.factories.assessments import make_item

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
SCHEMA = FIXTURES / "qti-xsd" / "qtiv2p2" / "imsqti_v2p2.xsd"


@pytest.fixture(autouse=True)
def spanish():
    with translation.override("es"):
        yield


@pytest.fixture
def author():
    return UserFactory(roles=[Role.INSTRUCTOR])


@pytest.fixture(scope="module")
def qti22_schema():
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


SUPPORTED = {
    "v2p2/choice.xml": ("single", "You must stay with your luggage at all times."),
    "v2p2/choice_multiple.xml": ("multiple", None),
    "v2p2/text_entry.xml": ("short", "York"),
    "v2p2/extended_text.xml": ("essay", None),
    "v2p2/order.xml": ("ordering", None),
    "v2p2/match.xml": ("matching", None),
    "v3p0/choice.xml": ("single", "You must stay with your luggage at all times."),
    "v3p0/extended_text.xml": ("essay", None),
    "v3p0/match.xml": ("matching", None),
}


@pytest.mark.parametrize("name", sorted(SUPPORTED))
def test_example_items_of_supported_interactions_import(name, author):
    kind, key = SUPPORTED[name]
    raw = (FIXTURES / "qti-items" / name).read_bytes()

    report = questions_import(raw=raw, language="en", actor=author)

    assert report.file_format == "qti"
    [item] = Item.objects.all()
    content = item_content(item)
    assert content["kind"] == kind
    assert content["stem"]["en"]
    if key is not None:
        assert item_types.correct_response(content) is not None
        assert key in [o["text"]["en"] for o in content["options"]]
    if kind == "essay":
        assert item_types.get(kind).graded_by_hand
    else:
        assert item_types.grade(content, item_types.correct_response(content)) == 1.0


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("v2p2/hotspot.xml", "Puente no tiene un tipo de reactivo para estas interacciones QTI: "),
        ("v3p0/hotspot.xml", "Este reactivo QTI tiene 2 interacciones; un reactivo de "),
        ("v3p0/text_entry.xml", "Este reactivo QTI tiene 11 interacciones; un reactivo de "),
    ],
)
def test_items_puente_cannot_hold_are_skipped_with_the_reason(name, reason, author):
    raw = (FIXTURES / "qti-items" / name).read_bytes()
    report = questions_import(raw=raw, language="en", actor=author, commit=False)
    [skipped] = report.skipped
    assert skipped.message.startswith(reason)
    assert report.planned == []


def test_exported_qti22_items_validate_against_the_qti22_schema(qti22_schema):
    bank()
    make_item("ordering", name="EPP ordering")
    for item in items_for_exchange():
        portable = item_types.to_portable(item_content(item), "es")
        portable.identifier = item.name
        document = etree.fromstring(
            qti.write_item(portable, identifier=f"item-{item.key}", version="2.2").encode()
        )
        assert qti22_schema.validate(document), (item.kind, qti22_schema.error_log)


def test_a_qti3_package_round_trips_the_answer_keys_in_both_languages(author):
    bank()
    make_item("ordering", name="EPP ordering")
    items = {item.name: comparable(item) for item in items_for_exchange()}

    def export(language):
        return questions_export(
            items=items_for_exchange(), file_format="qti3", language=language, actor=author
        ).content

    spanish, english = export("es"), export("en")
    with zipfile.ZipFile(io.BytesIO(spanish)) as package:
        names = package.namelist()
        manifest = package.read("imsmanifest.xml").decode()
    assert "imsmanifest.xml" in names and len(names) == 10
    assert manifest.count('type="imsqti_item_xmlv3p0"') == 9

    Item.objects.all().delete()
    assert questions_import(raw=spanish, language="es", actor=author).count(Action.CREATE) == 9
    assert questions_import(raw=english, language="en", actor=author).count(Action.TRANSLATE) == 9

    after = {item.name: comparable(item) for item in items_for_exchange()}
    assert set(after) == set(items)
    for name, before in items.items():
        now = after[name]
        if before["kind"] == "true_false":  # QTI has no true/false: a two-choice item
            assert now["kind"] == "single"
            assert [o["text"]["es"] for o in now["options"] if o["correct"]] == ["Verdadero"]
            continue
        if before["kind"] == "numeric":  # QTI has no units: the rest of the key is kept
            before["settings"]["units"] = []
        for field in ("kind", "settings", "stem"):
            assert now[field] == before[field], (name, field)
        keys = [(o["text"], o["match"], o["correct"], o["weight"]) for o in now["options"]]
        assert keys == [
            (o["text"], o["match"], o["correct"], o["weight"]) for o in before["options"]
        ], name
    assert Decimal(after["EPP multiple"]["settings"]["penalty"]) == Decimal("0.5")
