"""CSV exports: no cell a spreadsheet runs as a formula; rows streamed."""

import csv
import io

import pytest

from courses import exports
from courses.exports import csv_cell, csv_download, csv_download_lines, csv_line, csv_safe


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+52 844 000", "'+52 844 000"),
        ("-ana@example.com", "'-ana@example.com"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("-0.12", "-0.12"),  # a number stays a number
        ("+3", "+3"),
        ("-inf", "'-inf"),
        ("María José", "María José"),
        (66, "66"),
        (None, ""),
    ],
)
def test_csv_safe(value, written):
    assert csv_safe(value) == written


def test_csv_download_streams_rows_as_they_are_made():
    made = []

    def rows():
        for n in range(3):
            made.append(n)
            yield [f"=cell {n}", n]

    response = csv_download("x.csv", ["name", "n"], rows())
    assert response.streaming and made == []  # nothing computed before it is sent
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    chunks = iter(response.streaming_content)
    assert next(chunks) == b"\xef\xbb\xbf"
    assert next(chunks) == b"name,n\r\n" and made == []
    assert next(chunks) == b"'=cell 0,0\r\n" and made == [0]
    rest = b"".join(chunks).decode()
    assert list(csv.reader(io.StringIO(rest))) == [["'=cell 1", "1"], ["'=cell 2", "2"]]


TRICKY = ["=1+1", 'say "hola"', "a,b", "two\nlines", "", " padded ", "-0.12", 66, None, "María"]


def test_lines_joined_from_cells_read_as_csv_writer_writes_them():
    """csv_cell + csv_line give the bytes csv_download gives, formulas escaped the same."""
    rows = [TRICKY, list(reversed(TRICKY)), [""], ["", ""]]
    lines = (csv_line(csv_cell(cell) for cell in row) for row in rows)
    bulk = b"".join(csv_download_lines("x.csv", ["name", "n"], lines).streaming_content)
    one_by_one = b"".join(csv_download("x.csv", ["name", "n"], rows).streaming_content)
    assert bulk == one_by_one
    read = list(csv.reader(io.StringIO(bulk.decode("utf-8-sig"))))
    assert read[1][:4] == ["'=1+1", 'say "hola"', "a,b", "two\nlines"]


def test_csv_download_lines_sends_pieces_of_many_lines(monkeypatch):
    monkeypatch.setattr(exports, "PIECE", 100)
    made = []

    def lines():
        for n in range(50):
            made.append(n)
            yield csv_line([csv_cell(f"=row {n}"), csv_cell(n)])

    response = csv_download_lines("x.csv", ["name", "n"], lines())
    assert response.streaming and made == []  # nothing computed before it is sent
    pieces = iter(response.streaming_content)
    first = next(pieces)
    assert first.startswith(b"\xef\xbb\xbfname,n\r\n'=row 0,0\r\n") and 5 < len(made) < 50
    rest = b"".join(pieces)
    assert made == list(range(50))
    rows = list(csv.reader(io.StringIO((first + rest).decode("utf-8-sig"))))
    assert rows[1:] == [[f"'=row {n}", str(n)] for n in range(50)]
