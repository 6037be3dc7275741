"""CSV exports: no cell a spreadsheet runs as a formula; rows streamed."""

import csv
import io

import pytest

from courses.exports import csv_download, csv_safe


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+52 844 000", "'+52 844 000"),
        ("-ana@example.com", "'-ana@example.com"),
        ("@SUM(A1)", "'@SUM(A1)"),
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
