"""GIFT in and out: the gift-pegjs corpus imports as its JSON says, Puente's exports parse
the same in gift-pegjs and import back unchanged, in either language."""

import json
import shutil
import subprocess
from decimal import Decimal
from html import unescape
from pathlib import Path

from django.utils import translation
from django.utils.html import strip_tags

import pytest

from accounts.roles import Role
from assessments import item_types
from assessments.content import item_content
from assessments.exchange import gift
from assessments.models import Item
from assessments.selectors.items import items_for_exchange
from assessments.services.exchange import (
    Action,
    QuestionsImportError,
    questions_export,
    questions_import,
)
from tests.factories.accounts import UserFactory
from tests.factories.assessments import make_item

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).parent / "fixtures" / "gift-pegjs"
GIFT_FILES = sorted(CORPUS.glob("*.gift"))
ROOT = Path(__file__).resolve().parents[2]
GIFT_PARSE = ROOT / "tests" / "js" / "gift_parse.js"
EXCHANGEABLE = [kind for kind in Item.Kind.values if kind != Item.Kind.ORDERING]


@pytest.fixture(autouse=True)
def spanish():
    """Messages are asserted in Spanish, whatever an earlier test left active."""
    with translation.override("es"):
        yield


@pytest.fixture
def author():
    return UserFactory(roles=[Role.INSTRUCTOR])


def words(text) -> str:
    return " ".join(unescape(strip_tags(str(text))).split())


# --- what the corpus's JSON says ------------------------------------------------------


def _number_spec(spec: dict) -> tuple[Decimal, Decimal]:
    if spec["type"] == "high-low":
        high, low = Decimal(str(spec["numberHigh"])), Decimal(str(spec["numberLow"]))
        return (high + low) / 2, (high - low) / 2
    return Decimal(str(spec["number"])), Decimal(str(spec.get("range", 0)))


def _full(choice) -> bool:
    return choice["isCorrect"] and choice["weight"] in (None, 100)


def expected(question: dict):
    """(Puente type, answer key) that gift-pegjs's reading of a question implies."""
    kind, choices = question["type"], question.get("choices")
    if kind == "MC":
        if any(choice["isCorrect"] for choice in choices):
            weights = [
                (1 if choice["weight"] is None else choice["weight"] / 100)
                if choice["isCorrect"]
                else max((choice["weight"] or 0) / 100, 0)
                for choice in choices
            ]
            texts = [words(choice["text"]["text"]) for choice in choices]
            if sorted(weights) == [0] * (len(weights) - 1) + [1]:
                return "single", texts[weights.index(1)]
            return "situational", {
                t: round(Decimal(str(w)), 3) for t, w in zip(texts, weights, strict=True)
            }
        return "multiple", sorted(
            words(choice["text"]["text"]) for choice in choices if (choice["weight"] or 0) > 0
        )
    if kind == "Short":
        return "short", [words(choice["text"]["text"]) for choice in choices if _full(choice)]
    if kind == "Numerical":
        if isinstance(choices, dict):
            return "numeric", _number_spec(choices)
        return "numeric", _number_spec(next(c for c in choices if _full(c))["text"])
    if kind == "TF":
        return "true_false", question["isTrue"]
    if kind == "Matching":
        return "matching", [
            (words(pair["subquestion"]["text"]), words(pair["subanswer"]))
            for pair in question["matchPairs"]
            if pair["subquestion"]["text"]
        ]
    if kind == "Essay":
        return "essay", None
    raise AssertionError(kind)


def actual(content: dict, language: str = "es"):
    """The same (type, answer key) read from an item's content."""
    kind, options = content["kind"], content["options"]

    def text(values):
        return words(values[language])

    if kind == "single":
        return kind, next(text(o["text"]) for o in options if o["correct"])
    if kind == "situational":
        return kind, {text(o["text"]): Decimal(o["weight"]) for o in options}
    if kind == "multiple":
        return kind, sorted(text(o["text"]) for o in options if o["correct"])
    if kind == "short":
        return kind, [text(o["text"]) for o in options]
    if kind == "numeric":
        settings = content["settings"]
        return kind, (Decimal(settings["answer"]), Decimal(settings["tolerance"]))
    if kind == "true_false":
        return kind, content["settings"]["answer"]
    if kind == "matching":
        return kind, [(text(o["text"]), text(o["match"])) for o in options]
    return kind, None


def corpus_questions(path: Path) -> list[dict]:
    data = json.loads(path.with_suffix(".json").read_text())
    return data if isinstance(data, list) else [data]


def test_the_corpus_is_the_51_files_with_their_json():
    assert len(GIFT_FILES) == 51
    assert all(path.with_suffix(".json").exists() for path in GIFT_FILES)


