"""IMS QTI items: read QTI 2.2 and 3.0 items of the interactions Puente has, write QTI 2.2
items and QTI 3.0 content packages (a zip with ``imsmanifest.xml``).

QTI 3.0 renames QTI 2.2's elements and attributes (``choiceInteraction`` →
``qti-choice-interaction``, ``maxChoices`` → ``max-choices``) and keeps their meaning, so one
reader works on 2.2 names (3.0 files are renamed on the way in) and one writer builds 2.2,
renamed on the way out for 3.0. Credit is written with the standard response-processing
templates (``match_correct`` for all or nothing, ``map_response`` for partial credit) or, for
a numeric tolerance, an explicit ``equal`` with ``toleranceMode="absolute"``.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET  # noqa: S405 - writing only; reading goes through defusedxml
import zipfile
from decimal import Decimal, InvalidOperation

from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from ..portable import FULL, NONE, Interaction, PortableChoice, PortableItem, decimal_text
from . import Problem, Reading
from .xml_reading import XMLRefused, parse

QTI22 = "http://www.imsglobal.org/xsd/imsqti_v2p2"
QTI30 = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"
CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
TEMPLATES = {
    QTI22: "http://www.imsglobal.org/question/qti_v2p2/rptemplates/",
    QTI30: "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/",
}
QTI_ELEMENTS = {
    "assessmentItem", "responseDeclaration", "outcomeDeclaration", "correctResponse", "value",
    "defaultValue", "mapping", "mapEntry", "itemBody", "prompt", "choiceInteraction",
    "simpleChoice", "textEntryInteraction", "extendedTextInteraction", "orderInteraction",
    "matchInteraction", "simpleMatchSet", "simpleAssociableChoice", "responseProcessing",
    "responseCondition", "responseIf", "responseElse", "equal", "variable", "correct",
    "setOutcomeValue", "baseValue",
}  # fmt: skip
SUPPORTED = {
    "choiceInteraction",
    "textEntryInteraction",
    "extendedTextInteraction",
    "orderInteraction",
    "matchInteraction",
}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _camel(name: str) -> str:
    """``qti-choice-interaction`` → ``choiceInteraction``; ``max-choices`` → ``maxChoices``."""
    name = name.removeprefix("qti-")
    head, *rest = name.split("-")
    return head + "".join(part.title() for part in rest)


def _kebab(name: str, *, element: bool) -> str:
    kebab = re.sub(r"(?<!^)([A-Z])", r"-\1", name).lower()
    return f"qti-{kebab}" if element else kebab


# --- reading --------------------------------------------------------------------------


def _normalise(element: ET.Element) -> None:
    """QTI 3.0 names to 2.2 names, namespaces dropped, in place."""
    for node in element.iter():
        local = _local(node.tag)
        node.tag = _camel(local) if local.startswith("qti-") else local
        for key in list(node.attrib):
            value = node.attrib.pop(key)
            node.set(_camel(_local(key)) if "-" in key else _local(key), value)


def _html(element: ET.Element, *, skip: set[str]) -> str:
    """The HTML of ``element``'s content, leaving out the QTI elements in ``skip``."""
    parts = [element.text or ""]
    for child in element:
        if child.tag in skip:
            parts.append(child.tail or "")
            continue
        copy = ET.Element(child.tag, child.attrib)
        copy.text, copy[:] = child.text, list(child)
        parts.append(ET.tostring(copy, encoding="unicode", short_empty_elements=True))
        parts.append(child.tail or "")
    return "".join(parts).strip()


def _plain(element: ET.Element | None) -> str:
    if element is None:
        return ""
    return " ".join(strip_tags(ET.tostring(element, encoding="unicode")).split())


