"""Moodle XML, Moodle's full question format: read with defusedxml (a file from anywhere
may carry entity bombs or external entities), written with the standard library.

Question types map to interactions: ``multichoice`` (``single`` true or false),
``truefalse``, ``shortanswer``, ``numerical`` (tolerance and units), ``matching``
(distractors are subquestions with no text), ``ordering`` (the widely installed plugin),
``essay`` (its grader information is Puente's model answer). ``category`` pseudo-questions
become tags; ``description`` and types Puente has not (calculated, cloze…) are skipped with
the reason. An image embedded in the question text (``<file encoding="base64">``, shown
with ``@@PLUGINFILE@@``) becomes the item's image.
"""

from __future__ import annotations

import base64
import binascii
import html
import re
import xml.etree.ElementTree as ET  # noqa: S405 - writing only; reading goes through defusedxml
from decimal import Decimal, InvalidOperation

from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from ..portable import (
    FULL,
    NONE,
    Interaction,
    PortableChoice,
    PortableImage,
    PortableItem,
    decimal_text,
)
from . import Problem, Reading
from .xml_reading import XMLRefused, parse

PLUGINFILE = "@@PLUGINFILE@@/"
_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r'(\w+)\s*=\s*"([^"]*)"')
SKIPPED_TYPES = {
    "description": "A description (text with no answers) is not a question.",
}


# --- reading --------------------------------------------------------------------------


def _text(element: ET.Element | None, path: str = "text") -> str:
    if element is None:
        return ""
    found = element.find(path) if path else element
    return (found.text or "").strip() if found is not None else ""


def _html(element: ET.Element | None) -> str:
    """A Moodle text element as HTML, whatever its format."""
    if element is None:
        return ""
    text = _text(element)
    if element.get("format", "html") == "html":
        return text
    return "".join(
        f"<p>{html.escape(part.strip())}</p>" for part in re.split(r"\n\s*\n", text) if part.strip()
    )


def _plain(element: ET.Element | None) -> str:
    if element is None:
        return ""
    text = _text(element)
    if element.get("format", "html") in ("html", "moodle_auto_format"):
        text = html.unescape(strip_tags(text))
    return " ".join(text.split())


def _number(text: str, line: int) -> Decimal:
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite():
        raise ValueError(text)
    return value


def _image(question: ET.Element, stem: str) -> tuple[str, PortableImage | None]:
    """The first embedded image of the question text, taken out of the stem."""
    text_element = question.find("questiontext")
    files = {
        file.get("name", ""): file
        for file in (text_element.findall("file") if text_element is not None else [])
        if file.get("encoding") == "base64"
    }
    for tag in _IMG.findall(stem):
        attrs = dict(_ATTR.findall(tag))
        source = attrs.get("src", "")
        if not source.startswith(PLUGINFILE):
            continue
        name = source[len(PLUGINFILE) :]
        file = files.get(name)
        if file is None:
            continue
        try:
            data = base64.b64decode((file.text or "").strip(), validate=False)
        except (binascii.Error, ValueError):
            continue
        stem = stem.replace(tag, "").replace("<p></p>", "").strip()
        return stem, PortableImage(name, data, html.unescape(attrs.get("alt", "")))
    return stem, None


