"""The standards JSON exchange format: shape checks with JSON paths (no database access).

The format is documented in ``docs/standards-json.md`` and described by
``competencies/schema/standards.schema.json``. ``check_document`` walks a parsed file and
returns every problem found, each naming the JSON path (``$.frameworks[0].standards[1]...``)
and what is wrong, so an author can fix the whole file in one pass. Problems that need the
database (a crosswalk target that exists nowhere, a constraint) are found by
``competencies.services.standards_import``, which reports them the same way.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext

from accounts.languages import LANGUAGE_CODES

from .models import Criterion, CrosswalkEntry, Framework, Standard

FORMAT_NAME = "puente-standards"
FORMAT_VERSION = 1
LANGUAGES = LANGUAGE_CODES


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self):
        return f"{self.path}: {self.message}"


@dataclass(frozen=True)
class NodeRef:
    """A crosswalk end: an element, or a criterion when ``criterion`` is set."""

    framework: str
    standard: str
    version: str
    element: int
    criterion: int | None = None


class JsonChecker:
    """Reads a JSON document field by field, noting each problem at its path (``$.a[0].b``)."""

    def __init__(self):
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def obj(self, value, path: str) -> dict | None:
        if not isinstance(value, dict):
            self.problem(path, gettext("Expected an object."))
            return None
        return value

    def array(self, data: dict, key: str, path: str, *, required=True) -> list:
        value = data.get(key)
        if value is None:
            if required:
                self.problem(f"{path}.{key}", gettext("This field is missing."))
            return []
        if not isinstance(value, list):
            self.problem(f"{path}.{key}", gettext("Expected a list."))
            return []
        return value

    def string(self, data: dict, key: str, path: str, *, required=True, choices=None):
        value = data.get(key)
        if value is None or value == "":
            if required:
                self.problem(f"{path}.{key}", gettext("This field is missing."))
            return ""
        if not isinstance(value, str):
            self.problem(f"{path}.{key}", gettext("Expected a string."))
            return ""
        if choices is not None and value not in choices:
            self.problem(
                f"{path}.{key}",
                gettext("Unknown value “%(value)s”; expected one of: %(choices)s.")
                % {"value": value, "choices": ", ".join(choices)},
            )
            return ""
        return value

    def integer(self, data: dict, key: str, path: str, *, required=True, minimum=None):
        value = data.get(key)
        if value is None:
            if required:
                self.problem(f"{path}.{key}", gettext("This field is missing."))
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(f"{path}.{key}", gettext("Expected a whole number."))
            return None
        if minimum is not None and value < minimum:
            self.problem(
                f"{path}.{key}",
                gettext("Must be %(minimum)s or more.") % {"minimum": minimum},
            )
            return None
        return value

    def decimal(self, data: dict, key: str, path: str):
        value = data.get(key)
        if value is None:
            return None
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            number = None
        if number is None or isinstance(value, bool) or not (0 <= number <= 1):
            self.problem(f"{path}.{key}", gettext("Expected a number from 0 to 1."))
            return None
        return number

    def date(self, data: dict, key: str, path: str):
        value = data.get(key)
        if value is None:
            return None
        try:
            return datetime.date.fromisoformat(value)
        except (TypeError, ValueError):
            self.problem(f"{path}.{key}", gettext("Expected a date as YYYY-MM-DD."))
            return None

    def text(self, data: dict, key: str, path: str, *, source: str | None, required=True):
        """A bilingual text ``{"es": "...", "en": "..."}``; the source language is required."""
        value = data.get(key)
        if value is None:
            if required:
                self.problem(f"{path}.{key}", gettext("This field is missing."))
            return dict.fromkeys(LANGUAGES, "")
        if not isinstance(value, dict) or any(not isinstance(text, str) for text in value.values()):
            self.problem(
                f"{path}.{key}",
                gettext('Expected an object of texts by language, e.g. {"es": …, "en": …}.'),
            )
            return dict.fromkeys(LANGUAGES, "")
        for language in value:
            if language not in LANGUAGES:
                self.problem(
                    f"{path}.{key}.{language}",
                    gettext("Unknown language; expected one of: %(choices)s.")
                    % {"choices": ", ".join(LANGUAGES)},
                )
        if required and source and not value.get(source, "").strip():
            self.problem(
                f"{path}.{key}.{source}",
                gettext("This field is missing (required in the source language)."),
            )
        return {language: value.get(language, "").strip() for language in LANGUAGES}

    def node(self, value, path: str) -> NodeRef | None:
        data = self.obj(value, path)
        if data is None:
            return None
        before = len(self.problems)
        framework = self.string(data, "framework", path)
        standard = self.string(data, "standard", path)
        version = self.string(data, "version", path, required=False) or "1"
        element = self.integer(data, "element", path, minimum=1)
        criterion = self.integer(data, "criterion", path, required=False, minimum=1)
        if len(self.problems) > before:
            return None
        return NodeRef(framework, standard, version, element, criterion)


def parse_document(raw: bytes) -> tuple[object, list[Problem]]:
    """The parsed content of a standards file's bytes (UTF-8 JSON), or the problem why not."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, [Problem("$", gettext("The file is not UTF-8 text."))]
    try:
        return json.loads(text), []
    except json.JSONDecodeError as error:
        message = gettext("Not valid JSON (line %(line)s, column %(column)s): %(error)s.") % {
            "line": error.lineno,
            "column": error.colno,
            "error": error.msg,
        }
        return None, [Problem("$", message)]
    except RecursionError:
        message = gettext(
            "The JSON nests arrays or objects too deeply to be read; a standards file nests "
            "a few levels only (docs/standards-json.md)."
        )
        return None, [Problem("$", message)]


