"""CASE 1.1 vocabulary shared by writing and reading: item and association types, the
identifiers (UUID 5 of the site's host name and a node's code), links."""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit

from django.conf import settings

CASE_VERSION = "1.1"
STANDARD_TYPE = "Standard"
ELEMENT_TYPE = "Element"
CRITERION_TYPES = {
    "performance": "Performance Criterion",
    "product": "Product Criterion",
    "knowledge": "Knowledge Criterion",
    "attitude": "Attitude Criterion",
}
CHILD_OF = "isChildOf"
EQUIVALENCES = {"full": "exactMatchOf", "partial": "isRelatedTo"}
ITEM_TYPE_DESCRIPTIONS = {
    STANDARD_TYPE: "A competency standard (Estándar de Competencia).",
    ELEMENT_TYPE: "An element of a standard (Elemento).",
    **{name: f"A {kind} criterion of an element." for kind, name in CRITERION_TYPES.items()},
}

# A Puente field and where it is in a CASE item, for problems found after reading.
ITEM_FIELDS = {
    "code": "humanCodingScheme",
    "title": "fullStatement",
    "text": "fullStatement",
    "number": "listEnumeration",
    "kind": "CFItemType",
    "purpose": "notes",
}
DOCUMENT_FIELDS = {"name": "title", "publisher": "publisher", "url": "officialSourceURL"}
ASSOCIATION_FIELDS = {"rationale": "notes", "equivalence": "associationType"}


def case_namespace(base_url: str | None = None) -> uuid.UUID:
    """The namespace of this site's identifiers: its host name (without port), so a site keeps
    its identifiers whichever port serves it."""
    host = urlsplit(base_url or settings.PUENTE_BASE_URL).hostname or "localhost"
    return uuid.uuid5(uuid.NAMESPACE_DNS, host)


def node_identifier(namespace: uuid.UUID, *parts) -> str:
    """``framework``, ``framework, code, version`` or ``…, element[, criterion]`` → UUID."""
    framework, *rest = parts
    key = framework
    if rest:
        code, version, *numbers = rest
        key += f"/{code}/{version}"
        if numbers:
            key += "/E" + ".".join(str(number) for number in numbers if number is not None)
    return str(uuid.uuid5(namespace, key))


def ref_identifier(namespace: uuid.UUID, ref: dict) -> str:
    """The identifier of a crosswalk end as the JSON format names it."""
    return node_identifier(
        namespace,
        ref["framework"],
        ref["standard"],
        str(ref.get("version") or "1"),
        ref["element"],
        ref.get("criterion"),
    )


def urn(identifier: str) -> str:
    return f"urn:uuid:{identifier}"


def link(identifier: str, title: str) -> dict:
    return {"title": title, "identifier": identifier, "uri": urn(identifier)}


def pick_text(texts: dict, language: str, source: str) -> tuple[str, str]:
    """The text in ``language``, else in the source language, else any; and its language."""
    for candidate in (language, source, *texts):
        if texts.get(candidate):
            return texts[candidate], candidate
    return "", language