def _detach(body: ET.Element, interaction: ET.Element) -> None:
    """Take the interaction out of the item body; an inline one leaves a blank (_____)."""
    parents = {child: parent for parent in body.iter() for child in parent}
    holder = parents.get(interaction)
    alone = holder is not None and holder is not body and len(holder) == 1
    if alone and not (holder.text or "").strip() and not (interaction.tail or "").strip():
        parents[holder].remove(holder)  # a paragraph holding only the blank: Puente's own export
        return
    for parent in body.iter():
        children = list(parent)
        if interaction in children:
            index = children.index(interaction)
            inline = interaction.tag == "textEntryInteraction"
            gap = ("_____" if inline else "") + (interaction.tail or "")
            if index:
                children[index - 1].tail = (children[index - 1].tail or "") + gap
            else:
                parent.text = (parent.text or "") + gap
            parent.remove(interaction)
            return


def _values(declaration: ET.Element | None) -> list[str]:
    if declaration is None:
        return []
    return [(value.text or "").strip() for value in declaration.findall("correctResponse/value")]


def _mapping(declaration: ET.Element | None) -> dict[str, Decimal]:
    if declaration is None:
        return {}
    return {
        entry.get("mapKey", ""): Decimal(entry.get("mappedValue", "0"))
        for entry in declaration.findall("mapping/mapEntry")
    }


def read_item(text: str) -> Reading:
    """One QTI 2.2 or 3.0 item (``assessmentItem`` / ``qti-assessment-item``)."""
    try:
        root, lines = parse(text)
    except XMLRefused as refused:
        return Reading(problems=[refused.problem])
    line = lines.get(id(root), 1)
    _normalise(root)
    if root.tag != "assessmentItem":
        return Reading(problems=[Problem(line, _("A QTI item starts with <assessmentItem>."))])
    body = root.find("itemBody")
    interactions = (
        [node for node in body.iter() if node.tag.endswith("Interaction")]
        if body is not None
        else []
    )
    reading = Reading()
    if len(interactions) > 1:
        reading.skipped.append(
            Problem(
                line,
                _("This QTI item has %(count)s interactions; a Puente item has one.")
                % {"count": len(interactions)},
            )
        )
        return reading
    if not interactions or interactions[0].tag not in SUPPORTED:
        names = ", ".join(sorted({node.tag for node in interactions})) or "—"
        reading.skipped.append(
            Problem(
                line,
                _("Puente has no item type for these QTI interactions: %(names)s.")
                % {"names": names},
            )
        )
        return reading
    interaction = interactions[0]
    declaration = next(
        (
            node
            for node in root.findall("responseDeclaration")
            if node.get("identifier") == interaction.get("responseIdentifier")
        ),
        None,
    )
    prompt = interaction.find("prompt")
    _detach(body, interaction)
    stem = _html(body, skip=set())
    if prompt is not None:
        stem += f"<p>{_plain(prompt)}</p>"
    item = PortableItem(
        Interaction.EXTENDED_TEXT,
        stem=stem,
        identifier=root.get("title", "") or root.get("identifier", ""),
        ref=root.get("identifier", ""),
        line=line,
    )
    try:
        _answers(item, interaction, declaration)
        _processing(item, root.find("responseProcessing"), declaration)
    except (InvalidOperation, ValueError):
        reading.problems.append(Problem(line, _("The answer key is not a number.")))
        return reading
    reading.items.append(item)
    return reading


def _processing(item: PortableItem, processing, declaration) -> None:
    """What the response processing adds: all-or-nothing, case, a numeric tolerance."""
    template = processing.get("template", "") if processing is not None else ""
    if item.multiple and template.removesuffix(".xml").endswith("match_correct"):
        item.all_or_nothing = True
    if item.interaction == Interaction.TEXT and declaration is not None:
        entries = declaration.findall("mapping/mapEntry")
        item.case_sensitive = any(entry.get("caseSensitive") == "true" for entry in entries)
    if item.interaction == Interaction.NUMERIC and processing is not None:
        equal = processing.find(".//equal")
        if equal is not None and equal.get("toleranceMode") == "absolute":
            item.tolerance = abs(Decimal(equal.get("tolerance", "0").split()[0]))


