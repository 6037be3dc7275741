"""The administrators' standards upload screen: the import command's checks, through a form."""

import base64
import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.users.models import UserProfile

import pytest
from bs4 import BeautifulSoup

from accounts.roles import Role
from competencies.models import Criterion, CrosswalkEntry, Element, Framework, Standard
from tests.cms.admin_forms import form_data
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/competency_standards/import/"
LISTING_URL = "/admin/competency_standards/"


def in_english(user):
    """The admin interface follows the user's Wagtail profile language."""
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


@pytest.fixture
def administrator(client):
    client.force_login(in_english(UserFactory(roles=[Role.ADMINISTRATOR])))
    return client


def counts():
    models = (Framework, Standard, Element, Criterion, CrosswalkEntry)
    return [model.objects.count() for model in models]


def upload(client, content: bytes, name: str = "standards.json", *, confirm: bool = True):
    """Open the upload screen, submit its form with ``content`` as the chosen file and, when
    the preview offers it and ``confirm``, press "Import these standards"."""
    page = client.get(IMPORT_URL)
    assert page.status_code == 200
    data = form_data(page.content)
    data["file"] = SimpleUploadedFile(name, content, content_type="application/json")
    preview = client.post(IMPORT_URL, data, follow=True)
    form = BeautifulSoup(preview.content, "html.parser").find(id="import-confirm")
    if not confirm or form is None:
        return preview
    fields = {field["name"]: field.get("value", "") for field in form.find_all("input")}
    return client.post(IMPORT_URL, fields, follow=True)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_listing_and_the_menu_lead_administrators_to_the_upload(administrator):
    assert reverse("competency_standards:import") == IMPORT_URL
    listing = BeautifulSoup(administrator.get(LISTING_URL).content, "html.parser")

    button = listing.find("a", href=IMPORT_URL)
    assert button is not None and "Import standards" in button.get_text()
    menu = administrator.get("/admin/").content.decode()
    assert IMPORT_URL in menu


def test_an_administrator_imports_a_file_and_is_told_what_it_created(administrator, document):
    response = upload(administrator, json.dumps(document).encode())

    assert response.redirect_chain[-1][0] == LISTING_URL
    assert counts() == [2, 2, 2, 3, 1]
    assert messages_of(response) == [
        "standards.json imported. Created: 2 frameworks, 2 standards, 1 crosswalk entry. "
        "Updated: none."
    ]
    assert "EC0001" in response.content.decode()

    again = upload(administrator, json.dumps(document).encode())

    assert counts() == [2, 2, 2, 3, 1]
    assert messages_of(again) == [
        "standards.json imported. Created: none. "
        "Updated: 2 frameworks, 2 standards, 1 crosswalk entry."
    ]


def test_a_refused_file_lists_every_problem_by_location_and_writes_nothing(administrator, document):
    del document["frameworks"][0]["country"]
    document["frameworks"][0]["standards"][0]["elements"][0]["criteria"][0]["kind"] = "magic"

    response = upload(administrator, json.dumps(document).encode(), name="malo.json")

    assert response.status_code == 200 and not response.redirect_chain
    page = BeautifulSoup(response.content, "html.parser")
    listed = [" ".join(item.get_text().split()) for item in page.select("#import-problems li")]
    assert "$.frameworks[0].country: This field is missing." in listed
    assert any(
        line.startswith("$.frameworks[0].standards[0].elements[0].criteria[0].kind:")
        for line in listed
    )
    assert "nothing will be saved" in page.select_one("#import-problems p").get_text()
    assert page.find(id="import-confirm") is None
    assert counts() == [0, 0, 0, 0, 0]


def test_a_database_rule_refuses_the_whole_file_and_keeps_what_was_there(
    administrator, document, demo_standards
):
    """The crosswalk names a standard that exists nowhere: the frameworks before it in the
    file are not written either, and the demo standards stay as they were."""
    before = counts()
    document["crosswalk"][0]["target"]["standard"] = "NO-SUCH"

    response = upload(administrator, json.dumps(document).encode())

    listed = [
        " ".join(item.get_text().split())
        for item in BeautifulSoup(response.content, "html.parser").select("#import-problems li")
    ]
    assert listed and all(line.startswith("$.crosswalk[0].target") for line in listed)
    assert counts() == before


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b'{"format": ', "$: Not valid JSON (line 1, column 12): Expecting value."),
        ("{}".encode("utf-16"), "$: The file is not UTF-8 text."),
        # Issue 14: a Latin-1 file and deeply nested JSON (a RecursionError) were tracebacks.
        ('{"name": "Competencias básicas"}'.encode("latin-1"), "$: The file is not UTF-8 text."),
        (
            b"[" * 100_000 + b"]" * 100_000,
            "$: The JSON nests arrays or objects too deeply to be read; a standards file "
            "nests a few levels only (docs/standards-json.md).",
        ),
    ],
    ids=["broken", "utf-16", "latin-1", "nested"],
)
def test_a_file_that_is_not_json_is_refused_with_the_reason(administrator, content, problem):
    response = upload(administrator, content)

    listed = [
        " ".join(item.get_text().split())
        for item in BeautifulSoup(response.content, "html.parser").select("#import-problems li")
    ]
    assert listed == [problem]


def test_the_preview_says_what_would_change_and_writes_nothing(administrator, document):
    preview = upload(administrator, json.dumps(document).encode(), confirm=False)

    page = BeautifulSoup(preview.content, "html.parser")
    assert " ".join(page.find(id="import-counts").get_text().split()) == (
        "To create: 2 frameworks, 2 standards, 1 crosswalk entry. To update: none. "
        "Nothing is saved until you confirm."
    )
    assert page.find(id="import-confirm") is not None
    assert counts() == [0, 0, 0, 0, 0]


def test_a_file_changed_between_preview_and_confirm_is_refused_whole(administrator, document):
    """The confirmation carries the file; a confirmation whose file no longer passes (here a
    tampered one) writes nothing and shows the problems again."""
    preview = upload(administrator, json.dumps(document).encode(), confirm=False)
    form = BeautifulSoup(preview.content, "html.parser").find(id="import-confirm")
    fields = {field["name"]: field.get("value", "") for field in form.find_all("input")}
    del document["frameworks"][0]["publisher"]
    fields["content"] = base64.b64encode(json.dumps(document).encode()).decode()

    response = administrator.post(IMPORT_URL, fields)

    assert response.status_code == 200
    assert messages_of(response) == ["standards.json was not imported; nothing was saved."]
    assert "$.frameworks[0].publisher" in response.content.decode()
    assert counts() == [0, 0, 0, 0, 0]


def test_no_file_chosen_is_a_form_error(administrator):
    page = administrator.get(IMPORT_URL)

    response = administrator.post(IMPORT_URL, form_data(page.content))

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()


def test_instructors_cannot_import_and_see_no_button(client, document):
    client.force_login(in_english(UserFactory(roles=[Role.INSTRUCTOR])))

    refused = client.get(IMPORT_URL, follow=True)
    assert refused.redirect_chain[-1][0] == "/admin/"
    assert len(messages_of(refused)) == 1  # Wagtail's "no permission to access this area"
    data = {"file": SimpleUploadedFile("s.json", json.dumps(document).encode())}
    assert client.post(IMPORT_URL, data)["Location"] == "/admin/"
    assert IMPORT_URL not in client.get(LISTING_URL).content.decode()
    assert counts() == [0, 0, 0, 0, 0]
