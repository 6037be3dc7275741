"""CSV downloads of reports: cells a spreadsheet cannot mistake for formulas, streamed.

Every report a user can download as CSV writes its cells through ``csv_safe`` and its rows
through ``csv_download``, which streams them (``StreamingHttpResponse``), so an export of
any size is written row by row in constant memory.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from itertools import chain

from django.http import StreamingHttpResponse

from audit.context import current_request
from audit.services import Action, record

FORMULA_STARTS = ("=", "+", "-", "@")


def csv_safe(value) -> str:
    """A cell as text, with a leading ``'`` when it starts like a formula (``= + - @``), so
    spreadsheet programs show it instead of running it (CSV injection). A plain number such
    as ``-0.12`` stays a number."""
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
    if (request := current_request()) is not None:
        record(Action.EXPORT, actor=getattr(request, "user", None), request=request, file=filename)
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"  # spreadsheet programs then read the accents right
        for row in chain([header], rows):
            yield writer.writerow([csv_safe(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
