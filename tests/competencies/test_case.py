"""Standards as CASE 1.1 packages (issue 18): export, import, round trip, problems by path."""

import copy
import json
import uuid

from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import translation

import pytest

from competencies.case import CRITERION_TYPES, case_namespace
from competencies.models import Criterion, CrosswalkEntry, Element, Framework, Standard
from competencies.selectors import standards_case_export, standards_export
from competencies.services import StandardsImportError, standards_import, standards_import_file

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

DATETIME = r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$"


def counts():
    return [
        model.objects.count() for model in (Framework, Standard, Element, Criterion, CrosswalkEntry)
    ]


def wipe():
    CrosswalkEntry.objects.all().delete()
    Standard.objects.update(superseded_by=None)
    Standard.objects.all().delete()
    Framework.objects.all().delete()


def packages(language: str | None = None) -> dict[str, dict]:
    return {
        framework.slug: standards_case_export(
            framework=framework.slug, language=language or framework.source_language
        )
        for framework in Framework.objects.order_by("slug")
    }


def encoded(package) -> bytes:
    return json.dumps(package, ensure_ascii=False).encode()


def problems_of(package) -> list[str]:
    with pytest.raises(StandardsImportError) as refused:
        standards_import_file(raw=encoded(package))
    return [str(problem) for problem in refused.value.problems]


def by_type(package, name):
    return [item for item in package["CFItems"] if item["CFItemType"] == name]


def test_round_trip_leaves_standards_elements_criteria_and_crosswalk_unchanged(demo_standards):
    """Puente → CASE → Puente: the JSON export (every field: kinds, knowledge levels,
    thresholds, both languages, the crosswalk with its rationales) is the same afterwards."""
    before, snapshot = counts(), standards_export()
    exported = packages()
    assert set(exported) == {"conocer-muestra", "us-am-sample"}

    wipe()
    first = standards_import_file(raw=encoded(exported["conocer-muestra"]))
    # Its crosswalk ends on the US side are not on the site yet: left out, said so, not refused.
    assert first.file_format == "case"
    assert first.created == {"frameworks": 1, "standards": 3}
    assert first.skipped and all(
        "import its framework first" in problem.message for problem in first.skipped
    )
    second = standards_import_file(raw=encoded(exported["us-am-sample"]))
    assert second.created == {"frameworks": 1, "standards": 2, "crosswalk entries": 7}
    assert second.skipped == []

    assert counts() == before
    assert standards_export() == snapshot

    # Importing a package again changes nothing; it now finds the other side on the site.
    again = standards_import_file(raw=encoded(exported["conocer-muestra"]))
    assert again.created == {} and again.skipped == []
    assert standards_export() == snapshot


def test_package_shape(demo_standards):
    package = packages()["conocer-muestra"]
    head = package["CFDocument"]
    assert head["caseVersion"] == "1.1" and head["language"] == "es"
    assert head["title"] == "CONOCER — Estándares de competencia (muestra)" or head["title"]
    assert head["CFPackageURI"]["identifier"] == head["identifier"]
    for row in [head, *package["CFItems"], *package["CFAssociations"]]:
        uuid.UUID(row["identifier"])
        assert row["uri"] == f"urn:uuid:{row['identifier']}"
        assert row["lastChangeDateTime"] and None not in row.values()
    for item in package["CFItems"]:
        assert item["fullStatement"] and item["CFDocumentURI"]["identifier"] == head["identifier"]
        assert item["language"] in {"es", "en"}

    standards = by_type(package, "Standard")
    elements = by_type(package, "Element")
    assert [item["humanCodingScheme"] for item in standards] == [
        standard.code for standard in Standard.objects.filter(framework__slug="conocer-muestra")
    ]
    assert (
        len(elements) == Element.objects.filter(standard__framework__slug="conocer-muestra").count()
    )
    # One CFItemType per criterion kind, each defined in CFDefinitions.
    for kind, name in CRITERION_TYPES.items():
        assert (
            len(by_type(package, name))
            == Criterion.objects.filter(
                element__standard__framework__slug="conocer-muestra", kind=kind
            ).count()
        )
    defined = {row["title"]: row["identifier"] for row in package["CFDefinitions"]["CFItemTypes"]}
    for item in package["CFItems"]:
        assert item["CFItemTypeURI"]["identifier"] == defined[item["CFItemType"]]

    # Hierarchy: every item is the child of exactly one node: standards of the document.
    child_of = [row for row in package["CFAssociations"] if row["associationType"] == "isChildOf"]
    parents = {row["originNodeURI"]["identifier"]: row for row in child_of}
    assert len(parents) == len(child_of) == len(package["CFItems"])
    for standard in standards:
        assert (
            parents[standard["identifier"]]["destinationNodeURI"]["identifier"]
            == (head["identifier"])
        )
    criterion = Criterion.objects.get(element__standard__code="EC9101", element__number=2, number=1)
    row = next(i for i in package["CFItems"] if i["humanCodingScheme"] == "EC9101 E2.1")
    assert row["fullStatement"] == criterion.text_es
    assert row["extensions"]["texts"]["text"]["en"] == criterion.text_en
    assert parents[row["identifier"]]["sequenceNumber"] == 1
    element_row = next(i for i in elements if i["humanCodingScheme"] == "EC9101 E2")
    assert (
        parents[row["identifier"]]["destinationNodeURI"]["identifier"]
        == (element_row["identifier"])
    )


