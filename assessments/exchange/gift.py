"""GIFT, Moodle's plain-text question format: read as Moodle reads it, written so that
Moodle and independent parsers (gift-pegjs) read it back the same.

Reading follows Moodle's ``question/format/gift``: questions are separated by blank lines;
``//`` lines are comments, where Moodle keeps an item's ``[id:…]`` and ``[tag:…]``;
``$CATEGORY:`` switches the category of the questions that follow (kept as a tag); the
answer block ``{…}`` decides the interaction (empty: essay; ``#``: numeric; any ``~``:
choice; ``=`` with ``->``: matching; ``=`` only: short answer; ``T``/``F``: true or false).
What Moodle accepts beyond the documentation is accepted too, e.g. a numeric wrong-answer
branch ``{#3:2~#Completely wrong}``.

Puente adds one comment Moodle ignores, ``// [puente:kind=…&points=…&scoring=…]``, for what
GIFT cannot say (points, the scoring of multiple response, case sensitivity, units), so an
export imports back unchanged.
"""

from __future__ import annotations

import html
import re
from decimal import Decimal, InvalidOperation
from urllib.parse import parse_qsl, urlencode

from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from ..portable import (
    FULL,
    NONE,
    Interaction,
    PortableChoice,
    PortableItem,
    decimal_text,
    fraction_text,
)
from . import Problem, Reading

SPECIAL = "~=#{}:"
_PLACEHOLDER = {char: chr(0xE000 + index) for index, char in enumerate(SPECIAL + "\\")}
_RESTORE = {placeholder: char for char, placeholder in _PLACEHOLDER.items()}
_FORMAT = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
_WEIGHT = re.compile(r"^\s*%(-?\d+(?:[.,]\d+)?)%")
_META = re.compile(r"\[(id|tag):([^\]]*)\]")
_PUENTE = re.compile(r"\[puente:([^\]]*)\]")
_TRUE_FALSE = re.compile(
    r"^(T|TRUE|F|FALSE)\s*(?:#(.*?))?\s*(?:#(.*))?$", re.IGNORECASE | re.DOTALL
)
_BLANK = "_____"


# --- reading --------------------------------------------------------------------------


def _protect(text: str) -> str:
    """Escaped characters as private placeholders (Moodle's ``escapedchar_pre``)."""
    text = text.replace("\\\\", _PLACEHOLDER["\\"])
    for char in SPECIAL:
        text = text.replace("\\" + char, _PLACEHOLDER[char])
    return text.replace("\\n", "\n")


def _restore(text: str) -> str:
    return "".join(_RESTORE.get(char, char) for char in text)


def _as_html(text: str, text_format: str) -> str:
    """A stem or feedback as Puente keeps it (HTML)."""
    text = _restore(text).strip()
    if not text:
        return ""
    if text_format == "html":
        return text
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()]
    return "".join(
        "<p>" + "<br>".join(html.escape(line.strip()) for line in part.splitlines()) + "</p>"
        for part in paragraphs
    )


def _as_plain(text: str, text_format: str) -> str:
    """An answer or its feedback as Puente keeps it (plain text)."""
    match = _FORMAT.match(text)
    if match:
        text_format, text = match.group(1).lower(), text[match.end() :]
    text = _restore(text).strip()
    if text_format == "html":
        text = html.unescape(strip_tags(text))
    return " ".join(text.split()) if "\n" not in text.strip() else text.strip()


def _number(text: str) -> Decimal:
    try:
        value = Decimal(_restore(text).strip().replace(",", "."))
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite():
        raise ValueError(text)
    return value


def _numeric_spec(spec: str) -> tuple[Decimal, Decimal]:
    """``answer``, ``answer:tolerance`` or ``low..high`` → (answer, tolerance)."""
    spec = spec.strip()
    if ".." in spec:
        low, high = (_number(part) for part in spec.split("..", 1))
        return (low + high) / 2, abs(high - low) / 2
    if ":" in spec:
        answer, tolerance = spec.split(":", 1)
        return _number(answer), abs(_number(tolerance))
    return _number(spec), NONE


