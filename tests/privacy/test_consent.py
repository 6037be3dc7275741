"""People who have not accepted the notice in force are asked to at their next log-in."""

from django.urls import reverse

import pytest

from accounts.models import PrivacyConsent
from accounts.privacy_notice import CURRENT_VERSION
from accounts.roles import Role
from tests.cms.admin_forms import form_data
from tests.cms.learning import build_learning_tree
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "contraseña-segura-2026"


def log_in(client, user, language="es"):
    return client.post(
        f"/{language}/accounts/login/", {"username": user.email, "password": PASSWORD}
    )


def test_someone_who_accepted_an_earlier_version_accepts_the_new_one_at_log_in(client):
    person = UserFactory(privacy_consent=False)
    PrivacyConsent.objects.create(user=person, version="2025-01", occasion="sign_up")
    log_in(client, person)

    # Every page leads to the notice until it is accepted.
    response = client.get("/es/learning/")
    assert response.status_code == 302
    assert response["Location"] == "/es/privacy/accept/?next=%2Fes%2Flearning%2F"
    page = client.get(response["Location"]).content.decode()
    assert "Nuestro aviso de privacidad cambió desde que lo aceptaste." in page
    assert "Responsable de tus datos" in page

    refused = client.post("/es/privacy/accept/", {"next": "/es/learning/"})
    assert "Acepta el aviso de privacidad para continuar, o cierra la sesión." in (
        refused.content.decode()
    )
    assert not PrivacyConsent.objects.filter(user=person, version=CURRENT_VERSION.code).exists()

    accepted = client.post("/es/privacy/accept/", {"accept": "on", "next": "/es/learning/"})
    assert accepted.status_code == 302 and accepted["Location"] == "/es/learning/"
    consent = PrivacyConsent.objects.get(user=person, version=CURRENT_VERSION.code)
    assert consent.occasion == PrivacyConsent.Occasion.LOGIN
    assert client.get("/es/learning/").status_code == 200


def test_someone_who_never_accepted_is_asked_in_english_and_may_still_leave(client):
    person = UserFactory(privacy_consent=False, preferred_language="en")
    log_in(client, person, "en")
    page = client.get("/en/privacy/accept/").content.decode()
    assert "Please read our privacy notice and accept it to go on." in page
    # The notice, their data and logging out stay reachable.
    assert client.get("/en/privacy/").status_code == 200
    assert client.get("/en/privacy/my-data/").status_code == 200
    assert client.post("/en/accounts/logout/").status_code == 302


def test_someone_who_accepted_the_current_version_is_not_asked(client):
    person = UserFactory()
    response = log_in(client, person)
    assert response.status_code == 302
    assert client.get("/es/learning/").status_code == 200


def test_a_foreign_next_address_is_ignored(client):
    person = UserFactory(privacy_consent=False)
    log_in(client, person)
    response = client.post("/es/privacy/accept/", {"accept": "on", "next": "https://evil.example/"})
    assert response["Location"] == "/es/accounts/profile/"


def test_an_editor_still_to_accept_previews_pages_in_the_admin(client, home_pages):
    """The admin waits for nothing, its live preview included (Wagtail renders it through the
    middleware, for the page's own address)."""
    editor = UserFactory(privacy_consent=False, roles=[Role.INSTRUCTOR])
    log_in(client, editor)
    module = build_learning_tree(home_pages)["modules"]["es"][0]
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[module.pk])
    data = form_data(client.get(reverse("wagtailadmin_pages:edit", args=[module.pk])).content)
    assert client.post(url, data).json() == {"is_valid": True, "is_available": True}
    preview = client.get(url)
    assert preview.status_code == 200
    assert f"<h1>{module.title}</h1>" in preview.content.decode()
    # The site itself still asks first.
    assert client.get(module.url)["Location"].startswith("/es/privacy/accept/")