def test_crosswalk_entries_are_exact_match_or_related_with_the_rationale(demo_standards):
    package = packages()["conocer-muestra"]
    crosswalk = [row for row in package["CFAssociations"] if row["associationType"] != "isChildOf"]
    entries = CrosswalkEntry.objects.all()
    assert len(crosswalk) == entries.count() == 7
    full = [row for row in crosswalk if row["associationType"] == "exactMatchOf"]
    partial = [row for row in crosswalk if row["associationType"] == "isRelatedTo"]
    assert len(full) == entries.filter(equivalence="full").count()
    assert len(partial) == entries.filter(equivalence="partial").count()
    rationales = {entry.rationale_es for entry in entries}
    assert {row["notes"] for row in crosswalk} == rationales
    assert {row["extensions"]["texts"]["rationale"]["en"] for row in crosswalk} == {
        entry.rationale_en for entry in entries
    }
    # The US end is named by the identifier its own package gives it.
    us_identifiers = {item["identifier"] for item in packages()["us-am-sample"]["CFItems"]}
    assert {row["destinationNodeURI"]["identifier"] for row in crosswalk} <= us_identifiers


def test_the_statements_follow_the_chosen_language_and_both_travel(demo_standards):
    spanish = packages("es")["conocer-muestra"]
    english = packages("en")["conocer-muestra"]
    assert english["CFDocument"]["language"] == "en"
    standard = Standard.objects.get(code="EC9101")
    row = next(i for i in english["CFItems"] if i.get("humanCodingScheme") == "EC9101")
    assert row["fullStatement"] == standard.title_en and row["language"] == "en"
    assert row["notes"] == standard.purpose_en
    # Same identifiers whatever the language: the two packages pair item by item.
    assert [i["identifier"] for i in english["CFItems"]] == [
        i["identifier"] for i in spanish["CFItems"]
    ]

    # The English package alone brings back both languages.
    snapshot = standards_export()
    wipe()
    standards_import_file(raw=encoded(packages_of(snapshot, "us-am-sample", "en")))
    standards_import_file(raw=encoded(english))
    standards_import_file(raw=encoded(packages_of(snapshot, "us-am-sample", "en")))
    assert standards_export() == snapshot


def packages_of(snapshot, slug, language):
    """The package of ``slug`` as exported before the wipe (from the JSON snapshot)."""
    from competencies.case import case_package

    document = copy.deepcopy(snapshot)
    document["frameworks"] = [f for f in document["frameworks"] if f["slug"] == slug]
    return case_package(document, language=language)


def test_a_translation_from_elsewhere_fills_the_other_language_only(demo_standards):
    """A package whose statements are in English and whose extensions carry no texts (as a
    partner's tool writes it) pairs by identifier and fills the English texts."""
    package = packages("en")["conocer-muestra"]
    for row in package["CFItems"]:
        row["extensions"].pop("texts")
        row["fullStatement"] = "EN " + row["fullStatement"]
    package["CFDocument"]["extensions"].pop("texts")
    key = (Criterion.objects.get(element__standard__code="EC9101", element__number=1, number=1),)
    spanish_before = key[0].text_es

    standards_import_file(raw=encoded(package))

    criterion = Criterion.objects.get(pk=key[0].pk)
    assert criterion.text_es == spanish_before
    assert criterion.text_en.startswith("EN ")
    assert Standard.objects.get(code="EC9101").title_en.startswith("EN ")


