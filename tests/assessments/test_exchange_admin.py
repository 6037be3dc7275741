"""The item bank's import and export screens and commands, driven as authors use them."""

from io import StringIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from wagtail.users.models import UserProfile

import pytest
from bs4 import BeautifulSoup

from accounts.roles import Role
from assessments.content import item_content
from assessments.models import Item
from tests.cms.admin_forms import form_data
from tests.factories.accounts import UserFactory
from tests.factories.assessments import make_item, quiz_with

pytestmark = pytest.mark.django_db

LISTING_URL = "/admin/snippets/assessments/item/"
IMPORT_URL = "/admin/snippets/assessments/item/import/"
EXPORT_URL = "/admin/snippets/assessments/item/export/"

GOOD = """$CATEGORY: $course$/top/Seguridad

::Casco::[html]<p>¿El casco es obligatorio en planta?</p>{TRUE####<p>Siempre.</p>}

::Par::¿Qué herramienta aplica el par especificado?{
=Torquímetro#Correcto
~Martillo
~Pinzas
}

Una descripción sin respuestas.

::Válvula::¿Qué pieza regula el flujo?{=válvula =valvula}
"""

BAD = """::Casco::¿El casco es obligatorio?{TRUE}

::Par::¿Qué herramienta? {~Torquímetro ~Martillo}

::Número::¿Cuánto? {#cuatro}
"""


def in_english(user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


@pytest.fixture
def instructor(client):
    client.force_login(UserFactory(roles=[Role.INSTRUCTOR]))  # works in Spanish
    return client


def upload(client, content: str, name: str = "banco.gift", language: str = "es"):
    page = client.get(IMPORT_URL)
    assert page.status_code == 200
    data = form_data(page.content)
    data["language"] = [language]
    data["file"] = SimpleUploadedFile(name, content.encode(), content_type="text/plain")
    return client.post(IMPORT_URL, data)


def test_the_listing_leads_authors_to_import_and_export(instructor):
    listing = BeautifulSoup(instructor.get(LISTING_URL).content, "html.parser")
    assert listing.find("a", href=IMPORT_URL).get_text(strip=True) == "Importar preguntas"
    assert listing.find("a", href=EXPORT_URL).get_text(strip=True) == "Exportar preguntas"


def test_trainees_cannot_import_or_export(client):
    client.force_login(UserFactory())
    for url in (IMPORT_URL, EXPORT_URL):
        assert client.get(url).status_code in (302, 403)
    assert Item.objects.count() == 0


def test_upload_previews_then_the_confirmation_imports(instructor):
    preview = upload(instructor, GOOD)

    assert preview.status_code == 200
    assert Item.objects.count() == 0  # a preview writes nothing
    page = BeautifulSoup(preview.content, "html.parser")
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
        for row in page.select("#import-items tbody tr")
    ]
    assert [row[:4] for row in rows] == [
        ["3", "Casco", "Verdadero o falso", "crear"],
        ["5", "Par", "Opción única", "crear"],
        ["13", "Válvula", "Respuesta corta", "crear"],
    ]
    assert "Línea 11" in page.select_one("#import-skipped").get_text()
    assert "Por crear: 3." in page.select_one("#import-counts").get_text()

    done = instructor.post(IMPORT_URL, form_data(preview.content, form_id="import-confirm"))

    assert done.status_code == 302
    assert done.url == LISTING_URL
    assert sorted(Item.objects.values_list("name", flat=True)) == ["Casco", "Par", "Válvula"]
    helmet = Item.objects.get(name="Casco")
    assert (helmet.kind, helmet.true_false_answer, helmet.source_language) == (
        "true_false",
        True,
        "es",
    )
    assert [tag.name for tag in helmet.tags.all()] == ["Seguridad"]
    message = [str(m) for m in instructor.get(LISTING_URL).context["messages"]]
    assert message == [
        "banco.gift importado: 3 creados, 0 actualizados, 0 traducidos, 0 sin cambios."
    ]


def test_an_english_file_translates_what_the_spanish_one_created(instructor):
    instructor.post(
        IMPORT_URL, form_data(upload(instructor, GOOD).content, form_id="import-confirm")
    )
    english = (
        "::Casco::[html]<p>Is a helmet required on the floor?</p>{TRUE####<p>Always.</p>}\n\n"
        "::Par::Which tool applies the specified torque?{=Torque wrench ~Hammer ~Pliers}\n"
    )
    preview = upload(instructor, english, name="bank.gift", language="en")
    actions = [
        row.find_all("td")[3].get_text(strip=True)
        for row in BeautifulSoup(preview.content, "html.parser").select("#import-items tbody tr")
    ]
    assert actions == ["añadir traducción", "añadir traducción"]
    instructor.post(IMPORT_URL, form_data(preview.content, form_id="import-confirm"))

    content = item_content(Item.objects.get(name="Par"))
    assert content["stem"]["en"] == "<p>Which tool applies the specified torque?</p>"
    assert [o["text"] for o in content["options"]] == [
        {"es": "Torquímetro", "en": "Torque wrench"},
        {"es": "Martillo", "en": "Hammer"},
        {"es": "Pinzas", "en": "Pliers"},
    ]
    assert [o["correct"] for o in content["options"]] == [True, False, False]
    assert Item.objects.get(name="Casco").source_language == "es"


