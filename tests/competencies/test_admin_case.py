"""CASE 1.1 in the admin (issue 18): the standards upload previews and imports a package, and a
standard's screen downloads it as one."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.users.models import UserProfile

import pytest
from bs4 import BeautifulSoup

from accounts.roles import Role
from competencies.models import Criterion, CrosswalkEntry, Element, Framework, Standard
from competencies.selectors import standards_case_export, standards_export
from tests.cms.admin_forms import form_data
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/competency_standards/import/"


def speaking(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


def administrator_in(client, language="en"):
    client.force_login(speaking(UserFactory(roles=[Role.ADMINISTRATOR]), language))
    return client


def counts():
    models = (Framework, Standard, Element, Criterion, CrosswalkEntry)
    return [model.objects.count() for model in models]


def wipe():
    CrosswalkEntry.objects.all().delete()
    Standard.objects.update(superseded_by=None)
    Standard.objects.all().delete()
    Framework.objects.all().delete()


def preview_of(client, package: dict, name="marco.case.json"):
    page = client.get(IMPORT_URL)
    data = form_data(page.content)
    content = json.dumps(package, ensure_ascii=False).encode()
    data["file"] = SimpleUploadedFile(name, content, content_type="application/json")
    response = client.post(IMPORT_URL, data)
    assert response.status_code == 200
    return response, BeautifulSoup(response.content, "html.parser")


def lines(page, selector) -> list[str]:
    return [" ".join(item.get_text().split()) for item in page.select(selector)]


def test_a_case_package_is_previewed_then_imported(client, demo_standards):
    exported = {
        slug: standards_case_export(framework=slug, language="en")
        for slug in ("conocer-muestra", "us-am-sample")
    }
    snapshot = standards_export()
    wipe()
    administrator_in(client)

    response, page = preview_of(client, exported["conocer-muestra"])

    assert lines(page, "#import-counts") == [
        "To create: 1 framework, 3 standards. To update: none. Nothing is saved until you confirm."
    ]
    skipped = lines(page, "#import-skipped li")
    assert len(skipped) == 7 and skipped[0].startswith("$.CFAssociations[")
    assert "import its framework first" in skipped[0]
    assert counts() == [0, 0, 0, 0, 0]

    form = page.find(id="import-confirm")
    fields = {field["name"]: field.get("value", "") for field in form.find_all("input")}
    assert fields["file_format"] == "case"
    done = client.post(IMPORT_URL, fields, follow=True)
    assert done.redirect_chain[-1][0] == "/admin/competency_standards/"
    assert [str(m) for m in done.context["messages"]] == [
        "marco.case.json imported. Created: 1 framework, 3 standards. Updated: none."
    ]

    _response, page = preview_of(client, exported["us-am-sample"])
    assert lines(page, "#import-counts")[0].startswith(
        "To create: 1 framework, 2 standards, 7 crosswalk entries."
    )
    form = page.find(id="import-confirm")
    client.post(IMPORT_URL, {f["name"]: f.get("value", "") for f in form.find_all("input")})
    assert standards_export() == snapshot


def test_a_malformed_package_lists_every_problem_at_its_path_in_spanish(client, demo_standards):
    package = standards_case_export(framework="conocer-muestra", language="es")
    before = counts()
    package["CFItems"][0].pop("humanCodingScheme")
    package["CFItems"][0]["extensions"]["level"] = 9
    package["CFAssociations"][0]["originNodeURI"]["identifier"] = "x"
    administrator_in(client, "es")

    _response, page = preview_of(client, package)

    assert lines(page, "#import-problems li") == [
        "$.CFAssociations[0].originNodeURI.identifier: Ningún elemento del archivo tiene este "
        "identificador.",
        "$.CFItems[0].humanCodingScheme: Falta este campo.",
        "$.CFItems[0].extensions.level: Los niveles van del 1 al 5.",
    ]
    assert "no se guardará nada" in page.select_one("#import-problems p").get_text()
    assert page.find(id="import-confirm") is None
    assert counts() == before


def test_a_standard_screen_downloads_it_as_case(client, demo_standards):
    standard = demo_standards["EC9101"]
    administrator_in(client)
    edit = client.get(f"/admin/competency_standards/edit/{standard.pk}/")
    link = BeautifulSoup(edit.content, "html.parser").find(
        "a", href=f"/admin/competency_standards/{standard.pk}/case/"
    )
    assert link is not None and "Export as CASE" in link.get_text()

    download = client.get(link["href"] + "?language=en")

    assert download["Content-Type"] == "application/json; charset=utf-8"
    assert download["Content-Disposition"] == 'attachment; filename="ec9101-v1-case-en.json"'
    package = json.loads(download.content)
    assert package["CFDocument"]["language"] == "en"
    standards = [row for row in package["CFItems"] if row["CFItemType"] == "Standard"]
    assert [(row["humanCodingScheme"], row["fullStatement"]) for row in standards] == [
        ("EC9101", standard.title_en)
    ]
    unknown = json.loads(client.get(link["href"] + "?language=xx").content)
    assert unknown["CFDocument"]["language"] == "en"  # the administrator's


def test_without_the_right_to_change_standards_there_is_no_export(client, demo_standards):
    standard = demo_standards["EC9101"]
    client.force_login(speaking(UserFactory(roles=[Role.INSTRUCTOR]), "en"))

    response = client.get(f"/admin/competency_standards/{standard.pk}/case/")

    assert response.status_code in (302, 403)
    assert not response.get("Content-Disposition")