def _split_answers(text: str) -> list[tuple[str, str]]:
    """``=a ~b`` → ``[("=", "a"), ("~", "b")]`` (escaped markers are placeholders by now)."""
    parts = re.split(r"([=~])", text)
    answers = []
    for index in range(1, len(parts), 2):
        answers.append((parts[index], parts[index + 1]))
    return answers


def _weighted(body: str) -> tuple[Decimal | None, str]:
    match = _WEIGHT.match(body)
    if not match:
        return None, body
    return Decimal(match.group(1).replace(",", ".")) / 100, body[match.end() :]


def _feedback(body: str) -> tuple[str, str]:
    text, _sep, feedback = body.partition("#")
    return text, feedback


class _Reader:
    def __init__(self):
        self.reading = Reading()
        self.category = ""

    def problem(self, line: int, message: str) -> None:
        self.reading.problems.append(Problem(line, message))

    def block(self, lines: list[tuple[int, str]]) -> None:
        comments = [text.strip() for _n, text in lines if text.strip().startswith("//")]
        body = [(number, text) for number, text in lines if not text.strip().startswith("//")]
        if not body:
            return
        line = body[0][0]
        text = _protect("\n".join(text for _n, text in body)).strip()
        if text.startswith("$CATEGORY:"):
            path = _restore(text[len("$CATEGORY:") :]).strip()
            path = re.sub(r"^\$(course|cat\d*|module|system)\$/", "", path)
            self.category = re.sub(r"^top(/|$)", "", path).strip("/")
            return
        item = self.question(text, line)
        if item is None:
            return
        meta = "\n".join(comments)
        for name, value in _META.findall(meta):
            value = _restore(value).strip()
            if name == "id" and value:
                item.ref = value
            elif name == "tag" and value:
                item.tags.append(value)
        if self.category and self.category not in item.tags:
            item.tags.insert(0, self.category)
        for extension in _PUENTE.findall(meta):
            self.extension(item, extension)
        self.reading.items.append(item)

    def extension(self, item: PortableItem, query: str) -> None:
        values = dict(parse_qsl(query))
        item.kind = values.get("kind", "")
        try:
            if "points" in values:
                item.points = Decimal(values["points"])
        except InvalidOperation:
            self.problem(item.line, _("The points in the [puente:…] comment are not a number."))
        if "scoring" in values:
            item.all_or_nothing = values["scoring"] == "all-or-nothing"
        if "case" in values:
            item.case_sensitive = values["case"] == "1"
        if "accents" in values:
            item.accent_sensitive = values["accents"] == "1"
        if "units" in values:
            item.units = [unit for unit in values["units"].split("|") if unit]

    def question(self, text: str, line: int) -> PortableItem | None:
        title = ""
        if text.startswith("::"):
            end = text.find("::", 2)
            if end < 0:
                self.problem(line, _("The title is not closed with ::."))
                return None
            title, text = _restore(text[2:end]).strip(), text[end + 2 :].strip()
        text_format = "moodle"
        match = _FORMAT.match(text)
        if match:
            text_format, text = match.group(1).lower(), text[match.end() :]
        start = text.find("{")
        if start < 0:
            self.reading.skipped.append(
                Problem(line, _("A description (text with no answers) is not a question."))
            )
            return None
        end = text.find("}", start)
        if end < 0:
            self.problem(line, _("The answers are not closed with }."))
            return None
        after = text[end + 1 :].strip()
        stem = text[:start].rstrip() + (f" {_BLANK} {after}" if after else "")
        answers = text[start + 1 : end].strip()
        general_feedback = ""
        if "####" in answers:
            answers, general_feedback = answers.split("####", 1)
            answers = answers.strip()
        item = PortableItem(
            Interaction.EXTENDED_TEXT,
            stem=_as_html(stem, text_format),
            identifier=title,
            general_feedback=_as_html(general_feedback, text_format),
            line=line,
        )
        if text_format == "markdown":
            item.warnings.append(_("Markdown is kept as plain text."))
        if not item.stem:
            self.problem(line, _("The question has no text."))
            return None
        try:
            ok = self.answers(item, answers, text_format)
        except ValueError as error:
            self.problem(
                line, _("“%(value)s” is not a number.") % {"value": _restore(str(error)).strip()}
            )
            return None
        return item if ok else None

    def answers(self, item: PortableItem, answers: str, text_format: str) -> bool:
        if not answers:
            return True  # an essay
        if answers.startswith("#"):
            return self.numeric(item, answers[1:])
        if "~" in answers:
            return self.choice(item, answers, text_format)
        if "=" in answers and "->" in answers:
            return self.matching(item, answers, text_format)
        if "=" in answers:
            item.interaction = Interaction.TEXT
            for _marker, body in _split_answers(answers):
                weight, body = _weighted(body)
                text, feedback = _feedback(body)
                item.choices.append(
                    PortableChoice(
                        _as_plain(text, text_format),
                        FULL if weight is None else weight,
                        feedback=_as_plain(feedback, text_format),
                    )
                )
            return True
        match = _TRUE_FALSE.match(answers)
        if match:
            item.interaction = Interaction.TRUE_FALSE
            item.answer = match.group(1).upper().startswith("T")
            if (match.group(2) or "").strip() or (match.group(3) or "").strip():
                item.warnings.append(
                    _("Feedback on true or false answers is left out; the general one is kept.")
                )
            return True
        # One accepted answer written without '=' (``{One}``), as gift-pegjs reads it.
        text, feedback = _feedback(answers)
        item.interaction = Interaction.TEXT
        item.choices.append(
            PortableChoice(
                _as_plain(text, text_format), FULL, feedback=_as_plain(feedback, text_format)
            )
        )
        return True

    def choice(self, item: PortableItem, answers: str, text_format: str) -> bool:
        item.interaction = Interaction.CHOICE
        item.multiple = "=" not in answers  # Moodle: no '=' answer, several may be picked
        for marker, body in _split_answers(answers):
            weight, body = _weighted(body)
            if weight is None:
                weight = FULL if marker == "=" else NONE
            text, feedback = _feedback(body)
            item.choices.append(
                PortableChoice(
                    _as_plain(text, text_format), weight, feedback=_as_plain(feedback, text_format)
                )
            )
        if not any(choice.fraction > NONE for choice in item.choices):
            self.problem(item.line, _("No answer is marked right."))
            return False
        return True

    def matching(self, item: PortableItem, answers: str, text_format: str) -> bool:
        item.interaction = Interaction.MATCH
        for marker, body in _split_answers(answers):
            if marker != "=" or "->" not in body:
                self.problem(item.line, _("Each matching pair is written =element -> partner."))
                return False
            left, right = body.split("->", 1)
            item.choices.append(
                PortableChoice(_as_plain(left, text_format), match=_as_plain(right, text_format))
            )
        return True

    def numeric(self, item: PortableItem, answers: str) -> bool:
        item.interaction = Interaction.NUMERIC
        answers = answers.strip()
        if answers and answers[0] not in "=~" and ("~" in answers or "=" in answers):
            answers = "=" + answers  # {#3:2~#Completely wrong}: the first answer is the right one
        if not answers or answers[0] not in "=~":
            spec, _feedback_text = _feedback(answers)
            item.answer, item.tolerance = _numeric_spec(spec)
            return True
        found = False
        for marker, body in _split_answers(answers):
            weight, body = _weighted(body)
            spec, _feedback_text = _feedback(body)
            if marker == "~" or not spec.strip():
                continue  # a wrong-answer branch (Moodle accepts {#3:2 ~#Completely wrong})
            if (weight is None or weight == FULL) and not found:
                item.answer, item.tolerance = _numeric_spec(spec)
                found = True
            else:
                _numeric_spec(spec)  # still a number
        if not found:
            self.problem(item.line, _("No numeric answer is worth full credit."))
            return False
        if len(_split_answers(answers)) > 1:
            item.warnings.append(
                _("Only the answer worth full credit is kept; other answers and feedback are not.")
            )
        return True