def test_identifiers_are_stable_across_exports_and_ports(demo_standards):
    with override_settings(PUENTE_BASE_URL="http://127.0.0.1:8000"):
        first = packages()["conocer-muestra"]
    with override_settings(PUENTE_BASE_URL="http://127.0.0.1:8302"):
        moved = packages()["conocer-muestra"]
    ids = [row["identifier"] for row in first["CFItems"] + first["CFAssociations"]]
    assert ids == [row["identifier"] for row in moved["CFItems"] + moved["CFAssociations"]]
    assert len(set(ids)) == len(ids)
    with override_settings(PUENTE_BASE_URL="https://puente.example.org"):
        elsewhere = packages()["conocer-muestra"]
    assert first["CFDocument"]["identifier"] != elsewhere["CFDocument"]["identifier"]
    assert case_namespace("https://puente.example.org:8443") == case_namespace(
        "https://puente.example.org"
    )


def test_one_standard_exports_with_its_crosswalk_only(demo_standards):
    standard = Standard.objects.get(code="EC9101")
    package = standards_case_export(framework="conocer-muestra", language="es", standard=standard)
    assert [row["humanCodingScheme"] for row in by_type(package, "Standard")] == ["EC9101"]
    assert all(row["humanCodingScheme"].startswith("EC9101") for row in package["CFItems"])
    crosswalk = [row for row in package["CFAssociations"] if row["associationType"] != "isChildOf"]
    expected = CrosswalkEntry.objects.filter(source_element__standard=standard).count()
    expected += CrosswalkEntry.objects.filter(source_criterion__element__standard=standard).count()
    assert len(crosswalk) == expected > 0


def test_a_malformed_package_gets_every_problem_at_its_path_and_writes_nothing(demo_standards):
    package = packages()["conocer-muestra"]
    before, snapshot = counts(), standards_export()
    package["CFItems"][0].pop("humanCodingScheme")
    package["CFItems"][1]["fullStatement"] = 7
    package["CFItems"][2]["extensions"]["kind"] = "magic"
    package["CFItems"][3]["extensions"]["threshold"] = "2"
    package["CFAssociations"][0]["originNodeURI"]["identifier"] = "not-in-the-file"
    package["CFItems"][0]["extensions"]["level"] = 9

    problems = problems_of(package)

    assert "$.CFItems[0].humanCodingScheme: This field is missing." in problems
    assert "$.CFItems[1].fullStatement: Expected a string." in problems
    # Found while reading and by the import's checks, listed together, each once.
    assert "$.CFItems[0].extensions.level: Levels go from 1 to 5." in problems
    assert "$.CFItems[3].extensions.threshold: Expected a number from 0 to 1." in problems
    assert len(problems) == len(set(problems))
    assert "$.CFAssociations[0].originNodeURI.identifier: No item of the file has this " in (
        "".join(problems)
    )
    assert counts() == before and standards_export() == snapshot


def test_problems_found_by_the_import_rules_are_given_at_their_package_path(demo_standards):
    package = packages()["conocer-muestra"]
    criterion = next(i for i in package["CFItems"] if i["CFItemType"] == "Knowledge Criterion")
    where = package["CFItems"].index(criterion)
    criterion["extensions"]["threshold"] = "2"
    criterion["extensions"]["knowledge_level"] = "magic"
    standard = package["CFItems"][0]
    standard["extensions"]["level"] = 9

    problems = problems_of(package)

    assert "$.CFItems[0].extensions.level: Levels go from 1 to 5." in problems
    assert f"$.CFItems[{where}].extensions.threshold: Expected a number from 0 to 1." in problems
    assert any(p.startswith(f"$.CFItems[{where}].extensions.knowledge_level:") for p in problems)


