"""The payload corpus (issue 16): hostile strings typed wherever people type, and the checks
every page, CSV and PDF that shows them must pass. One corpus, one place: the hostile-input
tests (``tests/cms/test_hostile_*.py``) and the browser journey import it from here."""

import csv
import html
import io
import re

from bs4 import BeautifulSoup
from pypdf import PdfReader

# Each script payload calls ``alert(`` (or sets ``window.pwned``), so a live one is found by
# that marker; the formula payloads start with the characters spreadsheets evaluate.
PAYLOADS = [
    "<script>alert('xss')</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "javascript:alert(1)",
    '=HYPERLINK("http://evil.example","pulse aquí")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "{{ 7|add:7 }}{% debug %}",
    "\u202egnp.exe",
]
# Markup an author may legitimately write in rich text, each with a hostile part that must go.
RICH_PAYLOADS = [
    "<p>antes<script>alert('rich')</script>después</p>",
    '<p><img src="x" onerror="alert(2)">imagen</p>',
    '<p><a href="javascript:alert(3)">enlace</a></p>',
    '<p onmouseover="alert(4)">párrafo</p>',
    '<p><iframe src="javascript:alert(5)"></iframe>marco</p>',
    "<svg><script>window.pwned=1</script></svg>",
]
MARKER = re.compile(r"alert\(|pwned", re.IGNORECASE)
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _is_data_block(tag) -> bool:
    kind = (tag.get("type") or "").lower()
    return tag.name == "script" and kind in ("application/json", "application/ld+json")


def assert_inert_html(text: str) -> None:
    """No payload is live in ``text``: no script element, event handler or script URL that
    carries a payload's marker (the page's own scripts never do)."""
    soup = BeautifulSoup(text, "html.parser")
    for tag in soup.find_all(True):
        if _is_data_block(tag):
            continue  # JSON the page's scripts read; a payload breaking out of it is a new tag
        if tag.name in ("script", "iframe", "object", "embed") and MARKER.search(str(tag)):
            raise AssertionError(f"live <{tag.name}>: {str(tag)[:200]}")
        for name, value in tag.attrs.items():
            value = " ".join(value) if isinstance(value, list) else str(value)
            if name.lower().startswith("on") and MARKER.search(value):
                raise AssertionError(f"live handler {name}={value!r} on <{tag.name}>")
            if name.lower() in URL_ATTRIBUTES:
                bare = re.sub(r"[\x00-\x20]", "", html.unescape(value)).lower()
                if bare.startswith(("javascript:", "vbscript:", "data:text/html")):
                    raise AssertionError(f"script URL {name}={value!r} on <{tag.name}>")


def assert_shown_as_text(text: str, payload: str) -> None:
    """``payload`` reads as the literal text the person typed (escaped, not interpreted)."""
    assert_inert_html(text)
    soup = BeautifulSoup(text, "html.parser")
    assert payload in soup.get_text(), payload


def assert_no_formula(csv_text: str) -> None:
    """No cell of ``csv_text`` starts a spreadsheet formula (a number may be negative)."""
    for row in csv.reader(io.StringIO(csv_text)):
        for cell in row:
            if re.fullmatch(r"-?\d+([.,]\d+)?%?", cell):
                continue
            assert not cell.startswith(FORMULA_START), cell


def pdf_text(content: bytes) -> str:
    """The text of a PDF, one space between words."""
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


FORBIDDEN_PDF_KEYS = {"/JavaScript", "/JS", "/Launch", "/SubmitForm", "/OpenAction", "/AA"}


def _pdf_keys(node, seen: set[int]):
    """Every dictionary key and action type reachable from ``node`` (indirect objects once)."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    if isinstance(node, IndirectObject):
        if node.idnum in seen:
            return
        seen.add(node.idnum)
        node = node.get_object()
    if isinstance(node, DictionaryObject):
        for key, value in node.items():
            yield str(key)
            if key == "/S" and isinstance(value, NameObject):
                yield str(value)
            yield from _pdf_keys(value, seen)
    elif isinstance(node, ArrayObject):
        for value in node:
            yield from _pdf_keys(value, seen)


def assert_pdf_is_inert(content: bytes) -> None:
    """A PDF with no JavaScript, launch, submit-form or automatic actions in any object."""
    reader = PdfReader(io.BytesIO(content))
    found = set(_pdf_keys(reader.trailer, set())) & FORBIDDEN_PDF_KEYS
    assert not found, found