def read(text: str) -> Reading:
    """Every question of GIFT ``text``, with every problem at its line."""
    reader = _Reader()
    lines: list[tuple[int, str]] = []
    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), 1):
        if raw.strip():
            lines.append((number, raw))
        else:  # a blank line ends a question, as in Moodle
            reader.block(lines)
            lines = []
    reader.block(lines)
    return reader.reading


# --- writing --------------------------------------------------------------------------


def escape(text: str) -> str:
    """Text with GIFT's special characters escaped, on one line."""
    text = text.replace("\\", "\\\\")
    for char in SPECIAL:
        text = text.replace(char, "\\" + char)
    return text.replace("\r\n", "\n").replace("\n", "\\n")


def _answer_text(text: str) -> str:
    """A plain answer inside an HTML question (the question's format is the answers')."""
    return escape(html.escape(text, quote=False))


def _extension(item: PortableItem) -> str:
    values = {"kind": item.kind}
    if item.points is not None and item.points != FULL:
        values["points"] = decimal_text(item.points)
    if item.interaction == Interaction.CHOICE and item.multiple:
        values["scoring"] = "all-or-nothing" if item.all_or_nothing else "proportional"
    if item.case_sensitive:
        values["case"] = "1"
    if item.accent_sensitive:
        values["accents"] = "1"
    if item.units:
        values["units"] = "|".join(item.units)
    return "// [puente:" + urlencode(values).replace("]", "%5D") + "]"


