"""Demo standards: sample CONOCER-style and US standards with their crosswalk.

The data lives in ``standards.json`` in the documented exchange format
(``docs/standards-json.md``) and is loaded through the same importer administrators use,
so the demo also proves the format. Every standard is marked ``is_sample``: the texts are
written for Puente, not copied from officially published standards.

Stable codes other apps may rely on (framework slug / standard code, version 1):
``conocer-muestra/EC9101`` automotive assembly, ``conocer-muestra/EC9102`` teamwork,
communication and problem solving, ``conocer-muestra/EC9103`` semiconductor cleanroom,
``us-am-sample/AM-PRD-201`` production assembly, ``us-am-sample/AM-WRK-101`` workplace
effectiveness.
"""

import json
from pathlib import Path

from competencies.models import Standard
from competencies.services import standards_import

DEMO_FILE = Path(__file__).with_name("standards.json")


def seed_standards() -> dict[str, Standard]:
    """Create or update the demo standards (idempotent); returns them by code."""
    standards_import(document=json.loads(DEMO_FILE.read_text(encoding="utf-8")))
    return {
        standard.code: standard
        for standard in Standard.objects.filter(
            framework__slug__in=["conocer-muestra", "us-am-sample"]
        ).select_related("framework")
    }
