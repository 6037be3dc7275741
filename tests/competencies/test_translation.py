"""The one fallback rule for translated text, whether kept in columns or as a mapping."""

from django.utils import translation

import pytest

from competencies.translation import translated_value
from tests.factories.competencies import StandardFactory

TEXTS = {"es": "Ensamble de componentes", "en": ""}


def test_the_asked_language_first():
    assert translated_value({"es": "Hola", "en": "Hello"}, "en") == "Hello"


def test_a_missing_text_falls_back_to_the_source_then_to_any_language():
    assert translated_value(TEXTS, "en", source="es") == "Ensamble de componentes"
    assert translated_value({"es": "", "en": "Only English"}, "es", source="es") == "Only English"
    assert translated_value({}, "en") == ""
    assert translated_value(None, "en") == ""


def test_the_active_language_by_default():
    with translation.override("en"):
        assert translated_value({"es": "Hola", "en": "Hello"}) == "Hello"


@pytest.mark.django_db
def test_columns_follow_the_same_rule_as_mappings():
    standard = StandardFactory(title_es="Ensamble de componentes", title_en="")
    with translation.override("en"):
        assert standard.title == translated_value(TEXTS, source=standard.source_language)