def test_a_bad_file_shows_every_problem_at_its_line_and_offers_no_import(client):
    client.force_login(in_english(UserFactory(roles=[Role.INSTRUCTOR])))
    preview = upload(client, BAD)

    page = BeautifulSoup(preview.content, "html.parser")
    problems = [li.get_text(" ", strip=True) for li in page.select("#import-problems li")]
    assert problems == [
        "Line 3: No answer is marked right.",
        "Line 5: “cuatro” is not a number.",
    ]
    assert page.select_one("#import-confirm") is None
    assert Item.objects.count() == 0


def test_a_tampered_confirmation_is_refused_and_nothing_is_saved(instructor):
    data = form_data(upload(instructor, GOOD).content, form_id="import-confirm")
    data["content"] = ["not base64!"]
    response = instructor.post(IMPORT_URL, data, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Vuelva a subir el archivo."]
    assert Item.objects.count() == 0


def _download(client, response):
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    return response.content.decode()


def test_export_of_the_bank_a_category_and_a_quiz(instructor):
    tool = make_item("single", name="Herramienta")
    helmet = make_item("true_false", name="Casco")
    helmet.tags.add("Seguridad")
    helmet.save()
    make_item("ordering", name="Orden del EPP")
    quiz = quiz_with([tool], code="par-basico")

    page = instructor.get(EXPORT_URL)
    data = form_data(page.content, form_id="export-form")
    data["language"] = ["en"]
    whole = _download(instructor, instructor.get(EXPORT_URL, data))
    assert "::Herramienta::" in whole and "::Casco::" in whole
    assert "Orden del EPP" not in whole  # GIFT has no ordering

    data["tag"] = ["Seguridad"]
    category = _download(instructor, instructor.get(EXPORT_URL, data))
    assert category.startswith("$CATEGORY: $course$/top/Seguridad")
    assert "::Casco::" in category and "::Herramienta::" not in category

    data["tag"], data["quiz"] = [""], [str(quiz.pk)]
    response = instructor.get(EXPORT_URL, data)
    assert 'filename="par-basico-en.gift"' in response["Content-Disposition"]
    assert "::Herramienta::" in _download(instructor, response)
    assert "::Casco::" not in response.content.decode()

    data["file_format"] = ["moodle-xml"]
    response = instructor.get(EXPORT_URL, data)
    assert 'filename="par-basico-en.xml"' in response["Content-Disposition"]
    assert "<name>\n      <text>Herramienta</text>" in _download(instructor, response)


def test_the_bulk_action_exports_the_selected_items(instructor):
    chosen = make_item("single", name="Herramienta")
    make_item("true_false", name="Casco")
    listing = BeautifulSoup(instructor.get(LISTING_URL).content, "html.parser")
    export_links = [
        a["href"] for a in listing.select("[data-bulk-action-button]") if "export" in a["href"]
    ]
    assert len(export_links) == 1
    step = instructor.get(f"{export_links[0]}?id={chosen.pk}")
    assert step.status_code == 302
    form = instructor.get(step.url)
    data = form_data(form.content, form_id="export-form")
    assert data["id"] == [str(chosen.pk)]
    text = _download(instructor, instructor.get(EXPORT_URL, data))
    assert "::Herramienta::" in text and "::Casco::" not in text


def test_the_commands_export_and_import_a_bank(tmp_path):
    for kind in ("single", "multiple", "numeric", "matching", "essay"):
        make_item(kind, name=f"EPP {kind}")
    before = {item.name: item_content(item)["settings"] for item in Item.objects.all()}
    spanish, english = tmp_path / "es.gift", tmp_path / "en.gift"
    out = StringIO()
    call_command("export_questions", "--format", "gift", "-o", str(spanish), stdout=out)
    call_command("export_questions", "--format=gift", "--language=en", "-o", str(english))
    assert "5" in out.getvalue()
    Item.objects.all().delete()

    call_command("import_questions", str(spanish), stdout=StringIO())
    call_command("import_questions", str(english), "--language", "en", stdout=StringIO())

    assert {item.name: item_content(item)["settings"] for item in Item.objects.all()} == before
    assert all(not item.missing_languages() for item in Item.objects.all())


def test_the_import_command_refuses_a_bad_file_and_writes_nothing(tmp_path):
    bad = tmp_path / "bad.gift"
    bad.write_text(BAD)
    errors = StringIO()
    with pytest.raises(CommandError):
        call_command("import_questions", str(bad), stderr=errors, stdout=StringIO())
    assert f"{bad}:3:" in errors.getvalue()
    assert Item.objects.count() == 0