class _Reader:
    def __init__(self, lines: dict[int, int]):
        self.lines = lines
        self.reading = Reading()
        self.category = ""

    def line(self, element) -> int:
        return self.lines.get(id(element), 0)

    def question(self, question: ET.Element) -> None:
        kind, line = question.get("type", ""), self.line(question)
        if kind == "category":
            path = _text(question.find("category"))
            path = re.sub(r"^\$(course|cat\d*|module|system)\$/", "", path)
            self.category = re.sub(r"^top(/|$)", "", path).strip("/")
            return
        if kind in SKIPPED_TYPES:
            self.reading.skipped.append(Problem(line, _(SKIPPED_TYPES[kind])))
            return
        reader = getattr(self, f"read_{kind}", None)
        if reader is None:
            self.reading.skipped.append(
                Problem(
                    line,
                    _("Puente has no question type like Moodle's “%(type)s”.") % {"type": kind},
                )
            )
            return
        stem, image = _image(question, _html(question.find("questiontext")))
        item = PortableItem(
            Interaction.EXTENDED_TEXT,
            stem=stem,
            identifier=_text(question.find("name")),
            ref=_text(question, "idnumber"),
            general_feedback=_html(question.find("generalfeedback")),
            line=line,
        )
        item.image = image
        self.extension(item, question)
        grade = _text(question, "defaultgrade")
        try:
            if grade:
                item.points = _number(grade, line)
            if reader(item, question) is False:
                return
        except ValueError as error:
            self.reading.problems.append(
                Problem(line, _("“%(value)s” is not a number.") % {"value": str(error)})
            )
            return
        item.tags = [self.category] if self.category else []
        item.tags += [_text(tag) for tag in question.findall("tags/tag") if _text(tag)]
        if not item.stem and item.image is None:
            self.reading.problems.append(Problem(line, _("The question has no text.")))
            return
        self.reading.items.append(item)

    def extension(self, item: PortableItem, question: ET.Element) -> None:
        """Puente's own elements, which Moodle ignores (what its format cannot say)."""
        item.kind = _text(question, "puentekind")
        scoring = _text(question, "puentescoring")
        if scoring:
            item.all_or_nothing = scoring == "all-or-nothing"
        if _text(question, "puenteaccents"):
            item.accent_sensitive = _text(question, "puenteaccents") == "1"

    def _answers(self, question) -> list[tuple[ET.Element, Decimal]]:
        answers = []
        for answer in question.findall("answer"):
            fraction = _number(answer.get("fraction", "0"), self.line(answer)) / 100
            answers.append((answer, fraction))
        return answers

    def _choice(self, answer: ET.Element, fraction: Decimal) -> PortableChoice:
        return PortableChoice(_plain(answer), fraction, feedback=_plain(answer.find("feedback")))

    def read_multichoice(self, item, question):
        item.interaction = Interaction.CHOICE
        item.multiple = _text(question, "single").lower() in ("false", "0")
        item.choices = [
            self._choice(answer, fraction) for answer, fraction in self._answers(question)
        ]
        if not any(choice.fraction > NONE for choice in item.choices):
            self.reading.problems.append(Problem(item.line, _("No answer is marked right.")))
            return False
        return True

    def read_truefalse(self, item, question):
        item.interaction = Interaction.TRUE_FALSE
        for answer, fraction in self._answers(question):
            if fraction == FULL:
                item.answer = _text(answer).lower() in ("true", "verdadero", "1")
        if item.answer is None:
            self.reading.problems.append(Problem(item.line, _("No answer is marked right.")))
            return False
        return True

    def read_shortanswer(self, item, question):
        item.interaction = Interaction.TEXT
        item.case_sensitive = _text(question, "usecase") == "1"
        item.choices = [
            self._choice(answer, fraction) for answer, fraction in self._answers(question)
        ]
        return True

    def read_numerical(self, item, question):
        item.interaction = Interaction.NUMERIC
        for answer, fraction in self._answers(question):
            text = _text(answer)
            if fraction == FULL and text != "*" and item.answer is None:
                item.answer = _number(text, item.line)
                item.tolerance = abs(_number(_text(answer, "tolerance") or "0", item.line))
            elif text != "*" or fraction:
                item.warnings.append(
                    _(
                        "Only the answer worth full credit is kept; other answers and feedback are not."  # noqa: E501
                    )
                )
        item.units = [
            _text(unit, "unit_name")
            for unit in question.findall("units/unit")
            if _text(unit, "unit_name")
        ]
        if item.answer is None:
            self.reading.problems.append(
                Problem(item.line, _("No numeric answer is worth full credit."))
            )
            return False
        return True

    def read_matching(self, item, question):
        item.interaction = Interaction.MATCH
        for sub in question.findall("subquestion"):
            item.choices.append(PortableChoice(_plain(sub), match=_plain(sub.find("answer"))))
        return True

    def read_ordering(self, item, question):
        item.interaction = Interaction.ORDER
        # The plugin's correct order is the order of the answers in the file.
        item.choices = [PortableChoice(_plain(answer)) for answer in question.findall("answer")]
        return True

    def read_essay(self, item, question):
        item.interaction = Interaction.EXTENDED_TEXT
        item.model_answer = _plain(question.find("graderinfo"))
        return True


def read(text: str) -> Reading:
    """Every question of Moodle XML ``text``, with every problem at its line."""
    try:
        root, lines = parse(text)
    except XMLRefused as refused:
        return Reading(problems=[refused.problem])
    if root.tag != "quiz":
        return Reading(problems=[Problem(1, _("A Moodle XML file starts with <quiz>."))])
    reader = _Reader(lines)
    for question in root.findall("question"):
        reader.question(question)
    return reader.reading


# --- writing --------------------------------------------------------------------------


