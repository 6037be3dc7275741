"""Fail when the Spanish interface catalogue is incomplete, fuzzy, or not compiled.

Run by ``make lint`` and CI. Uses GNU msgfmt (Debian package gettext).
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Puente's own strings, and the Spanish the installed libraries leave out (cms/vendor_messages.py).
CATALOGUES = [
    ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po",
    ROOT / "locale_vendor" / "es" / "LC_MESSAGES" / "django.po",
]


def main() -> int:
    if shutil.which("msgfmt") is None:
        print("check_messages: msgfmt not found; install the Debian package gettext.")
        return 1
    return max(check(catalogue) for catalogue in CATALOGUES)


def check(catalogue: Path) -> int:
    name = catalogue.parent.parent.parent.name + "/es"
    text = catalogue.read_text(encoding="utf-8")
    problems = []
    if "#, fuzzy" in text.split('msgid ""\nmsgstr ""', 1)[-1]:
        problems.append("fuzzy entries are present")
    with tempfile.TemporaryDirectory() as directory:
        compiled = Path(directory) / "django.mo"
        result = subprocess.run(  # noqa: S603
            ["msgfmt", "--check", "--statistics", "-o", str(compiled), str(catalogue)],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
        )
        statistics = result.stderr.strip()
        if result.returncode != 0:
            problems.append(f"msgfmt failed: {statistics}")
        elif "untranslated" in statistics or "fuzzy" in statistics:
            problems.append(f"not 100% translated: {statistics}")
        elif compiled.read_bytes() != catalogue.with_suffix(".mo").read_bytes():
            problems.append("django.mo is out of date; run `make messages`")
    if problems:
        print(f"{name}:", "; ".join(problems))
        return 1
    print(f"{name}: {statistics}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
