"""Reading rosters: real CSV bytes as spreadsheets export them, real XLSX built by openpyxl."""

import io

import pytest
from openpyxl import Workbook

from courses.roster import MAX_ROWS, RosterFileError, roster_read

pytestmark = pytest.mark.usefixtures("english")

CURP = "GOMC850312MJCRRR00"
OTHER_CURP = "LOPJ900101HDFPRN02"


def xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_spanish_headers_semicolons_and_a_bom_as_excel_exports_them():
    content = (
        "\ufeffNombres;Apellidos;Correo electrónico;CURP;Idioma\r\n"
        f"María José;Núñez Peña;MJ.Nunez@Example.mx;{CURP.lower()};Español\r\n"
        "John;Smith;john@example.com;;en\r\n"
        "\r\n"
        "Ana;López;ana@example.mx;;\r\n"
    ).encode()
    roster = roster_read(content, "alumnos.csv")
    assert roster.errors == []
    first, second, third = roster.rows
    assert (first.number, first.first_name, first.last_name) == (2, "María José", "Núñez Peña")
    assert (first.email, first.curp, first.language) == ("mj.nunez@example.mx", CURP, "es")
    assert (second.email, second.curp, second.language) == ("john@example.com", "", "en")
    assert (third.number, third.language) == (5, "es")  # blank line skipped; empty language: es


def test_english_headers_in_another_order_with_commas_and_no_bom():
    content = b"E-mail,Family names,Given names\nzoe@example.com,Adams,Zoe\n"
    (row,) = roster_read(content, "roster.csv").rows
    assert (row.first_name, row.last_name, row.email, row.language) == (
        "Zoe",
        "Adams",
        "zoe@example.com",
        "es",
    )


def test_windows_1252_csv_keeps_its_accents():
    content = "Nombres;Apellidos;Correo\nJosé;Peña;jose@example.mx\n".encode("cp1252")
    (row,) = roster_read(content).rows
    assert (row.first_name, row.last_name) == ("José", "Peña")


def test_row_errors_carry_the_row_number_and_the_reason():
    content = (
        "Nombres,Apellidos,Correo,CURP,Idioma\n"
        "Ana,López,ana@example.mx,,es\n"
        "Beto,Ruiz,no-es-correo,,es\n"
        f"Carla,Díaz,carla@example.mx,{CURP[:-1]}9,es\n"
        "Dora,Soto,dora@example.mx,,fr\n"
        "Ana,López,ANA@example.mx,,es\n"
        f"Eva,Mora,eva@example.mx,{OTHER_CURP},en\n"
        f"Flor,Mora,flor@example.mx,{OTHER_CURP},en\n"
    ).encode()
    roster = roster_read(content)
    assert [row.email for row in roster.rows] == ["ana@example.mx", "eva@example.mx"]
    errors = {error.number: " ".join(error.messages) for error in roster.errors}
    assert errors == {
        3: "“no-es-correo” is not a valid e-mail address.",
        4: "Invalid CURP: The CURP’s check digit does not match; please check it for typos.",
        5: "“fr” is not a language of Puente; write one of: es, en.",
        6: "Duplicate row: same e-mail as row 2.",
        8: "Duplicate row: same CURP as row 7.",
    }


def test_an_xlsx_workbook_with_numbers_and_empty_cells():
    content = xlsx(
        [
            ["Nombre(s)", "Apellido(s)", "Correo", "Idioma"],
            ["Luis", "Pérez Gómez", "luis@example.mx", "EN"],
            [None, None, None, None],
            ["Sara", 12345, "sara@example.mx", None],
        ]
    )
    rows = roster_read(content, "grupo.xlsx").rows
    assert [(r.number, r.first_name, r.last_name, r.language) for r in rows] == [
        (2, "Luis", "Pérez Gómez", "en"),
        (4, "Sara", "12345", "es"),
    ]


def test_missing_columns_say_which_and_what_is_accepted():
    with pytest.raises(RosterFileError) as refused:
        roster_read(b"Nombre;Telefono\nAna;555\n")
    assert "missing: family names, e-mail" in refused.value.message


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "x.csv", "The file is empty."),
        (b"PK\x03\x04garbage", "x.xlsx", "cannot be opened"),
        (b"\xd0\xcf\x11\xe0old", "x.xls", "Old Excel files"),
        (b"a" * (2 * 1024 * 1024 + 1), "x.csv", "larger than 2 MB"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(content, name, message):
    with pytest.raises(RosterFileError) as refused:
        roster_read(content, name)
    assert message in refused.value.message


def test_too_many_rows_are_refused():
    lines = ["Nombres,Apellidos,Correo"] + [f"A,B,p{n}@example.mx" for n in range(MAX_ROWS + 1)]
    with pytest.raises(RosterFileError) as refused:
        roster_read("\n".join(lines).encode())
    assert "more than 1000 trainees" in refused.value.message


def test_messages_are_spanish_for_a_spanish_speaking_operator():
    from django.utils import translation

    with translation.override("es"):
        roster = roster_read(b"Nombres,Apellidos,Correo\nAna,L,malo\n")
    assert roster.errors[0].messages == ("«malo» no es un correo electrónico válido.",)
