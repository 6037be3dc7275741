import copy

import pytest

from competencies.demo import seed_standards

MINIMAL_DOCUMENT = {
    "format": "puente-standards",
    "version": 1,
    "frameworks": [
        {
            "slug": "mx-test",
            "name": {"es": "Marco mexicano de prueba", "en": "Mexican test framework"},
            "country": "MX",
            "publisher": "CONOCER",
            "source_language": "es",
            "standards": [
                {
                    "code": "EC0001",
                    "title": {"es": "Soldadura de prueba", "en": "Test welding"},
                    "level": 2,
                    "elements": [
                        {
                            "number": 1,
                            "title": {"es": "Preparar el equipo", "en": "Prepare the equipment"},
                            "criteria": [
                                {
                                    "number": 1,
                                    "kind": "performance",
                                    "text": {
                                        "es": "Revisa el equipo.",
                                        "en": "Checks the equipment.",
                                    },
                                },
                                {
                                    "number": 2,
                                    "kind": "knowledge",
                                    "knowledge_level": "comprehension",
                                    "text": {"es": "Tipos de electrodo."},
                                },
                            ],
                        }
                    ],
                }
            ],
        },
        {
            "slug": "us-test",
            "name": {"en": "US test framework"},
            "country": "US",
            "publisher": "Test",
            "source_language": "en",
            "standards": [
                {
                    "code": "US-WELD-1",
                    "title": {"en": "Welding prep"},
                    "level": 1,
                    "elements": [
                        {
                            "number": 1,
                            "title": {"en": "Set up equipment"},
                            "criteria": [
                                {"number": 1, "kind": "product", "text": {"en": "Setup sheet."}}
                            ],
                        }
                    ],
                }
            ],
        },
    ],
    "crosswalk": [
        {
            "source": {"framework": "mx-test", "standard": "EC0001", "element": 1},
            "target": {"framework": "us-test", "standard": "US-WELD-1", "element": 1},
            "equivalence": "partial",
            "rationale": {"es": "Cubre la preparación.", "en": "Covers preparation."},
        }
    ],
}


@pytest.fixture
def document():
    """A small valid standards file (two frameworks, one crosswalk entry); safe to mutate."""
    return copy.deepcopy(MINIMAL_DOCUMENT)


@pytest.fixture
def demo_standards(db):
    return seed_standards()
