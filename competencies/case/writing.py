"""Writing a CASE 1.1 package from the standards JSON document of one framework."""

from __future__ import annotations

import datetime
import uuid

from .vocabulary import (
    CASE_VERSION,
    CHILD_OF,
    CRITERION_TYPES,
    ELEMENT_TYPE,
    EQUIVALENCES,
    ITEM_TYPE_DESCRIPTIONS,
    STANDARD_TYPE,
    case_namespace,
    link,
    node_identifier,
    pick_text,
    ref_identifier,
    urn,
)


def case_package(
    document: dict,
    *,
    language: str,
    namespace: uuid.UUID | None = None,
    now: datetime.datetime | None = None,
) -> dict:
    """The CASE package of the one framework in ``document`` (the standards JSON format),
    its statements in ``language``."""
    namespace = namespace or case_namespace()
    stamp = (now or datetime.datetime.now(datetime.UTC)).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    (framework,) = document["frameworks"]
    slug, source = framework["slug"], framework["source_language"]
    document_id = node_identifier(namespace, slug)
    title, title_language = pick_text(framework["name"], language, source)
    document_link = link(document_id, title)
    types = {
        name: str(uuid.uuid5(namespace, f"CFItemType/{name}")) for name in ITEM_TYPE_DESCRIPTIONS
    }
    items: list[dict] = []
    associations: list[dict] = []

    def item(identifier: str, kind: str, texts: dict, **fields) -> dict:
        statement, statement_language = pick_text(texts, language, source)
        row = {
            "identifier": identifier,
            "uri": urn(identifier),
            "fullStatement": statement,
            "CFItemType": kind,
            "CFItemTypeURI": link(types[kind], kind),
            "language": statement_language,
            "CFDocumentURI": document_link,
            "lastChangeDateTime": stamp,
            **{name: value for name, value in fields.items() if value not in (None, "", [])},
        }
        items.append(row)
        return row

    def association(kind: str, origin: dict, destination: dict, **fields) -> None:
        key = f"{kind}/{origin['identifier']}/{destination['identifier']}"
        identifier = str(uuid.uuid5(namespace, key))
        associations.append(
            {
                "identifier": identifier,
                "uri": urn(identifier),
                "associationType": kind,
                "CFDocumentURI": document_link,
                "originNodeURI": origin,
                "destinationNodeURI": destination,
                "lastChangeDateTime": stamp,
                **fields,
            }
        )

    codes: dict[str, str] = {}  # identifier → human code, for association titles
    for standard in framework["standards"]:
        code, version = standard["code"], standard["version"]
        standard_id = node_identifier(namespace, slug, code, version)
        purpose, _purpose_language = pick_text(standard["purpose"], language, source)
        extensions = {
            "version": version,
            "level": standard["level"],
            "status": standard["status"],
            "default_threshold": standard["default_threshold"],
            "validity_months": standard["validity_months"],
            "industry_codes": standard["industry_codes"],
            "occupation_codes": standard["occupation_codes"],
            "is_sample": standard["is_sample"],
            "texts": {"title": standard["title"], "purpose": standard["purpose"]},
        }
        if standard.get("superseded_by"):
            extensions["superseded_by"] = standard["superseded_by"]
        row = item(
            standard_id,
            STANDARD_TYPE,
            standard["title"],
            humanCodingScheme=code,
            notes=purpose,
            statusStartDate=standard["published_on"],
            extensions=extensions,
        )
        association(CHILD_OF, link(standard_id, code), document_link, sequenceNumber=len(codes) + 1)
        codes[standard_id] = code
        for element in standard["elements"]:
            number = element["number"]
            element_id = node_identifier(namespace, slug, code, version, number)
            element_code = f"{code} E{number}"
            item(
                element_id,
                ELEMENT_TYPE,
                element["title"],
                humanCodingScheme=element_code,
                listEnumeration=str(number),
                extensions={"number": number, "texts": {"title": element["title"]}},
            )
            association(
                CHILD_OF,
                link(element_id, element_code),
                link(standard_id, row["humanCodingScheme"]),
                sequenceNumber=number,
            )
            codes[element_id] = element_code
            for criterion in element["criteria"]:
                c_number = criterion["number"]
                criterion_id = node_identifier(namespace, slug, code, version, number, c_number)
                criterion_code = f"{element_code}.{c_number}"
                item(
                    criterion_id,
                    CRITERION_TYPES[criterion["kind"]],
                    criterion["text"],
                    humanCodingScheme=criterion_code,
                    listEnumeration=str(c_number),
                    extensions={
                        "number": c_number,
                        "kind": criterion["kind"],
                        "knowledge_level": criterion["knowledge_level"],
                        "threshold": criterion["threshold"],
                        "texts": {"text": criterion["text"]},
                    },
                )
                association(
                    CHILD_OF,
                    link(criterion_id, criterion_code),
                    link(element_id, element_code),
                    sequenceNumber=c_number,
                )
                codes[criterion_id] = criterion_code

    for entry in document["crosswalk"]:
        ends = []
        for ref in (entry["source"], entry["target"]):
            identifier = ref_identifier(namespace, ref)
            code = f"{ref['standard']} E{ref['element']}"
            if ref.get("criterion") is not None:
                code += f".{ref['criterion']}"
            ends.append(link(identifier, codes.get(identifier, code)))
        rationale, _rationale_language = pick_text(entry["rationale"], language, source)
        association(
            EQUIVALENCES[entry["equivalence"]],
            *ends,
            notes=rationale or None,
            extensions={
                "source": entry["source"],
                "target": entry["target"],
                "reviewed_on": entry["reviewed_on"],
                "reviewed_by": entry["reviewed_by"],
                "texts": {"rationale": entry["rationale"]},
            },
        )

    return drop_empty(
        {
            "CFDocument": {
                "identifier": document_id,
                "uri": urn(document_id),
                "creator": framework["publisher"],
                "publisher": framework["publisher"],
                "title": title,
                "officialSourceURL": framework["url"] or None,
                "language": title_language,
                "caseVersion": CASE_VERSION,
                "adoptionStatus": "Adopted",
                "lastChangeDateTime": stamp,
                "CFPackageURI": document_link,
                "extensions": {
                    "slug": slug,
                    "country": framework["country"],
                    "source_language": source,
                    "texts": {"name": framework["name"]},
                },
            },
            "CFItems": items,
            "CFAssociations": associations,
            "CFDefinitions": {
                "CFItemTypes": [
                    {
                        "identifier": identifier,
                        "uri": urn(identifier),
                        "title": name,
                        "description": ITEM_TYPE_DESCRIPTIONS[name],
                        "hierarchyCode": name,
                        "typeCode": name,
                        "lastChangeDateTime": stamp,
                    }
                    for name, identifier in types.items()
                ]
            },
        }
    )


def drop_empty(value):
    """``value`` without ``None`` members (CASE leaves optional fields out, never null)."""
    if isinstance(value, dict):
        return {key: drop_empty(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [drop_empty(item) for item in value]
    return value