@pytest.mark.parametrize("path", GIFT_FILES, ids=lambda path: path.stem)
def test_each_corpus_file_imports_as_gift_pegjs_reads_it(path, author):
    questions = [q for q in corpus_questions(path) if q["type"] != "Category"]
    wanted = [expected(q) for q in questions if q["type"] != "Description"]
    descriptions = sum(1 for q in questions if q["type"] == "Description")

    if not wanted:  # only a category or descriptions: nothing to import, and it says why
        with pytest.raises(QuestionsImportError) as refused:
            questions_import(raw=path.read_bytes(), language="es", actor=author)
        assert [str(p.message) for p in refused.value.report.problems] == [
            "El archivo no contiene preguntas."
        ]
        assert len(refused.value.report.skipped) == descriptions
        assert Item.objects.count() == 0
        return

    report = questions_import(raw=path.read_bytes(), language="es", actor=author)

    assert report.problems == []
    assert len(report.skipped) == descriptions  # Puente has no description "question"
    assert report.count(Action.CREATE) == len(wanted)
    items = [
        item_content(item)
        for item in Item.objects.prefetch_related("options", "criteria").order_by("pk")
    ]
    assert [actual(content) for content in items] == wanted


def test_the_whole_corpus_imports_and_only_descriptions_are_left_out(author):
    created = skipped = 0
    kinds = set()
    for path in GIFT_FILES:
        plan = questions_import(raw=path.read_bytes(), language="es", actor=author, commit=False)
        created += plan.count(Action.CREATE)
        skipped += len(plan.skipped)
        kinds |= {planned.kind for planned in plan.planned}
    assert created == 93  # every question of the 51 files' JSON but categories and descriptions
    assert skipped == 7  # the 7 descriptions: text with no answer, not a question
    assert kinds == {"single", "multiple", "situational", "true_false", "short"} | {
        "numeric",
        "matching",
        "essay",
    }


def test_categories_and_moodle_tags_become_tags(author):
    raw = (
        b"$CATEGORY: $course$/top/Seguridad/EPP\n\n"
        b"// [id:393]\n// [tag:torque] [tag:nivel-2]\n::EPP 1::\xc2\xbfSe usa casco?{T}\n"
    )
    questions_import(raw=raw, language="es", actor=author)
    item = Item.objects.get()
    assert item.name == "EPP 1"
    assert sorted(tag.name for tag in item.tags.all()) == ["Seguridad/EPP", "nivel-2", "torque"]


def test_moodle_lenient_numeric_with_a_wrong_answer_branch(author):
    raw = b"::Q5:: What is a number from 1 to 5? {#3:2~#Completely wrong}\n"
    report = questions_import(raw=raw, language="en", actor=author)
    item = Item.objects.get()
    assert (item.kind, item.numeric_answer, item.numeric_tolerance) == ("numeric", 3, 2)
    assert report.planned[0].warnings  # the wrong-answer feedback is not kept, and it says so


# --- Puente → GIFT → Puente -----------------------------------------------------------


def bank() -> list[Item]:
    items = [make_item(kind, name=f"EPP {kind}") for kind in EXCHANGEABLE]
    multiple = Item.objects.get(kind="multiple")
    multiple.scoring, multiple.penalty = Item.Scoring.PROPORTIONAL, Decimal("0.5")
    multiple.points = Decimal("2.5")
    multiple.save()
    short = Item.objects.get(kind="short")
    short.case_sensitive = True
    short.save()
    items[0].tags.add("Seguridad", "torque")
    items[0].save()
    return items


def comparable(item: Item) -> dict:
    """The item's content without what a copy cannot share (keys), rich text as its words."""
    content = item_content(item)
    content.pop("key")
    for field in ("stem", "explanation"):
        content[field] = {lang: words(text) for lang, text in content[field].items()}
    for option in content["options"]:
        option.pop("key")
        option["weight"] = Decimal(option["weight"])
    content["points"] = Decimal(content["points"])
    content["tags"] = sorted(tag.name for tag in item.tags.all())
    return content


def export(language: str, author) -> bytes:
    result = questions_export(
        items=items_for_exchange(), file_format="gift", language=language, actor=author
    )
    return result.content


def test_every_gift_type_round_trips_in_both_languages(author):
    bank()
    before = {item.name: comparable(item) for item in items_for_exchange()}
    spanish, english = export("es", author), export("en", author)

    # The same file again changes nothing: every item is found by its key.
    report = questions_import(raw=spanish, language="es", actor=author)
    assert report.counts == {"create": 0, "update": 0, "translate": 0, "unchanged": 8}

    # Into an empty bank: the Spanish file creates the items, the English one translates them.
    Item.objects.all().delete()
    created = questions_import(raw=spanish, language="es", actor=author)
    assert created.count(Action.CREATE) == 8
    translated = questions_import(raw=english, language="en", actor=author)
    assert translated.count(Action.TRANSLATE) == 8
    after = {item.name: comparable(item) for item in items_for_exchange()}
    assert after == before


