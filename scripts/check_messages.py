"""Fail when the Spanish interface catalogue is incomplete, fuzzy, or not compiled.

Run by ``make lint`` and CI. Uses GNU msgfmt (Debian package gettext).
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "es" / "LC_MESSAGES" / "django.po"


def main() -> int:
    if shutil.which("msgfmt") is None:
        print("check_messages: msgfmt not found; install the Debian package gettext.")
        return 1
    text = CATALOGUE.read_text(encoding="utf-8")
    problems = []
    if "#, fuzzy" in text.split('msgid ""\nmsgstr ""', 1)[-1]:
        problems.append("fuzzy entries are present")
    with tempfile.TemporaryDirectory() as directory:
        compiled = Path(directory) / "django.mo"
        result = subprocess.run(  # noqa: S603
            ["msgfmt", "--check", "--statistics", "-o", str(compiled), str(CATALOGUE)],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
        )
        statistics = result.stderr.strip()
        if result.returncode != 0:
            problems.append(f"msgfmt failed: {statistics}")
        elif "untranslated" in statistics or "fuzzy" in statistics:
            problems.append(f"not 100% translated: {statistics}")
        elif compiled.read_bytes() != CATALOGUE.with_suffix(".mo").read_bytes():
            problems.append("django.mo is out of date; run `make messages`")
    if problems:
        print("locale/es:", "; ".join(problems))
        return 1
    print(f"locale/es: {statistics}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
