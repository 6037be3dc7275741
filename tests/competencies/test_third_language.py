"""Languages are one fact: adding Canadian French to ``settings.LANGUAGES`` is the only change
needed for translatable texts, their admin forms, fallbacks and parity checks to serve it.

Model fields are made when the models load, so the proof runs in a process of its own with
``tests.third_language.settings`` (the test settings plus the third language) and reports back.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_third_language_needs_only_the_setting():
    result = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/third_language/check_third_language.py",
            "-o",
            "python_files=check_*.py",
            "--ds=tests.third_language.settings",
            "--no-migrations",
            "-p",
            "no:cacheprovider",
            "-q",
        ],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.third_language.settings"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert re.search(r"\b5 passed\b", result.stdout), result.stdout