def _answers(item: PortableItem, interaction: ET.Element, declaration) -> None:
    kind, correct, mapping = interaction.tag, _values(declaration), _mapping(declaration)
    if kind == "choiceInteraction":
        item.interaction = Interaction.CHOICE
        item.multiple = interaction.get("maxChoices", "1") != "1"
        for choice in interaction.findall("simpleChoice"):
            key = choice.get("identifier", "")
            if mapping:
                fraction = mapping.get(key, NONE)
            else:
                share = FULL / len(correct) if item.multiple and correct else FULL
                fraction = share if key in correct else NONE
            item.choices.append(PortableChoice(_plain(choice), fraction))
    elif kind == "textEntryInteraction":
        base = declaration.get("baseType", "string") if declaration is not None else "string"
        if base in ("float", "integer"):
            item.interaction = Interaction.NUMERIC
            item.answer = Decimal(correct[0])
            return
        item.interaction = Interaction.TEXT
        accepted = [value for value in correct if value]
        best = max(mapping.values(), default=FULL)
        accepted += [key for key, value in mapping.items() if value == best and key not in accepted]
        item.choices = [PortableChoice(text, FULL) for text in accepted]
    elif kind == "extendedTextInteraction":
        item.interaction = Interaction.EXTENDED_TEXT
    elif kind == "orderInteraction":
        item.interaction = Interaction.ORDER
        texts = {c.get("identifier"): _plain(c) for c in interaction.findall("simpleChoice")}
        item.choices = [PortableChoice(texts[key]) for key in correct if key in texts]
    elif kind == "matchInteraction":
        item.interaction = Interaction.MATCH
        sets = interaction.findall("simpleMatchSet")
        texts = {
            choice.get("identifier"): _plain(choice)
            for match_set in sets
            for choice in match_set.findall("simpleAssociableChoice")
        }
        for pair in correct:
            source, _space, target = pair.partition(" ")
            item.choices.append(PortableChoice(texts.get(source, ""), match=texts.get(target, "")))


# --- writing --------------------------------------------------------------------------


def expressible(item: PortableItem) -> bool:
    return item.interaction != Interaction.TRUE_FALSE or item.answer is not None


def _sub(parent, tag, text=None, **attrs):
    element = ET.SubElement(parent, tag, {k: v for k, v in attrs.items() if v is not None})
    if text is not None:
        element.text = text
    return element


def _body(parent: ET.Element, html: str) -> None:
    """``html`` (Puente's rich text) as XHTML children of ``parent``; escaped text when it
    is not well-formed."""
    try:
        wrapper = ET.fromstring(f"<div>{html}</div>")  # noqa: S314 - our own stored rich text
    except ET.ParseError:
        _sub(parent, "p", strip_tags(html))
        return
    parent.text = (parent.text or "") + (wrapper.text or "")
    parent.extend(list(wrapper))


def _choices(interaction: ET.Element, item: PortableItem, tag: str = "simpleChoice") -> list[str]:
    keys = []
    for index, choice in enumerate(item.choices, 1):
        key = f"C{index}"
        keys.append(key)
        _sub(interaction, tag, choice.text, identifier=key)
    return keys