def _choice_line(marker: str, choice: PortableChoice, weight: str = "") -> str:
    line = f"\t{marker}{weight}{_answer_text(choice.text)}"
    if choice.feedback:
        line += "#" + _answer_text(choice.feedback)
    return line


def _answers(item: PortableItem) -> list[str] | None:
    interaction = item.interaction
    if interaction == Interaction.EXTENDED_TEXT:
        return []
    if interaction == Interaction.TRUE_FALSE:
        return ["TRUE" if item.answer else "FALSE"]
    if interaction == Interaction.NUMERIC:
        return [f"#{decimal_text(item.answer)}:{decimal_text(item.tolerance)}"]
    if interaction == Interaction.TEXT:
        return [_choice_line("=", choice) for choice in item.choices]
    if interaction == Interaction.MATCH:
        return [
            f"\t={_answer_text(choice.text)} -> {_answer_text(choice.match)}"
            for choice in item.choices
        ]
    if interaction == Interaction.CHOICE and item.multiple:
        # No '=' at all: Moodle lets the trainee pick several.
        return [
            _choice_line("~", choice, f"%{fraction_text(choice.fraction)}%")
            for choice in item.choices
        ]
    if interaction == Interaction.CHOICE:
        best = max(choice.fraction for choice in item.choices)
        lines = []
        for choice in item.choices:
            if choice.fraction == best:  # one '=' at least: Moodle lets the trainee pick one
                weight = "" if best == FULL else f"%{fraction_text(best)}%"
                lines.append(_choice_line("=", choice, weight))
            else:
                weight = "" if choice.fraction == NONE else f"%{fraction_text(choice.fraction)}%"
                lines.append(_choice_line("~", choice, weight))
        return lines
    return None  # GIFT has no ordering


def expressible(item: PortableItem) -> bool:
    return _answers(item) is not None


def write_item(item: PortableItem) -> str:
    answers = _answers(item)
    if answers is None:
        raise ValueError(f"GIFT cannot express a {item.interaction} interaction.")
    lines = []
    if item.ref:
        lines.append(f"// [id:{item.ref}]")
    if item.tags:
        lines.append("// " + " ".join(f"[tag:{tag}]" for tag in item.tags))
    lines.append(_extension(item))
    head = f"::{escape(item.identifier)}::" if item.identifier else ""
    head += "[html]" + escape(item.stem)
    feedback = ["\t####" + escape(item.general_feedback)] if item.general_feedback else []
    if len(answers) <= 1 and not feedback:
        lines.append(head + "{" + "".join(answer.strip() for answer in answers) + "}")
    else:
        lines.append(head + "{")
        lines.extend(answers)
        lines.extend(feedback)
        lines.append("}")
    return "\n".join(lines)


def write(items: list[PortableItem], *, category: str = "") -> str:
    """GIFT for ``items`` (each must be ``expressible``), under ``category`` when given."""
    blocks = [f"$CATEGORY: $course$/top/{category}"] if category else []
    blocks.extend(write_item(item) for item in items)
    return "\n\n".join(blocks) + "\n"
