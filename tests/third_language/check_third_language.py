"""With Canadian French added to ``settings.LANGUAGES`` and nothing else changed, the
translatable texts, their admin forms, their fallback and the parity checks serve it.

Run in its own process with ``tests.third_language.settings`` and tables made from the models
(``--no-migrations``; a deployment runs ``makemigrations``, which adds the columns), by
``tests/competencies/test_third_language.py``. Not collected by the main suite.
"""

from collections import defaultdict

from django.apps import apps
from django.contrib.auth.models import Group
from django.utils import translation

import pytest

from accounts.roles import Role
from assessments.content import missing_languages as item_missing_languages
from assessments.services.items import item_content
from competencies.translation import missing_languages
from courses.models import Course
from tests.courses.html_forms import form_fields, messages_of
from tests.factories import UserFactory
from tests.factories.assessments import ItemFactory
from tests.factories.competencies import StandardFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

LANGUAGES = {"es", "en", "fr-ca"}


def test_every_translated_text_has_a_column_in_each_language():
    columns = defaultdict(set)
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            language = getattr(field, "_translated_field_language_code", None)
            if language:
                base = field.name.removesuffix("_" + language.replace("-", "_"))
                columns[f"{model._meta.label}.{base}"].add(language)
    assert {"competencies.Standard.title", "assessments.Item.stem", "courses.Course.title"} <= set(
        columns
    )
    assert {text: languages for text, languages in columns.items() if languages != LANGUAGES} == {}


def test_a_text_reads_in_canadian_french_and_falls_back_to_its_source_language():
    standard = StandardFactory(
        title_es="Soldadura de arco", title_en="Arc welding", title_fr_ca="Soudage à l’arc"
    )
    with translation.override("fr-ca"):
        assert standard.title == "Soudage à l’arc"
        standard.title_fr_ca = ""
        assert standard.title == "Soldadura de arco"  # the framework writes in Spanish
    assert missing_languages(standard, ("title",)) == ["fr-ca"]


def test_an_administrator_writes_a_course_title_in_canadian_french(client, log_in):
    # A superuser: the role groups and their permissions are made by migrations, which this
    # run does not apply.
    Group.objects.create(name=Role.TRAINEE.value)
    log_in(UserFactory(is_superuser=True, preferred_language="en"))
    page = client.get("/admin/courses/new/")
    assert b'name="title_fr_ca"' in page.content
    assert "Title (Canadian French)" in page.content.decode()
    data = form_fields(page.content)
    data.update(
        code=["securite"],
        title_es=["Seguridad en el lote"],
        title_fr_ca=["Sécurité sur le plancher"],
        hours=["8"],
        level=["1"],
        sector=["automotive"],
        skill_focus=["mixed"],
    )
    response = client.post("/admin/courses/new/", data)
    assert response.status_code == 302, messages_of(response.content)
    course = Course.objects.get(code="securite")
    assert course.title_fr_ca == "Sécurité sur le plancher"
    with translation.override("fr-ca"):
        assert course.title == "Sécurité sur le plancher"
    with translation.override("en"):
        assert course.title == "Seguridad en el lote"  # not written in English yet


def test_a_question_is_served_in_canadian_french_and_reported_missing_until_written():
    item = ItemFactory(stem_es="<p>¿Par de apriete?</p>", stem_en="<p>Torque?</p>")
    content = item_content(item)
    assert set(content["stem"]) == LANGUAGES
    assert "fr-ca" in item_missing_languages(content)
    item.stem_fr_ca = "<p>Couple de serrage?</p>"
    assert content_stem(item_content(item)) == "<p>Couple de serrage?</p>"


def content_stem(content):
    return content["stem"]["fr-ca"]


def test_the_public_standard_page_speaks_canadian_french(client):
    standard = StandardFactory(title_es="Soldadura", title_fr_ca="Soudage")
    response = client.get(f"/fr-ca/standards/{standard.framework.slug}/{standard.code}/")
    assert response.status_code == 200
    assert "Soudage" in response.content.decode()