def assessment_item(item: PortableItem, identifier: str) -> ET.Element:
    """The QTI 2.2 ``assessmentItem`` of ``item``."""
    root = ET.Element(
        "assessmentItem",
        {
            "xmlns": QTI22,
            "identifier": identifier,
            "title": item.identifier or identifier,
            "adaptive": "false",
            "timeDependent": "false",
        },
    )
    response = _sub(root, "responseDeclaration", identifier="RESPONSE")
    score = _sub(
        root, "outcomeDeclaration", identifier="SCORE", cardinality="single", baseType="float"
    )
    _sub(_sub(score, "defaultValue"), "value", "0")
    body = _sub(root, "itemBody")
    _body(body, item.stem)
    template, mapping = "match_correct", {}
    interaction_kind = item.interaction
    if interaction_kind in (Interaction.CHOICE, Interaction.TRUE_FALSE):
        response.set("baseType", "identifier")
        interaction = _sub(
            body, "choiceInteraction", responseIdentifier="RESPONSE", shuffle="false"
        )
        if interaction_kind == Interaction.TRUE_FALSE:
            choices = [
                PortableChoice(_("True"), FULL if item.answer else NONE),
                PortableChoice(_("False"), NONE if item.answer else FULL),
            ]
            item = PortableItem(Interaction.CHOICE, choices=choices)
        keys = _choices(interaction, item)
        interaction.set("maxChoices", "0" if item.multiple else "1")
        response.set("cardinality", "multiple" if item.multiple else "single")
        correct = [
            key for key, choice in zip(keys, item.choices, strict=True) if choice.fraction > NONE
        ]
        fractions = sorted(choice.fraction for choice in item.choices)
        exact = not item.multiple and fractions == [NONE] * (len(fractions) - 1) + [FULL]
        if item.multiple and item.all_or_nothing:
            exact = True
        if not exact:
            template = "map_response"
            mapping = {key: choice.fraction for key, choice in zip(keys, item.choices, strict=True)}
        if not item.multiple and not exact:
            best = max(item.choices, key=lambda choice: choice.fraction)
            correct = [keys[item.choices.index(best)]]
    elif interaction_kind == Interaction.TEXT:
        response.set("baseType", "string")
        response.set("cardinality", "single")
        _sub(
            _sub(body, "p"),
            "textEntryInteraction",
            responseIdentifier="RESPONSE",
            expectedLength="20",
        )
        correct = [choice.text for choice in item.choices[:1]]
        template = "map_response"
        mapping = {choice.text: FULL for choice in item.choices}
    elif interaction_kind == Interaction.NUMERIC:
        response.set("baseType", "float")
        response.set("cardinality", "single")
        _sub(
            _sub(body, "p"),
            "textEntryInteraction",
            responseIdentifier="RESPONSE",
            expectedLength="10",
        )
        correct, template = [decimal_text(item.answer)], None
    elif interaction_kind == Interaction.ORDER:
        response.set("baseType", "identifier")
        response.set("cardinality", "ordered")
        interaction = _sub(body, "orderInteraction", responseIdentifier="RESPONSE", shuffle="true")
        correct = _choices(interaction, item)
    elif interaction_kind == Interaction.MATCH:
        response.set("baseType", "directedPair")
        response.set("cardinality", "multiple")
        count = str(len(item.choices))
        interaction = _sub(
            body,
            "matchInteraction",
            responseIdentifier="RESPONSE",
            shuffle="true",
            maxAssociations=count,
        )
        sources = _sub(interaction, "simpleMatchSet")
        targets = _sub(interaction, "simpleMatchSet")
        correct = []
        for index, choice in enumerate(item.choices, 1):
            _sub(
                sources, "simpleAssociableChoice", choice.text, identifier=f"S{index}", matchMax="1"
            )
            _sub(
                targets,
                "simpleAssociableChoice",
                choice.match,
                identifier=f"T{index}",
                matchMax="1",
            )
            correct.append(f"S{index} T{index}")
        template = "map_response"
        mapping = {pair: FULL / len(correct) for pair in correct}
    else:  # an essay, graded by hand
        response.set("baseType", "string")
        response.set("cardinality", "single")
        _sub(body, "extendedTextInteraction", responseIdentifier="RESPONSE")
        return root
    values = _sub(response, "correctResponse")
    for value in correct:
        _sub(values, "value", value)
    if mapping:
        element = _sub(response, "mapping", lowerBound="0", upperBound="1", defaultValue="0")
        for key, fraction in mapping.items():
            entry = _sub(element, "mapEntry", mapKey=key, mappedValue=decimal_text(fraction))
            if interaction_kind == Interaction.TEXT:
                entry.set("caseSensitive", "true" if item.case_sensitive else "false")
    if template is None:
        _numeric_processing(root, item)
    else:
        _sub(root, "responseProcessing", template=TEMPLATES[QTI22] + template)
    return root