def _text_element(parent: ET.Element, tag: str, text: str, *, text_format: str | None = "html"):
    element = ET.SubElement(parent, tag)
    if text_format:
        element.set("format", text_format)
    ET.SubElement(element, "text").text = text
    return element


def _value(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, tag).text = text


QTYPES = {
    Interaction.CHOICE: "multichoice",
    Interaction.TRUE_FALSE: "truefalse",
    Interaction.TEXT: "shortanswer",
    Interaction.NUMERIC: "numerical",
    Interaction.MATCH: "matching",
    Interaction.ORDER: "ordering",
    Interaction.EXTENDED_TEXT: "essay",
}


def expressible(item: PortableItem) -> bool:
    return item.interaction in QTYPES


def _answer(parent, fraction: Decimal, text: str, feedback: str = "", *, text_format="plain_text"):
    answer = ET.SubElement(
        parent, "answer", fraction=decimal_text(fraction * 100), format=text_format
    )
    ET.SubElement(answer, "text").text = text
    if feedback:
        _text_element(answer, "feedback", html.escape(feedback))
    return answer


def _question(item: PortableItem) -> ET.Element:
    question = ET.Element("question", type=QTYPES[item.interaction])
    _text_element(question, "name", item.identifier, text_format=None)
    stem = item.stem
    image = item.image
    text = _text_element(question, "questiontext", stem)
    if image is not None:
        alt = html.escape(image.alt)
        text.find("text").text = stem + f'<p><img src="{PLUGINFILE}{image.name}" alt="{alt}"></p>'
        file = ET.SubElement(text, "file", name=image.name, path="/", encoding="base64")
        file.text = base64.b64encode(image.data).decode()
    _text_element(question, "generalfeedback", item.general_feedback)
    _value(question, "defaultgrade", decimal_text(item.points if item.points is not None else FULL))
    _value(question, "penalty", "0")
    _value(question, "hidden", "0")
    _value(question, "idnumber", item.ref)
    _value(question, "puentekind", item.kind)
    if item.interaction == Interaction.CHOICE and item.multiple:
        _value(
            question, "puentescoring", "all-or-nothing" if item.all_or_nothing else "proportional"
        )
    if item.accent_sensitive:
        _value(question, "puenteaccents", "1")
    interaction = item.interaction
    if interaction == Interaction.CHOICE:
        _value(question, "single", "false" if item.multiple else "true")
        _value(question, "shuffleanswers", "true")
        _value(question, "answernumbering", "abc")
        for choice in item.choices:
            _answer(question, choice.fraction, choice.text, choice.feedback)
    elif interaction == Interaction.TRUE_FALSE:
        _answer(question, FULL if item.answer else NONE, "true")
        _answer(question, NONE if item.answer else FULL, "false")
    elif interaction == Interaction.TEXT:
        _value(question, "usecase", "1" if item.case_sensitive else "0")
        for choice in item.choices:
            _answer(question, choice.fraction, choice.text, choice.feedback)
    elif interaction == Interaction.NUMERIC:
        answer = _answer(question, FULL, decimal_text(item.answer))
        _value(answer, "tolerance", decimal_text(item.tolerance))
        if item.units:
            units = ET.SubElement(question, "units")
            for unit in item.units:
                element = ET.SubElement(units, "unit")
                _value(element, "multiplier", "1")
                _value(element, "unit_name", unit)
    elif interaction == Interaction.MATCH:
        _value(question, "shuffleanswers", "true")
        for choice in item.choices:
            sub = _text_element(question, "subquestion", html.escape(choice.text))
            answer = ET.SubElement(sub, "answer")
            ET.SubElement(answer, "text").text = choice.match
    elif interaction == Interaction.ORDER:
        for choice in item.choices:
            _answer(question, FULL, choice.text)
    elif interaction == Interaction.EXTENDED_TEXT:
        _value(question, "responseformat", "editor")
        _value(question, "responserequired", "1")
        _text_element(question, "graderinfo", html.escape(item.model_answer))
    if item.tags:
        tags = ET.SubElement(question, "tags")
        for tag in item.tags:
            ET.SubElement(ET.SubElement(tags, "tag"), "text").text = tag
    return question


def write(items: list[PortableItem], *, category: str = "") -> str:
    quiz = ET.Element("quiz")
    if category:
        element = ET.SubElement(quiz, "question", type="category")
        _text_element(element, "category", f"$course$/top/{category}", text_format=None)
    for item in items:
        quiz.append(_question(item))
    ET.indent(quiz)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"
