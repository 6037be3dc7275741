"""Languages are one fact: with a third language in ``settings.LANGUAGES`` (Canadian French,
as the T-MEC partner), what reads languages at run time follows with no code change.

These run in the suite's process with ``override_settings``. The text columns and model
choices are made when the models load, so a third language's columns (``title_fr_ca``) and
admin forms are proved in a process started with it: ``test_third_language.py``.
"""

from types import SimpleNamespace

from django.test import override_settings
from django.utils import translation

import pytest

from accounts.languages import language_codes
from assessments.selectors.statistics import item_statistics
from competencies.translation import active_language, missing_languages, translated_value
from courses.roster import roster_read

pytestmark = pytest.mark.usefixtures("english")

THREE = override_settings(
    LANGUAGES=[("es", "Español"), ("en", "English"), ("fr-ca", "Français (Canada)")]
)


def test_the_language_list_is_read_from_settings():
    assert language_codes() == ("es", "en")
    with THREE:
        assert language_codes() == ("es", "en", "fr-ca")


def test_a_third_language_is_active_and_falls_back_to_the_source():
    texts = {"es": "Soldadura", "en": "Welding", "fr-ca": "Soudage"}
    with THREE, translation.override("fr-ca"):
        assert active_language() == "fr-ca"
        assert translated_value(texts) == "Soudage"
        assert translated_value({**texts, "fr-ca": ""}, source="en") == "Welding"
        assert translated_value({"es": "Soldadura"}) == "Soldadura"
    with translation.override("fr-ca"):  # not a language of Puente: the default
        assert active_language() == "es"


def test_the_parity_report_asks_for_the_third_language():
    class Row:
        title_es, title_en = "Soldadura", "Welding"

    assert missing_languages(Row(), ("title",)) == []
    with THREE:
        assert missing_languages(Row(), ("title",)) == ["fr-ca"]


def test_the_roster_accepts_a_third_language_only_once_it_is_configured():
    content = b"Given names,Family names,E-mail,Language\nZoe,Adams,zoe@example.ca,fr-ca\n"
    refused = roster_read(content, "roster.csv")
    assert [list(error.messages) for error in refused.errors] == [
        ["“fr-ca” is not a language of Puente; write one of: es, en."]
    ]
    with THREE:
        accepted = roster_read(content, "roster.csv")
    assert accepted.errors == []
    assert [row.language for row in accepted.rows] == ["fr-ca"]


def test_item_statistics_list_languages_in_the_order_of_settings():
    responses = [
        SimpleNamespace(item_key="k", language=language, fraction=1.0, rest=1.0)
        for language in ["fr-ca", "en", "es"]
    ]
    with THREE:
        assert [row.language for row in item_statistics(responses)] == ["all", "es", "en", "fr-ca"]
    with override_settings(LANGUAGES=[("fr-ca", "Français"), ("en", "English"), ("es", "Español")]):
        assert [row.language for row in item_statistics(responses)] == ["all", "fr-ca", "en", "es"]
