"""WeasyPrint as the project imports it (``certificates.weasyprint_import``): fontTools'
subsetter and variable-font instancer stay unloaded while no font needs them, and serve
as before once one does. Each case runs in a process of its own, whose modules are its own."""

import io
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from django.conf import settings

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

ROOT = Path(settings.BASE_DIR)
DEFERRED = ("fontTools.subset", "fontTools.varLib.instancer")

# What a module list looks like from inside: for each deferred module, whether the real one
# is loaded ("real"), only its stand-in ("deferred") or nothing.
REPORT = textwrap.dedent(
    f"""
    def report():
        from certificates.weasyprint_import import DeferredModule
        for name in {DEFERRED!r}:
            module = sys.modules.get(name)
            state = "absent" if module is None else (
                "deferred" if isinstance(module, DeferredModule) else "real")
            print(name, state)
    """
)


def run(script: str, tmp_path: Path) -> list[str]:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "PUENTE_WORKER": "1",
        "PYTHONPATH": str(ROOT),
    }
    environment.pop("DATABASE_URL", None)  # no query is made: the certificate is not saved
    completed = subprocess.run(
        [sys.executable, "-c", "import sys\n" + REPORT + textwrap.dedent(script)],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    return completed.stdout.splitlines()


def pdffonts(path: Path) -> list[list[str]]:
    output = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, check=True, text=True
    ).stdout
    return [row.split() for row in output.splitlines()[2:]]


def test_a_worker_renders_a_certificate_with_fonts_subset_and_neither_module_loaded(tmp_path):
    lines = run(
        """
        import datetime, django
        django.setup()
        from cms.worker import worker_prepare
        worker_prepare()
        from accounts.models import User
        from certificates.models import Certificate
        from certificates.pdf import certificate_pdf_render
        certificate = Certificate(
            code="7KQ2M9XW4HTR", kind=Certificate.Kind.COMPETENCY, holder_name="Ana Peña",
            holder=User(email="ana@puente.example", preferred_language="es"),
            title_es="Soldadura", title_en="Welding", standard_code="EC0301", competencies=[],
            issued_on=datetime.date(2026, 11, 28), issuer="Puente", signatory_name="Luz Garza",
            signatory_title_es="Directora", signatory_title_en="Director")
        with open("certificate.pdf", "wb") as handle:
            handle.write(certificate_pdf_render(certificate, paper="a4"))
        report()
        """,
        tmp_path,
    )

    assert lines == ["fontTools.subset deferred", "fontTools.varLib.instancer deferred"]
    fonts = pdffonts(tmp_path / "certificate.pdf")
    assert len(fonts) == 4, fonts  # both faces in each layer (certificates.pdf)
    for columns in fonts:  # embedded and subset (HarfBuzz did it)
        assert columns[0].split("+")[1].startswith("Puente"), columns
        assert columns[-5:-3] == ["yes", "yes"], columns  # the "emb" and "sub" columns


def test_without_harfbuzz_s_subsetter_fonttools_is_loaded_and_subsets(tmp_path):
    # A machine without libharfbuzz-subset (WeasyPrint then subsets with fontTools).
    lines = run(
        """
        import certificates.weasyprint_import
        import weasyprint.pdf.fonts
        weasyprint.pdf.fonts.harfbuzz_subset = None
        report()
        from certificates.weasyprint_import import HTML
        HTML(string="<p style='font-family: DejaVu Sans'>Señal ñandú</p>").write_pdf("page.pdf")
        report()
        """,
        tmp_path,
    )

    assert lines == [
        "fontTools.subset deferred",
        "fontTools.varLib.instancer deferred",
        "fontTools.subset real",
        "fontTools.varLib.instancer deferred",
    ]
    fonts = pdffonts(tmp_path / "page.pdf")
    assert fonts and all(columns[-5:-3] == ["yes", "yes"] for columns in fonts), fonts


# A variable font of one glyph, "I", a bar whose width follows the weight axis.
VARIABLE_FONT = """
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib.tables.TupleVariation import TupleVariation

def bar(width):
    pen = TTGlyphPen(None)
    pen.moveTo((100, 0)); pen.lineTo((100, 700)); pen.lineTo((100 + width, 700))
    pen.lineTo((100 + width, 0)); pen.closePath()
    return pen.glyph()

builder = FontBuilder(1000, isTTF=True)
builder.setupGlyphOrder([".notdef", "I"])
builder.setupCharacterMap({ord("I"): "I"})
builder.setupGlyf({".notdef": bar(400), "I": bar(100)})
builder.setupHorizontalMetrics({".notdef": (600, 100), "I": (600, 100)})
builder.setupHorizontalHeader(ascent=800, descent=-200)
builder.setupNameTable({"familyName": "Puente Variable", "styleName": "Regular"})
builder.setupOS2(sTypoAscender=800, usWinAscent=800, usWinDescent=200)
builder.setupPost()
builder.setupFvar(axes=[("wght", 100, 400, 900, "Weight")], instances=[])
deltas = [(0, 0), (0, 0), (300, 0), (300, 0), (0, 0), (0, 0), (0, 0), (0, 0)]
builder.setupGvar({"I": [TupleVariation({"wght": (0, 1.0, 1.0)}, deltas)]})
builder.save("variable.ttf")
"""


def test_a_variable_font_is_instantiated_by_the_instancer_loaded_then(tmp_path):
    lines = run(
        VARIABLE_FONT
        + textwrap.dedent("""
        from certificates.weasyprint_import import HTML
        report()
        HTML(
            string="<style>@font-face { font-family: V; src: url(variable.ttf) }</style>"
            "<p style='font-family: V; font-weight: 900'>III</p>",
            base_url=".",
        ).write_pdf("page.pdf")
        report()
        """),
        tmp_path,
    )

    assert lines == [
        "fontTools.subset deferred",
        "fontTools.varLib.instancer deferred",
        "fontTools.subset deferred",
        "fontTools.varLib.instancer real",
    ]
    fonts = pdffonts(tmp_path / "page.pdf")
    assert [columns[0].split("+")[1] for columns in fonts] == ["V-Heavy"], fonts
    # What is embedded is a static instance: the instancer ran.
    font = PdfReader(tmp_path / "page.pdf").pages[0]["/Resources"]["/Font"]
    (descendant,) = next(iter(font.values())).get_object()["/DescendantFonts"]
    program = descendant.get_object()["/FontDescriptor"]["/FontFile2"].get_object().get_data()
    assert "fvar" not in TTFont(io.BytesIO(program))
    assert "fvar" in TTFont(tmp_path / "variable.ttf")


@pytest.mark.parametrize("name", DEFERRED)
def test_any_other_name_of_a_deferred_module_loads_it(name, tmp_path):
    attribute = {"fontTools.subset": "Subsetter", "fontTools.varLib.instancer": "OverlapMode"}
    lines = run(
        f"""
        import certificates.weasyprint_import
        import importlib
        module = importlib.import_module({name!r})
        getattr(module, "__file__", None)  # what tools walking sys.modules ask: still deferred
        report()
        print(getattr(module, {attribute[name]!r}).__module__)
        report()
        """,
        tmp_path,
    )

    assert f"{name} deferred" in lines[:2]
    assert lines[2] == name
    assert f"{name} real" in lines[3:]
