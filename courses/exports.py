"""CSV downloads of reports: cells a spreadsheet cannot mistake for formulas, streamed.

Every report a user can download as CSV writes its cells through ``csv_safe`` and its rows
through ``csv_download``, which streams them (``StreamingHttpResponse``), so an export of
any size is written row by row in constant memory. An export of hundreds of thousands of
rows whose texts repeat (a cohort's trainees × criteria) makes each distinct text a cell once
(``csv_cell``, through the same ``csv_safe``), joins lines from cells (``csv_line``) and
sends them in pieces of ``PIECE`` characters (``csv_download_lines``), not one by one.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from itertools import chain

from django.http import StreamingHttpResponse

from audit.context import current_request
from audit.services import Action, record

# OWASP's list: a leading tab or carriage return also makes some spreadsheet programs read on.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value) -> str:
    """A cell as text, with a leading ``'`` when it starts like a formula (``= + - @``, a tab
    or a carriage return), so spreadsheet programs show it instead of running it (CSV
    injection). A plain number such as ``-0.12`` stays a number."""
    text = "" if value is None else str(value)
    if not text.startswith(FORMULA_STARTS) or _is_number(text):
        return text
    return f"'{text}"


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return text.strip() == text and text.lower().lstrip("+-") not in ("inf", "infinity", "nan")


class _Echo:
    """A file whose ``write`` hands the line back, for ``csv.writer`` to format one row."""

    def write(self, value: str) -> str:
        return value


def csv_download(
    filename: str, header: Sequence, rows: Iterable[Sequence]
) -> StreamingHttpResponse:
    """Stream ``header`` and ``rows`` (any iterable, consumed lazily) as a CSV attachment.
    Every cell goes through ``csv_safe``; every download is in the security log."""
    _record_export(filename)
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"  # spreadsheet programs then read the accents right
        for row in chain([header], rows):
            yield writer.writerow([csv_safe(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


PIECE = 64 * 1024
_cell_writer = csv.writer(_Echo())


def csv_cell(value) -> str:
    """``value`` as it stands in a line of CSV: escaped (``csv_safe``), then quoted as
    ``csv.writer`` quotes it. For exports too large to format cell by cell, whose texts
    repeat (a cohort's trainees × criteria): each distinct text is made a cell once and the
    lines are joined from cells (``csv_line``) and sent by ``csv_download_lines``."""
    return _cell_writer.writerow([csv_safe(value), ""])[: -len(",\r\n")]


def csv_line(cells: Iterable[str]) -> str:
    """One line of CSV from cells made by ``csv_cell`` (``csv.writer``'s separator and
    line end; a line of one empty cell is ``""``, as ``csv.writer`` writes it)."""
    return (",".join(cells) or '""') + "\r\n"


def csv_line_start(cells: Sequence[str]) -> str:
    """The first cells of lines that share them (a trainee's name on each of their rows),
    made once, to put before the ``csv_line`` of the rest of each line; both sides have at
    least one cell, the rest at least two (``csv_line`` writes a lone empty cell ``""``)."""
    return ",".join(cells) + ","


def csv_download_lines(
    filename: str, header: Sequence, lines: Iterable[str]
) -> StreamingHttpResponse:
    """Stream ``lines`` (text of whole lines, made with ``csv_cell`` and ``csv_line``, any
    number per item) as a CSV attachment, like ``csv_download``, gathered into pieces of
    about ``PIECE`` characters: memory stays the same whatever the number of lines."""
    _record_export(filename)

    def pieces():
        piece = ["\ufeff", csv_line(csv_cell(cell) for cell in header)]
        size = 0
        for text in lines:
            piece.append(text)
            size += len(text)
            if size >= PIECE:
                yield "".join(piece)
                piece, size = [], 0
        yield "".join(piece)

    response = StreamingHttpResponse(pieces(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _record_export(filename: str) -> None:
    """Every download is in the security log."""
    if (request := current_request()) is not None:
        record(Action.EXPORT, actor=getattr(request, "user", None), request=request, file=filename)
