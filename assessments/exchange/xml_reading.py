"""Reading an XML question file from anywhere (Moodle XML, QTI): defusedxml with DTDs and
entities refused, and the line each element starts at, so every problem can name its line."""

from __future__ import annotations

import xml.etree.ElementTree as ET  # noqa: S405 - the tree builder only; parsing is defusedxml's

from django.utils.translation import gettext as _

from defusedxml.common import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from . import Problem


class XMLRefused(ValueError):
    """The file is not XML Puente reads; ``problem`` says why, at its line."""

    def __init__(self, problem: Problem):
        super().__init__(problem)
        self.problem = problem


class _LineBuilder(ET.TreeBuilder):
    """Remembers the line each element starts at (ElementTree keeps none)."""

    def __init__(self):
        super().__init__()
        self.parser = None
        self.lines: dict[int, int] = {}

    def start(self, tag, attrs):
        element = super().start(tag, attrs)
        self.lines[id(element)] = self.parser.parser.CurrentLineNumber
        return element


def parse(text: str) -> tuple[ET.Element, dict[int, int]]:
    """The root of ``text`` and ``{id(element): line}``; ``XMLRefused`` when it is not
    well-formed or declares a DTD or entities."""
    builder = _LineBuilder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True)
    builder.parser = parser
    try:
        parser.feed(text)
        root = parser.close()
    except ET.ParseError as error:
        line = error.position[0] if error.position else 0
        reason = error.msg if hasattr(error, "msg") else error
        raise XMLRefused(
            Problem(line, _("Not valid XML: %(error)s.") % {"error": reason})
        ) from None
    except DefusedXmlException:
        raise XMLRefused(
            Problem(0, _("The file declares a DTD or entities, which are refused."))
        ) from None
    return root, builder.lines
