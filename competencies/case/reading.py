"""Reading a CASE 1.1 package back into the standards JSON document, every problem at its
path in the package."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.text import slugify
from django.utils.translation import gettext

from accounts.languages import LANGUAGE_CODES

from ..exchange import FORMAT_NAME, FORMAT_VERSION, JsonChecker, Problem
from .vocabulary import (
    ASSOCIATION_FIELDS,
    CHILD_OF,
    CRITERION_TYPES,
    DOCUMENT_FIELDS,
    ELEMENT_TYPE,
    EQUIVALENCES,
    ITEM_FIELDS,
    STANDARD_TYPE,
    case_namespace,
    ref_identifier,
)


def is_case_package(document) -> bool:
    return isinstance(document, dict) and "CFDocument" in document


@dataclass
class CaseReading:
    """What ``case_read`` makes of a package."""

    document: dict = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    # The JSON path of each object of ``document`` → (its path in the package, field names).
    places: dict[str, tuple[str, dict]] = field(default_factory=dict)

    def package_path(self, path: str) -> str:
        """Where in the package the problem found at ``path`` of ``document`` lies."""
        best = ""
        for prefix in self.places:
            if (path == prefix or path.startswith((prefix + ".", prefix + "["))) and len(
                prefix
            ) > len(best):
                best = prefix
        if not best:
            return path
        place, fields = self.places[best]
        rest = path[len(best) :].lstrip(".")
        if not rest:
            return place
        name, _sep, tail = rest.partition(".")
        name, bracket, index = name.partition("[")
        mapped = fields.get(name, f"extensions.{name}")
        if mapped in ("fullStatement", "notes", "title") and tail in LANGUAGE_CODES:
            tail = ""  # the package's statement is in one language
        return ".".join(part for part in (place, mapped + bracket + index, tail) if part)


class _Reader(JsonChecker):
    """The standards JSON's checker (strings, lists, problems at their path), reading CASE."""

    def __init__(self, package: dict, namespace: uuid.UUID, known: Callable[[str], dict | None]):
        super().__init__()
        self.package = package
        self.namespace = namespace
        self.known = known
        self.reading = CaseReading(problems=self.problems)

    def skip(self, path: str, message: str) -> None:
        self.reading.skipped.append(Problem(path, message))

    def obj(self, value, path: str, *, required=True) -> dict | None:
        if value is None and not required:
            return {}
        if not isinstance(value, dict):
            self.problem(
                path,
                gettext("This field is missing.")
                if value is None
                else gettext("Expected an object."),
            )
            return None
        return value

    def link(self, data: dict, key: str, path: str) -> str:
        """The identifier of a ``LinkURI`` (``originNodeURI`` …)."""
        value = self.obj(data.get(key), f"{path}.{key}")
        if value is None:
            return ""
        return self.string(value, "identifier", f"{path}.{key}")

    def extensions(self, data: dict, path: str) -> dict:
        value = data.get("extensions")
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.problem(f"{path}.extensions", gettext("Expected an object."))
            return {}
        return value

    def texts(self, extensions: dict, name: str, statement: str, language: str) -> dict:
        """The texts of ``name`` by language: the extension's, then the statement in its
        language (a package in another language fills that language)."""
        texts = (
            extensions.get("texts", {}).get(name)
            if isinstance(extensions.get("texts"), dict)
            else None
        )
        texts = dict(texts) if isinstance(texts, dict) else {}
        if statement and language in LANGUAGE_CODES:
            texts[language] = statement
        return texts

    def language(self, data: dict, path: str, default: str) -> str:
        value = data.get("language")
        if value in (None, ""):
            return default
        code = str(value).lower()
        for candidate in (code, code.split("-")[0]):
            if candidate in LANGUAGE_CODES:
                return candidate
        self.problem(
            f"{path}.language",
            gettext("Unknown language; expected one of: %(choices)s.")
            % {"choices": ", ".join(LANGUAGE_CODES)},
        )
        return default

    def read(self) -> CaseReading:
        root = self.obj(self.package, "$")
        if root is None:
            return self.reading
        head = self.obj(root.get("CFDocument"), "$.CFDocument")
        items = self.array(root, "CFItems", "$", required=False)
        associations = self.array(root, "CFAssociations", "$", required=False)
        if head is None:
            return self.reading
        framework = self.framework(head)
        nodes = self.items(items, framework["source_language"])
        parents = self.hierarchy(associations, head.get("identifier"), nodes)
        framework["standards"] = self.tree(nodes, parents, framework)
        crosswalk = self.crosswalk(associations, nodes)
        self.reading.document = {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "frameworks": [framework],
            "crosswalk": crosswalk,
        }
        return self.reading

    def framework(self, head: dict) -> dict:
        path = "$.CFDocument"
        self.string(head, "identifier", path)
        title = self.string(head, "title", path)
        extensions = self.extensions(head, path)
        default = extensions.get("source_language")
        if default not in LANGUAGE_CODES:
            default = settings.LANGUAGE_CODE
        language = self.language(head, path, default)
        self.document_language = language
        source = extensions.get("source_language", language)
        publisher = self.string(head, "publisher", path, required=False) or self.string(
            head, "creator", path
        )
        country = extensions.get("country") or ("MX" if language == "es" else "US")
        self.reading.places["$.frameworks[0]"] = (
            path,
            {**DOCUMENT_FIELDS, "slug": "extensions.slug", "country": "extensions.country"},
        )
        return {
            "slug": extensions.get("slug") or slugify(title)[:60],
            "name": self.texts(extensions, "name", title, language),
            "country": country,
            "publisher": publisher,
            "url": head.get("officialSourceURL") or "",
            "source_language": source,
            "standards": [],
        }

    def items(self, items: list, source: str) -> dict[str, dict]:
        """Each item by identifier: its path, kind, statement and extensions."""
        nodes: dict[str, dict] = {}
        for index, raw in enumerate(items):
            path = f"$.CFItems[{index}]"
            data = self.obj(raw, path)
            if data is None:
                continue
            identifier = self.string(data, "identifier", path)
            statement = self.string(data, "fullStatement", path)
            kind_name = data.get("CFItemType") or ""
            kind = _item_kind(kind_name if isinstance(kind_name, str) else "")
            if identifier in nodes:
                self.problem(
                    f"{path}.identifier",
                    gettext("Duplicate identifier %(identifier)s.") % {"identifier": identifier},
                )
                continue
            if not identifier:
                continue
            nodes[identifier] = {
                "path": path,
                "data": data,
                "kind": kind,
                "kind_name": kind_name,
                "statement": statement,
                "language": self.language(data, path, source),
                "extensions": self.extensions(data, path),
            }
        return nodes

    def hierarchy(self, associations: list, document_id, nodes: dict) -> dict[str, tuple]:
        """child identifier → (parent identifier, sequence number) from ``isChildOf``."""
        parents: dict[str, tuple] = {}
        for index, raw in enumerate(associations):
            path = f"$.CFAssociations[{index}]"
            data = self.obj(raw, path)
            if data is None:
                continue
            kind = self.string(data, "associationType", path)
            if kind != CHILD_OF:
                continue
            child = self.link(data, "originNodeURI", path)
            parent = self.link(data, "destinationNodeURI", path)
            if not child or not parent:
                continue
            if child not in nodes:
                self.problem(
                    f"{path}.originNodeURI.identifier",
                    gettext("No item of the file has this identifier."),
                )
                continue
            if parent != document_id and parent not in nodes:
                self.problem(
                    f"{path}.destinationNodeURI.identifier",
                    gettext("No item of the file nor its document has this identifier."),
                )
                continue
            sequence = data.get("sequenceNumber")
            parents[child] = (parent, sequence if isinstance(sequence, int) else None)
        return parents

    def tree(self, nodes: dict, parents: dict, framework: dict) -> list[dict]:
        children: dict[str | None, list[str]] = {}
        for identifier in nodes:
            parent = parents.get(identifier, (None, None))[0]
            children.setdefault(parent, []).append(identifier)
        slug = framework["slug"]
        placed: set[str] = set()
        standards = []
        for s_index, identifier in enumerate(
            [
                i
                for i in nodes
                if nodes[i]["kind"] == "standard" and parents.get(i, (None,))[0] not in nodes
            ]
        ):
            node = nodes[identifier]
            placed.add(identifier)
            standard = self.standard(node, framework["source_language"])
            s_path = f"$.frameworks[0].standards[{s_index}]"
            self.reading.places[s_path] = (node["path"], ITEM_FIELDS)
            node["ref"] = {
                "framework": slug,
                "standard": standard["code"],
                "version": standard["version"],
            }
            elements = self.ordered(children.get(identifier, []), nodes, parents, "element")
            for e_index, (element_id, number) in enumerate(elements):
                element_node = nodes[element_id]
                placed.add(element_id)
                e_path = f"{s_path}.elements[{e_index}]"
                self.reading.places[e_path] = (element_node["path"], ITEM_FIELDS)
                element_node["ref"] = {**node["ref"], "element": number}
                element = {
                    "number": number,
                    "title": self.texts(
                        element_node["extensions"],
                        "title",
                        element_node["statement"],
                        element_node["language"],
                    ),
                    "criteria": [],
                }
                criteria = self.ordered(children.get(element_id, []), nodes, parents, "criterion")
                for c_index, (criterion_id, c_number) in enumerate(criteria):
                    criterion_node = nodes[criterion_id]
                    placed.add(criterion_id)
                    self.reading.places[f"{e_path}.criteria[{c_index}]"] = (
                        criterion_node["path"],
                        ITEM_FIELDS,
                    )
                    criterion_node["ref"] = {**element_node["ref"], "criterion": c_number}
                    element["criteria"].append(self.criterion(criterion_node, c_number))
                standard["elements"].append(element)
            standards.append(standard)
        for identifier, node in nodes.items():
            if identifier not in placed:
                self.skip(
                    node["path"],
                    gettext(
                        "“%(type)s” %(statement)s is not a standard, an element of a standard "
                        "or a criterion of an element; left out."
                    )
                    % {"type": node["kind_name"] or "—", "statement": node["statement"][:80]},
                )
        return standards

    def ordered(self, identifiers, nodes, parents, kind: str) -> list[tuple[str, int]]:
        """Children of ``kind`` with their numbers: the extension's, else ``sequenceNumber``,
        else ``listEnumeration``, else their place."""
        chosen = [i for i in identifiers if nodes[i]["kind"] == kind]
        numbered = []
        for place, identifier in enumerate(chosen, start=1):
            node = nodes[identifier]
            number = node["extensions"].get("number")
            if not isinstance(number, int) or isinstance(number, bool):
                number = parents[identifier][1]
            if number is None:
                enumeration = str(node["data"].get("listEnumeration") or "")
                number = int(enumeration) if enumeration.isdigit() else place
            numbered.append((identifier, number))
        return sorted(numbered, key=lambda pair: pair[1])

    def standard(self, node: dict, source: str) -> dict:
        data, extensions = node["data"], node["extensions"]
        standard = {
            key: extensions[key]
            for key in (
                "level",
                "status",
                "default_threshold",
                "validity_months",
                "industry_codes",
                "occupation_codes",
                "is_sample",
                "superseded_by",
            )
            if extensions.get(key) is not None
        }
        notes = data.get("notes") if isinstance(data.get("notes"), str) else ""
        return standard | {
            "code": self.string(data, "humanCodingScheme", node["path"]),
            "version": str(extensions.get("version") or "1"),
            "title": self.texts(extensions, "title", node["statement"], node["language"]),
            "purpose": self.texts(extensions, "purpose", notes, node["language"]),
            "published_on": data.get("statusStartDate"),
            "elements": [],
        }

    def criterion(self, node: dict, number: int) -> dict:
        extensions = node["extensions"]
        kind = extensions.get("kind") or _criterion_kind(node["kind_name"])
        return {
            "number": number,
            "kind": kind,
            "knowledge_level": extensions.get("knowledge_level") or "",
            "threshold": extensions.get("threshold"),
            "text": self.texts(extensions, "text", node["statement"], node["language"]),
        }

    def crosswalk(self, associations: list, nodes: dict) -> list[dict]:
        entries = []
        equivalences = {kind: equivalence for equivalence, kind in EQUIVALENCES.items()}
        for index, raw in enumerate(associations):
            path = f"$.CFAssociations[{index}]"
            if not isinstance(raw, dict):
                continue
            kind = raw.get("associationType")
            if kind == CHILD_OF or not isinstance(kind, str) or not kind:
                continue
            if kind not in equivalences:
                self.skip(
                    path,
                    gettext("“%(type)s” associations are not crosswalk entries; left out.")
                    % {"type": kind},
                )
                continue
            extensions = self.extensions(raw, path)
            ends = []
            for key, ext_key in (("originNodeURI", "source"), ("destinationNodeURI", "target")):
                identifier = self.link(raw, key, path)
                if not identifier:
                    break
                ref = self.end(identifier, nodes, extensions.get(ext_key))
                if ref is None:
                    title = raw[key].get("title") or identifier
                    self.skip(
                        f"{path}.{key}",
                        gettext(
                            "%(node)s is neither an element or criterion of this file nor on "
                            "this site; import its framework first, then this file again."
                        )
                        % {"node": title},
                    )
                    break
                ends.append(ref)
            if len(ends) != 2:
                continue
            notes = raw.get("notes") if isinstance(raw.get("notes"), str) else ""
            # CASE gives an association no language: its notes are in the document's.
            language = self.document_language
            self.reading.places[f"$.crosswalk[{len(entries)}]"] = (path, ASSOCIATION_FIELDS)
            entries.append(
                {
                    "source": ends[0],
                    "target": ends[1],
                    "equivalence": equivalences[kind],
                    "rationale": self.texts(extensions, "rationale", notes, language),
                    "reviewed_on": extensions.get("reviewed_on"),
                    "reviewed_by": extensions.get("reviewed_by") or "",
                }
            )
        return entries

    def end(self, identifier: str, nodes: dict, stated) -> dict | None:
        """A crosswalk end as the JSON format names it: an element or criterion of the file,
        one of this site, or the node the extension names when it is on this site."""
        node = nodes.get(identifier)
        if node is not None:
            ref = node.get("ref")
            return ref if ref and "element" in ref else None
        ref = self.known(identifier)
        if ref is None and isinstance(stated, dict):
            try:
                if self.known(ref_identifier(self.namespace, stated)) is not None:
                    ref = stated
            except (KeyError, TypeError):
                ref = None
        return ref


def _item_kind(name: str) -> str:
    lowered = name.strip().lower()
    if lowered == STANDARD_TYPE.lower():
        return "standard"
    if lowered == ELEMENT_TYPE.lower():
        return "element"
    if lowered in {value.lower() for value in CRITERION_TYPES.values()} or re.fullmatch(
        r"(performance|product|knowledge|attitude)?\s*criterion", lowered
    ):
        return "criterion"
    return ""


def _criterion_kind(name) -> str:
    """The kind a criterion's ``CFItemType`` names (``Knowledge Criterion`` → knowledge)."""
    lowered = name.strip().lower() if isinstance(name, str) else ""
    for kind in CRITERION_TYPES:
        if lowered.startswith(kind):
            return kind
    return ""


def case_read(
    package, *, namespace: uuid.UUID | None = None, known: Callable[[str], dict | None]
) -> CaseReading:
    """The standards JSON document a CASE package holds, with every problem at its path in
    the package. ``known(identifier)`` names an element or criterion of this site (a
    crosswalk end outside the file) as the JSON format does, or ``None``."""
    return _Reader(package, namespace or case_namespace(), known).read()