def check_document(document) -> tuple[dict, list[Problem]]:
    """Check and normalise a parsed standards file.

    Returns ``(normalised, problems)``. ``normalised`` has the same shape as the file with
    defaults filled in, bilingual texts as ``{"es": str, "en": str}``, dates as ``date`` and
    thresholds as ``Decimal``; it is only meaningful when ``problems`` is empty.
    """
    check = JsonChecker()
    root = check.obj(document, "$")
    if root is None:
        return {}, check.problems
    if root.get("format") != FORMAT_NAME:
        check.problem("$.format", gettext("Expected “%(name)s”.") % {"name": FORMAT_NAME})
    if root.get("version", FORMAT_VERSION) != FORMAT_VERSION:
        check.problem(
            "$.version",
            gettext("Unsupported format version; this site reads version %(version)s.")
            % {"version": FORMAT_VERSION},
        )
    frameworks = []
    seen_slugs: set[str] = set()
    for f_index, raw_framework in enumerate(check.array(root, "frameworks", "$", required=False)):
        path = f"$.frameworks[{f_index}]"
        data = check.obj(raw_framework, path)
        if data is None:
            continue
        slug = check.string(data, "slug", path)
        if slug in seen_slugs:
            check.problem(
                f"{path}.slug", gettext("Duplicate framework “%(slug)s”.") % {"slug": slug}
            )
        seen_slugs.add(slug)
        source = check.string(data, "source_language", path, choices=LANGUAGES)
        framework = {
            "path": path,
            "slug": slug,
            "name": check.text(data, "name", path, source=source),
            "country": check.string(data, "country", path, choices=Framework.Country.values),
            "publisher": check.string(data, "publisher", path),
            "url": check.string(data, "url", path, required=False),
            "source_language": source,
            "standards": [],
        }
        seen_codes: set[tuple[str, str]] = set()
        for s_index, raw_standard in enumerate(check.array(data, "standards", path)):
            standard = _check_standard(check, raw_standard, f"{path}.standards[{s_index}]", source)
            if standard is None:
                continue
            key = (standard["code"], standard["version"])
            if key in seen_codes:
                check.problem(
                    f"{path}.standards[{s_index}].code",
                    gettext("Duplicate standard %(code)s version %(version)s.")
                    % {"code": key[0], "version": key[1]},
                )
            seen_codes.add(key)
            framework["standards"].append(standard)
        frameworks.append(framework)

    crosswalk = []
    for c_index, raw_entry in enumerate(check.array(root, "crosswalk", "$", required=False)):
        path = f"$.crosswalk[{c_index}]"
        data = check.obj(raw_entry, path)
        if data is None:
            continue
        crosswalk.append(
            {
                "path": path,
                "source": check.node(data.get("source"), f"{path}.source"),
                "target": check.node(data.get("target"), f"{path}.target"),
                "equivalence": check.string(
                    data, "equivalence", path, choices=CrosswalkEntry.Equivalence.values
                ),
                # The source language of a crosswalk entry is its source standard's.
                "rationale": check.text(data, "rationale", path, source=None),
                "reviewed_on": check.date(data, "reviewed_on", path),
                "reviewed_by": check.string(data, "reviewed_by", path, required=False),
            }
        )
        if not any(crosswalk[-1]["rationale"].values()):
            check.problem(f"{path}.rationale", gettext("This field is missing."))
    if not frameworks and not crosswalk:
        check.problem("$", gettext("The file holds no frameworks and no crosswalk entries."))
    return {"frameworks": frameworks, "crosswalk": crosswalk}, check.problems


