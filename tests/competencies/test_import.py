import json

from django.core.management import CommandError, call_command
from django.utils import translation

import pytest

from competencies.demo import DEMO_FILE
from competencies.models import Criterion, CrosswalkEntry, Element, Framework, Standard
from competencies.selectors import standards_export
from competencies.services import StandardsImportError, standards_import

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def counts():
    return [
        model.objects.count() for model in (Framework, Standard, Element, Criterion, CrosswalkEntry)
    ]


def problems_of(document) -> dict[str, str]:
    with pytest.raises(StandardsImportError) as caught:
        standards_import(document=document)
    return {problem.path: problem.message for problem in caught.value.problems}


def test_good_file_creates_everything(document):
    summary = standards_import(document=document)

    assert counts() == [2, 2, 2, 3, 1]
    assert summary.created == {"frameworks": 2, "standards": 2, "crosswalk entries": 1}
    standard = Standard.objects.get(code="EC0001")
    assert standard.version == "1"
    assert standard.title_en == "Test welding"
    knowledge = Criterion.objects.get(element__standard=standard, number=2)
    assert knowledge.knowledge_level == "comprehension"
    entry = CrosswalkEntry.objects.get()
    assert entry.source_element.standard == standard
    assert entry.target_element.standard.code == "US-WELD-1"


def test_reimport_is_idempotent_and_updates_in_place(document):
    standards_import(document=document)
    ids = sorted(Criterion.objects.values_list("pk", flat=True))

    document["frameworks"][0]["standards"][0]["title"]["en"] = "Test welding, revised"
    summary = standards_import(document=document)

    assert counts() == [2, 2, 2, 3, 1]
    assert sorted(Criterion.objects.values_list("pk", flat=True)) == ids
    assert Standard.objects.get(code="EC0001").title_en == "Test welding, revised"
    assert summary.created == {}
    assert summary.updated["standards"] == 2


def test_a_new_version_is_a_new_standard(document):
    standards_import(document=document)
    document["frameworks"][0]["standards"][0]["version"] = "2"
    standards_import(document=document)

    assert list(
        Standard.objects.filter(code="EC0001").order_by("version").values_list("version", flat=True)
    ) == ["1", "2"]


def test_criteria_no_longer_in_the_file_are_removed(document):
    standards_import(document=document)
    del document["frameworks"][0]["standards"][0]["elements"][0]["criteria"][1]
    standards_import(document=document)

    assert list(
        Criterion.objects.filter(element__standard__code="EC0001").values_list("number", flat=True)
    ) == [1]


def test_missing_field_is_named_by_its_json_path(document):
    del document["frameworks"][0]["standards"][0]["elements"][0]["criteria"][0]["text"]
    del document["frameworks"][0]["standards"][0]["level"]

    problems = problems_of(document)

    assert problems == {
        "$.frameworks[0].standards[0].elements[0].criteria[0].text": "This field is missing.",
        "$.frameworks[0].standards[0].level": "This field is missing.",
    }
    assert counts() == [0, 0, 0, 0, 0]


def test_source_language_text_is_required(document):
    document["frameworks"][1]["standards"][0]["title"] = {"es": "Solo español"}

    assert problems_of(document) == {
        "$.frameworks[1].standards[0].title.en": (
            "This field is missing (required in the source language)."
        )
    }


def test_unknown_kind(document):
    document["frameworks"][0]["standards"][0]["elements"][0]["criteria"][0]["kind"] = "skill"

    problems = problems_of(document)

    assert problems["$.frameworks[0].standards[0].elements[0].criteria[0].kind"] == (
        "Unknown value “skill”; expected one of: performance, product, knowledge, attitude."
    )


def test_duplicate_element_number(document):
    elements = document["frameworks"][0]["standards"][0]["elements"]
    elements.append({**elements[0]})

    assert problems_of(document) == {
        "$.frameworks[0].standards[0].elements[1].number": "Duplicate element number 1."
    }


def test_crosswalk_target_not_found_writes_nothing(document):
    document["crosswalk"][0]["target"]["element"] = 7

    assert problems_of(document) == {
        "$.crosswalk[0].target": "No element or criterion matches us-test US-WELD-1 v1 E7."
    }
    assert counts() == [0, 0, 0, 0, 0]


def test_every_problem_is_listed_at_once(document):
    document["frameworks"][0]["country"] = "CA"
    document["frameworks"][0]["standards"][0]["elements"][0]["criteria"][0]["kind"] = "skill"
    document["crosswalk"][0]["equivalence"] = "some"

    assert set(problems_of(document)) == {
        "$.frameworks[0].country",
        "$.frameworks[0].standards[0].elements[0].criteria[0].kind",
        "$.crosswalk[0].equivalence",
    }


