"""Reading a roster of trainees from a CSV or XLSX file: no database, plain values out.

Columns (first non-empty row is the header, in Spanish or English, any order, accents and
case ignored): given names, family names, e-mail (required), CURP and language (optional;
language: a code of ``settings.LANGUAGES`` or its name in any of them, empty meaning the
default language). CSV files may be
UTF-8 with or without BOM (Windows-1252 accepted too, as older Excel saves them), separated
by ``,`` ``;`` or tabs. Row numbers are the spreadsheet's (the header is row 1 when it is
the first line). Whole-file problems raise ``RosterFileError``; row problems are listed.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.languages import language_codes
from accounts.validators import normalize_curp, validate_curp

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 1000
NAME_MAX_LENGTH = 150

COLUMNS = {
    "first_name": gettext_lazy("given names"),
    "last_name": gettext_lazy("family names"),
    "email": gettext_lazy("e-mail"),
    "curp": gettext_lazy("CURP"),
    "language": gettext_lazy("language"),
}
REQUIRED = ("first_name", "last_name", "email")
HEADERS = {
    "first_name": {
        "nombres",
        "nombre",
        "nombre s",
        "given names",
        "given name",
        "first name",
        "first names",
        "forename",
        "forenames",
    },
    "last_name": {
        "apellidos",
        "apellido",
        "apellido s",
        "family names",
        "family name",
        "last name",
        "last names",
        "surname",
        "surnames",
    },
    "email": {
        "e mail",
        "email",
        "correo",
        "correo electronico",
        "email address",
        "e mail address",
        "mail",
        "direccion de correo",
    },
    "curp": {"curp"},
    "language": {"idioma", "lengua", "language", "lang", "idioma preferido", "preferred language"},
}


class RosterFileError(ValueError):
    """The file as a whole cannot be read; ``message`` is translated."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class RosterRow:
    number: int
    first_name: str
    last_name: str
    email: str
    curp: str = ""
    language: str = field(default_factory=lambda: settings.LANGUAGE_CODE)

    def as_list(self) -> list:
        return [self.number, self.first_name, self.last_name, self.email, self.curp, self.language]

    @classmethod
    def from_list(cls, values: list) -> RosterRow:
        number, first_name, last_name, email, curp, language = values
        return cls(
            int(number), str(first_name), str(last_name), str(email), str(curp), str(language)
        )


@dataclass(frozen=True)
class RowError:
    number: int
    messages: tuple[str, ...]


@dataclass
class Roster:
    rows: list[RosterRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _language_names() -> dict[str, str]:
    """Each language's code and its name in every language of Puente (``"espanol"``,
    ``"spanish"``, ``"es"``) → its code; an empty cell → the default language."""
    names = {"": settings.LANGUAGE_CODE}
    for code, name in settings.LANGUAGES:
        names[_key(code)] = code
        for language in language_codes():
            with translation.override(language):
                names[_key(name)] = code
    return names


def _key(text: str) -> str:
    """``"Correo electrónico"`` → ``"correo electronico"``: accents, case, punctuation out."""
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RosterFileError(_("The file is not readable text; save it as CSV UTF-8 or as .xlsx."))


def _csv_rows(content: bytes) -> list[tuple[int, list[str]]]:
    text = _decode(content)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((";", ",", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return [(reader.line_num, row) for row in reader]
    except csv.Error as error:
        raise RosterFileError(
            _("The CSV file is malformed near line %(line)d.") % {"line": reader.line_num}
        ) from error


def _xlsx_rows(content: bytes) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise RosterFileError(
            _("The spreadsheet cannot be opened; save it again as .xlsx.")
        ) from error
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            rows.append((number, ["" if value is None else str(value) for value in values]))
            if len(rows) > MAX_ROWS + 50:
                break
        return rows
    finally:
        workbook.close()


def _columns(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, title in enumerate(header):
        key = _key(title)
        for name, synonyms in HEADERS.items():
            if key in synonyms and name not in found:
                found[name] = index
    missing = [str(COLUMNS[name]) for name in REQUIRED if name not in found]
    if missing:
        raise RosterFileError(
            _(
                "The first row must name the columns; missing: %(missing)s. Accepted headers: "
                "Nombres / Given names, Apellidos / Family names, Correo / E-mail, CURP, "
                "Idioma / Language."
            )
            % {"missing": ", ".join(missing)}
        )
    return found


def _row_problems(row: RosterRow, raw_language: str) -> list[str]:
    problems = []
    try:
        validate_email(row.email)
    except ValidationError:
        problems.append(
            _("“%(email)s” is not a valid e-mail address.") % {"email": row.email}
            if row.email
            else _("The e-mail is missing.")
        )
    if row.curp:
        try:
            validate_curp(row.curp)
        except ValidationError as error:
            problems.append(_("Invalid CURP: %(reason)s") % {"reason": " ".join(error.messages)})
    if row.language not in language_codes():
        problems.append(
            _("“%(language)s” is not a language of Puente; write one of: %(languages)s.")
            % {"language": raw_language, "languages": ", ".join(language_codes())}
        )
    if len(row.first_name) > NAME_MAX_LENGTH or len(row.last_name) > NAME_MAX_LENGTH:
        problems.append(_("A name is longer than %(max)d characters.") % {"max": NAME_MAX_LENGTH})
    return problems


def roster_read(content: bytes, filename: str = "") -> Roster:
    """Parse ``content`` (CSV or XLSX, told apart by their bytes) into rows and row errors."""
    if len(content) > MAX_BYTES:
        raise RosterFileError(
            _("The file is larger than %(size)d MB; split it.") % {"size": MAX_BYTES // 2**20}
        )
    if content.startswith(b"PK\x03\x04"):
        lines = _xlsx_rows(content)
    elif content.startswith(b"\xd0\xcf\x11\xe0") or filename.lower().endswith(".xls"):
        raise RosterFileError(_("Old Excel files (.xls) are not read; save it as .xlsx or CSV."))
    else:
        lines = _csv_rows(content)
    lines = [(number, values) for number, values in lines if any(v.strip() for v in values)]
    if not lines:
        raise RosterFileError(_("The file is empty."))
    (_header_number, header), *records = lines
    if len(records) > MAX_ROWS:
        raise RosterFileError(
            _("The file has more than %(max)d trainees; split it.") % {"max": MAX_ROWS}
        )
    columns = _columns(header)
    roster = Roster()
    first_row_of: dict[tuple[str, str], int] = {}
    languages = _language_names()
    for number, values in records:

        def cell(name, values=values):
            index = columns.get(name)
            return values[index].strip() if index is not None and index < len(values) else ""

        raw_language = cell("language")
        row = RosterRow(
            number=number,
            first_name=" ".join(cell("first_name").split()),
            last_name=" ".join(cell("last_name").split()),
            email=cell("email").lower(),
            curp=normalize_curp(cell("curp")),
            language=languages.get(_key(raw_language), raw_language),
        )
        problems = _row_problems(row, raw_language)
        for kind, value in (("email", row.email), ("curp", row.curp)):
            if not value:
                continue
            if (kind, value) in first_row_of:
                problems.append(
                    _("Duplicate row: same %(column)s as row %(row)d.")
                    % {"column": COLUMNS[kind], "row": first_row_of[(kind, value)]}
                )
            else:
                first_row_of[(kind, value)] = number
        if problems:
            roster.errors.append(RowError(number, tuple(problems)))
        else:
            roster.rows.append(row)
    return roster