def test_a_foreign_package_without_extensions(db):
    """A CASE file from another tool: types and hierarchy only. What Puente cannot do without
    (the standard's level) is asked for at its path; other item types are left out."""
    package = {
        "CFDocument": {
            "identifier": "c0a8e2f0-0000-4000-8000-000000000001",
            "uri": "https://case.example.org/doc",
            "creator": "State board",
            "title": "Welding competencies",
            "language": "en",
            "lastChangeDateTime": "2025-01-01T00:00:00+00:00",
        },
        "CFItems": [
            {
                "identifier": "s1",
                "fullStatement": "Weld plate",
                "CFItemType": "Standard",
                "humanCodingScheme": "WLD-1",
            },
            {"identifier": "e1", "fullStatement": "Prepare joint", "CFItemType": "Element"},
            {
                "identifier": "c1",
                "fullStatement": "Bevels the edge",
                "CFItemType": "Performance Criterion",
            },
            {"identifier": "x1", "fullStatement": "Welding", "CFItemType": "Cluster"},
        ],
        "CFAssociations": [
            {
                "identifier": "a1",
                "associationType": "isChildOf",
                "originNodeURI": {"identifier": "s1"},
                "destinationNodeURI": {"identifier": "c0a8e2f0-0000-4000-8000-000000000001"},
            },
            {
                "identifier": "a2",
                "associationType": "isChildOf",
                "originNodeURI": {"identifier": "e1"},
                "destinationNodeURI": {"identifier": "s1"},
                "sequenceNumber": 1,
            },
            {
                "identifier": "a3",
                "associationType": "isChildOf",
                "originNodeURI": {"identifier": "c1"},
                "destinationNodeURI": {"identifier": "e1"},
            },
            {
                "identifier": "a4",
                "associationType": "precedes",
                "originNodeURI": {"identifier": "e1"},
                "destinationNodeURI": {"identifier": "c1"},
            },
        ],
    }
    assert problems_of(copy.deepcopy(package)) == [
        "$.CFItems[0].extensions.level: This field is missing."
    ]

    package["CFItems"][0]["extensions"] = {"level": 2}
    summary = standards_import_file(raw=encoded(package))

    assert summary.created == {"frameworks": 1, "standards": 1}
    assert [str(p) for p in summary.skipped] == [
        "$.CFItems[3]: “Cluster” Welding is not a standard, an element of a standard or a "
        "criterion of an element; left out.",
        "$.CFAssociations[3]: “precedes” associations are not crosswalk entries; left out.",
    ]
    framework = Framework.objects.get()
    assert (framework.slug, framework.country, framework.source_language) == (
        "welding-competencies",
        "US",
        "en",
    )
    criterion = Criterion.objects.get()
    assert (criterion.code, criterion.kind, criterion.text_en) == (
        "WLD-1 E1.1",
        "performance",
        "Bevels the edge",
    )


def test_problems_are_translated(demo_standards):
    package = packages()["conocer-muestra"]
    package["CFItems"][0].pop("humanCodingScheme")
    with translation.override("es"):
        assert "$.CFItems[0].humanCodingScheme: Falta este campo." in problems_of(package)


def test_preview_writes_nothing(demo_standards):
    exported = packages()
    wipe()
    summary = standards_import_file(raw=encoded(exported["us-am-sample"]), commit=False)
    assert summary.created == {"frameworks": 1, "standards": 2}
    assert counts() == [0, 0, 0, 0, 0]


def test_not_a_package_when_case_is_asked(db):
    with pytest.raises(StandardsImportError) as refused:
        standards_import_file(raw=b'{"format": "puente-standards"}', file_format="case")
    assert [str(p) for p in refused.value.problems] == [
        "$.CFDocument: Not a CASE package: it has no CFDocument."
    ]


def test_commands_export_and_import_case(demo_standards, tmp_path):
    target = tmp_path / "conocer.case.json"
    call_command(
        "export_standards",
        "--format",
        "case",
        "--framework",
        "conocer-muestra",
        "--language",
        "en",
        "-o",
        str(target),
    )
    package = json.loads(target.read_text(encoding="utf-8"))
    assert package["CFDocument"]["language"] == "en"
    with pytest.raises(CommandError, match="--framework"):
        call_command("export_standards", "--format", "case")

    snapshot = standards_export()
    us = tmp_path / "us.case.json"
    call_command(
        "export_standards", "--format", "case", "--framework", "us-am-sample", "-o", str(us)
    )
    wipe()
    call_command("import_standards", str(target))
    call_command("import_standards", "--format", "case", str(us))
    assert standards_export() == snapshot


def test_json_import_still_works_beside_case(document):
    standards_import(document=document)
    assert counts() == [2, 2, 2, 3, 1]