def _numeric_processing(root: ET.Element, item: PortableItem) -> None:
    processing = _sub(root, "responseProcessing")
    condition = _sub(processing, "responseCondition")
    branch = _sub(condition, "responseIf")
    tolerance = decimal_text(item.tolerance)
    equal = _sub(branch, "equal", toleranceMode="absolute", tolerance=f"{tolerance} {tolerance}")
    _sub(equal, "variable", identifier="RESPONSE")
    _sub(equal, "correct", identifier="RESPONSE")
    outcome = _sub(branch, "setOutcomeValue", identifier="SCORE")
    _sub(outcome, "baseValue", "1", baseType="float")
    otherwise = _sub(_sub(condition, "responseElse"), "setOutcomeValue", identifier="SCORE")
    _sub(otherwise, "baseValue", "0", baseType="float")


def to_qti3(root: ET.Element) -> ET.Element:
    """A QTI 2.2 tree with QTI 3.0 names (a copy)."""
    copy = ET.fromstring(ET.tostring(root))  # noqa: S314 - our own tree
    for node in copy.iter():
        local = _local(node.tag)
        # Every element goes into the QTI 3.0 namespace the root declares, the XHTML of the
        # body too (left in the 2.2 namespace it would be written as ns0:p).
        node.tag = _kebab(local, element=True) if local in QTI_ELEMENTS else local
        for key in list(node.attrib):
            if key == "xmlns":
                continue
            value = node.attrib.pop(key)
            node.set(_kebab(key, element=False), value)
        if node.get("template", "").startswith(TEMPLATES[QTI22]):
            name = node.get("template")[len(TEMPLATES[QTI22]) :]
            node.set("template", f"{TEMPLATES[QTI30]}{name}.xml")
    copy.set("xmlns", QTI30)
    return copy


def _xml(root: ET.Element) -> str:
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def write_item(item: PortableItem, *, identifier: str, version: str = "3.0") -> str:
    root = assessment_item(item, identifier)
    return _xml(to_qti3(root) if version == "3.0" else root)


def write(items: list[PortableItem], *, category: str = "") -> bytes:
    """A QTI 3.0 content package: one item file each and the manifest that lists them."""
    manifest = ET.Element("manifest", {"xmlns": CP, "identifier": "puente-items"})
    metadata = _sub(manifest, "metadata")
    _sub(metadata, "schema", "QTI Package")
    _sub(metadata, "schemaversion", "3.0.0")
    _sub(manifest, "organizations")
    resources = _sub(manifest, "resources")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for index, item in enumerate(items, 1):
            identifier = f"item-{item.ref or index}"
            href = f"items/{identifier}.xml"
            package.writestr(href, write_item(item, identifier=identifier))
            resource = _sub(
                resources, "resource", identifier=identifier, type="imsqti_item_xmlv3p0", href=href
            )
            _sub(resource, "file", href=href)
        package.writestr("imsmanifest.xml", _xml(manifest))
    return buffer.getvalue()


def read(content: bytes | str) -> Reading:
    """A QTI item file, or a content package (zip) of items."""
    if isinstance(content, str):
        return read_item(content)
    if not zipfile.is_zipfile(io.BytesIO(content)):
        try:
            return read_item(content.decode("utf-8-sig"))
        except UnicodeDecodeError:
            return Reading(problems=[Problem(0, _("The file is not UTF-8 text."))])
    reading = Reading()
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        names = [
            name
            for name in package.namelist()
            if name.endswith(".xml") and not name.endswith("imsmanifest.xml")
        ]
        for name in names:
            part = read_item(package.read(name).decode("utf-8-sig"))
            for problem in part.problems:
                reading.problems.append(Problem(problem.line, f"{name}: {problem.message}"))
            for skipped in part.skipped:
                reading.skipped.append(Problem(skipped.line, f"{name}: {skipped.message}"))
            reading.items.extend(part.items)
    return reading