def _check_standard(check: JsonChecker, raw, path: str, source: str) -> dict | None:
    data = check.obj(raw, path)
    if data is None:
        return None
    superseded_by = None
    if data.get("superseded_by") is not None:
        successor = check.obj(data["superseded_by"], f"{path}.superseded_by")
        if successor is not None:
            code = check.string(successor, "code", f"{path}.superseded_by")
            version = str(successor.get("version") or "1")
            superseded_by = (code, version) if code else None
    standard = {
        "path": path,
        "code": check.string(data, "code", path),
        "version": str(data.get("version") or "1"),
        "title": check.text(data, "title", path, source=source),
        "purpose": check.text(data, "purpose", path, source=source, required=False),
        "level": check.integer(data, "level", path, minimum=1),
        "published_on": check.date(data, "published_on", path),
        "validity_months": check.integer(data, "validity_months", path, required=False, minimum=1),
        "industry_codes": _codes(check, data, "industry_codes", path),
        "occupation_codes": _codes(check, data, "occupation_codes", path),
        "status": check.string(data, "status", path, required=False, choices=Standard.Status.values)
        or Standard.Status.CURRENT,
        "superseded_by": superseded_by,
        "default_threshold": check.decimal(data, "default_threshold", path),
        "is_sample": bool(data.get("is_sample", False)),
        "elements": [],
    }
    if standard["status"] == Standard.Status.SUPERSEDED and superseded_by is None:
        check.problem(
            f"{path}.superseded_by",
            gettext("This field is missing (required when the status is superseded)."),
        )
    if standard["level"] is not None and standard["level"] > 5:
        check.problem(f"{path}.level", gettext("Levels go from 1 to 5."))
    elements = check.array(data, "elements", path)
    if not elements:
        check.problem(f"{path}.elements", gettext("A standard needs at least one element."))
    numbers: set[int] = set()
    for e_index, raw_element in enumerate(elements):
        e_path = f"{path}.elements[{e_index}]"
        element_data = check.obj(raw_element, e_path)
        if element_data is None:
            continue
        number = check.integer(element_data, "number", e_path, minimum=1)
        if number is not None and number in numbers:
            check.problem(
                f"{e_path}.number",
                gettext("Duplicate element number %(number)s.") % {"number": number},
            )
        numbers.add(number)
        element = {
            "path": e_path,
            "number": number,
            "title": check.text(element_data, "title", e_path, source=source),
            "criteria": [],
        }
        criterion_numbers: set[int] = set()
        for c_index, raw_criterion in enumerate(check.array(element_data, "criteria", e_path)):
            c_path = f"{e_path}.criteria[{c_index}]"
            criterion = _check_criterion(check, raw_criterion, c_path, source)
            if criterion is None:
                continue
            if criterion["number"] is not None and criterion["number"] in criterion_numbers:
                check.problem(
                    f"{c_path}.number",
                    gettext("Duplicate criterion number %(number)s.")
                    % {"number": criterion["number"]},
                )
            criterion_numbers.add(criterion["number"])
            element["criteria"].append(criterion)
        standard["elements"].append(element)
    return standard


def _check_criterion(check: JsonChecker, raw, path: str, source: str) -> dict | None:
    data = check.obj(raw, path)
    if data is None:
        return None
    kind = check.string(data, "kind", path, choices=Criterion.Kind.values)
    level = check.string(
        data, "knowledge_level", path, required=False, choices=Criterion.KnowledgeLevel.values
    )
    if kind == Criterion.Kind.KNOWLEDGE and data.get("knowledge_level") in (None, ""):
        check.problem(
            f"{path}.knowledge_level",
            gettext("This field is missing (required for knowledge criteria)."),
        )
    elif kind and kind != Criterion.Kind.KNOWLEDGE and level:
        check.problem(
            f"{path}.knowledge_level", gettext("Only knowledge criteria have a knowledge level.")
        )
    return {
        "path": path,
        "number": check.integer(data, "number", path, minimum=1),
        "kind": kind,
        "knowledge_level": level,
        "threshold": check.decimal(data, "threshold", path),
        "text": check.text(data, "text", path, source=source),
    }


def _codes(check: JsonChecker, data: dict, key: str, path: str) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        check.problem(f"{path}.{key}", gettext("Expected a list of strings."))
        return []
    return value