def test_database_rules_are_reported_with_paths_and_roll_back(document):
    # Both ends in the same framework: the model refuses it once the rows exist.
    document["crosswalk"][0]["target"] = {
        "framework": "mx-test",
        "standard": "EC0001",
        "element": 1,
    }

    problems = problems_of(document)

    assert problems == {
        "$.crosswalk[0]": "A crosswalk joins standards of two different frameworks."
    }
    assert counts() == [0, 0, 0, 0, 0]


def test_knowledge_criterion_needs_a_level(document):
    criterion = document["frameworks"][0]["standards"][0]["elements"][0]["criteria"][1]
    del criterion["knowledge_level"]

    assert list(problems_of(document)) == [
        "$.frameworks[0].standards[0].elements[0].criteria[1].knowledge_level"
    ]


def test_problems_are_translated(document):
    del document["frameworks"][0]["publisher"]

    with translation.override("es"):
        problems = problems_of(document)

    assert problems == {"$.frameworks[0].publisher": "Falta este campo."}


def test_export_then_import_gives_the_same_standards(demo_standards):
    exported = standards_export()
    before = counts()
    snapshot = json.dumps(exported, sort_keys=True)

    # Wipe and re-import the export: same rows, same export.
    CrosswalkEntry.objects.all().delete()
    Standard.objects.update(superseded_by=None)
    Standard.objects.all().delete()
    Framework.objects.all().delete()
    standards_import(document=json.loads(snapshot))

    assert counts() == before
    assert json.dumps(standards_export(), sort_keys=True) == snapshot


def test_superseded_standard_round_trip(document):
    old = document["frameworks"][0]["standards"][0]
    new = json.loads(json.dumps(old)) | {"version": "2"}
    old["status"] = "superseded"
    old["superseded_by"] = {"code": "EC0001", "version": "2"}
    document["frameworks"][0]["standards"].append(new)

    standards_import(document=document)
    standards_import(document=standards_export())

    superseded = Standard.objects.get(code="EC0001", version="1")
    assert superseded.status == Standard.Status.SUPERSEDED
    assert superseded.superseded_by.version == "2"


def test_import_and_export_commands(tmp_path):
    call_command("import_standards", str(DEMO_FILE))
    output = tmp_path / "mx.json"

    call_command("export_standards", "--framework", "conocer-muestra", "-o", str(output))

    data = json.loads(output.read_text(encoding="utf-8"))
    assert [framework["slug"] for framework in data["frameworks"]] == ["conocer-muestra"]
    assert {standard["code"] for standard in data["frameworks"][0]["standards"]} == {
        "EC9101",
        "EC9102",
        "EC9103",
    }
    # Crosswalk entries touching the framework travel with it.
    assert len(data["crosswalk"]) == 7


def test_import_command_refuses_a_bad_file(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "puente-standards", "frameworks": [{"slug": "x"}]}))

    with translation.override("en"), pytest.raises(CommandError, match="nothing was saved"):
        call_command("import_standards", str(bad))

    assert "$.frameworks[0].country: This field is missing." in capsys.readouterr().err
    assert counts() == [0, 0, 0, 0, 0]


def test_import_command_reports_broken_json(tmp_path, capsys):
    bad = tmp_path / "broken.json"
    bad.write_text('{"format": ')

    with translation.override("en"), pytest.raises(CommandError, match="nothing was saved"):
        call_command("import_standards", str(bad))

    assert "$: Not valid JSON (line 1, column 12): Expecting value." in capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "language", "problem"),
    [
        (
            '{"format": "puente-standards", "name": "Técnico"}'.encode("latin-1"),
            "es",
            "$: El archivo no es texto UTF-8.",
        ),
        (
            b'{"format": ' + b'{"a": ' * 50_000 + b"1" + b"}" * 50_001,
            "en",
            "$: The JSON nests arrays or objects too deeply to be read",
        ),
        (b"[" * 100_000 + b"]" * 100_000, "es", "$: El JSON anida listas u objetos"),
    ],
    ids=["latin-1", "nested-objects", "nested-arrays"],
)
def test_import_command_refuses_unreadable_files_without_a_traceback(
    tmp_path, capsys, content, language, problem
):
    """Issue 14: these ended in a UnicodeDecodeError or RecursionError traceback."""
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)

    with translation.override(language), pytest.raises(CommandError) as refused:
        call_command("import_standards", str(bad))

    assert problem in capsys.readouterr().err
    assert "Traceback" not in str(refused.value)
    assert counts() == [0, 0, 0, 0, 0]


def test_schema_file_lists_the_models_choices():
    schema = json.loads(
        (DEMO_FILE.parent.parent / "schema" / "standards.schema.json").read_text(encoding="utf-8")
    )
    definitions = schema["$defs"]

    assert definitions["criterion"]["properties"]["kind"]["enum"] == Criterion.Kind.values
    assert definitions["standard"]["properties"]["status"]["enum"] == Standard.Status.values
    assert definitions["framework"]["properties"]["country"]["enum"] == Framework.Country.values
    assert definitions["crosswalkEntry"]["properties"]["equivalence"]["enum"] == (
        CrosswalkEntry.Equivalence.values
    )