def test_ordering_items_are_left_out_of_gift_with_the_reason(author):
    make_item("ordering", name="Orden del EPP")
    make_item("single", name="Herramienta")
    result = questions_export(
        items=items_for_exchange(), file_format="gift", language="es", actor=author
    )
    assert result.exported == 1
    assert [(name, str(reason)) for name, reason in result.skipped] == [
        ("Orden del EPP", "GIFT (Moodle) no puede expresar reactivos de tipo Ordenamiento")
    ]


# --- an independent parser agrees -----------------------------------------------------


def gift_pegjs(path: Path) -> list[dict]:
    if shutil.which("node") is None or not (ROOT / "node_modules" / "gift-pegjs").exists():
        pytest.fail("gift-pegjs is needed: run `make install-dev` (npm ci)")
    done = subprocess.run(  # noqa: S603 - our own script on our own file
        ["node", str(GIFT_PARSE), str(path)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("language", ["es", "en"])
def test_gift_pegjs_reads_puentes_export_as_puente_meant_it(language, author, tmp_path):
    bank()
    path = tmp_path / f"bank-{language}.gift"
    path.write_bytes(export(language, author))
    parsed = gift_pegjs(path)

    items = list(items_for_exchange())
    assert len(parsed) == len(items) == 8
    for question, item in zip(parsed, items, strict=True):
        assert question["title"] == item.name
        assert question["id"] == str(item.key)
        kind, key = expected(question)
        assert (kind, key) == actual(item_content(item), language), item.name
        assert words(question["stem"]["text"]) == words(item_content(item)["stem"][language])
        if item.explanation:
            assert words(question["globalFeedback"]["text"]) == words(
                item_content(item)["explanation"][language]
            )
    assert sorted(parsed[0]["tags"] or []) == sorted(t.name for t in items[0].tags.all())


def test_the_corpus_reads_the_same_in_gift_pegjs_as_in_its_json():
    """The check above is only as good as this script: it reproduces the corpus's JSON."""
    path = CORPUS / "giftFormatPhpExamples.gift"
    assert [expected(q) for q in gift_pegjs(path)] == [expected(q) for q in corpus_questions(path)]


# --- bilingual pairing and bad files --------------------------------------------------


def test_a_translation_with_another_answer_key_is_refused_with_the_item_named(author):
    make_item("single", name="Herramienta de par")
    english = export("en", author).decode()
    # The English file marks the hammer right instead of the torque wrench.
    changed = english.replace("\t=Torque wrench", "\t~Torque wrench").replace(
        "\t~Hammer", "\t=Hammer"
    )
    assert changed != english
    before = comparable(Item.objects.get())

    with pytest.raises(QuestionsImportError) as refused:
        questions_import(raw=changed.encode(), language="en", actor=author)

    problems = refused.value.report.problems
    assert [problem.line for problem in problems] == [3]  # after the [id:…] and [puente:…] comments
    assert "«Herramienta de par»" in problems[0].message
    assert "clave de respuestas" in problems[0].message
    assert comparable(Item.objects.get()) == before


def test_a_malformed_file_gets_every_error_at_its_line_and_nothing_is_written(author):
    raw = (
        "::Bien::¿Dos más dos?{#4}\n"
        "\n"
        "::Sin cierre::¿Cuál es? {=uno ~dos\n"
        "\n"
        "::Número::¿Cuánto? {#cuatro}\n"
        "\n"
        "::Nada correcto::¿Cuál? {~a ~b}\n"
    ).encode()
    with pytest.raises(QuestionsImportError) as refused:
        questions_import(raw=raw, language="es", actor=author)
    problems = [(p.line, p.message) for p in refused.value.report.problems]
    assert problems == [
        (3, "Las respuestas no se cierran con }."),
        (5, "«cuatro» no es un número."),
        (7, "Ninguna respuesta está marcada como correcta."),
    ]
    assert Item.objects.count() == 0


def test_the_gift_writer_escapes_what_gift_reserves():
    text = "a ~ b = c # d { e } f : g \\ h"
    assert gift.read("::T::" + gift.escape(text) + "{}").items[0].stem == f"<p>{text}</p>"


def test_only_authors_import(author):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        questions_import(raw=b"Q{T}", language="es", actor=UserFactory())
    assert item_types.get("single")  # the registry still answers
