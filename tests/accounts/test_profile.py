from django.core import mail

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_profile_changes_printed_name_and_language(client):
    user = UserFactory(first_name="Jose", last_name="Perez", preferred_language="es")
    client.force_login(user)

    response = client.post(
        "/es/accounts/profile/",
        {
            "first_name": "José Ángel",
            "last_name": "Pérez Ibáñez",
            "preferred_language": "en",
            "curp": "",
        },
    )

    user.refresh_from_db()
    assert user.printed_name == "José Ángel Pérez Ibáñez"
    assert user.preferred_language == "en"
    assert response["Location"] == "/en/accounts/profile/"
    assert response.cookies["puente_language"].value == "en"
    assert "Your profile was saved." in client.get(response["Location"]).content.decode()


def test_profile_with_bad_curp_keeps_the_old_values(client):
    user = UserFactory(first_name="Ana", last_name="Ruiz")
    client.force_login(user)

    response = client.post(
        "/es/accounts/profile/",
        {"first_name": "Ana María", "last_name": "Ruiz", "preferred_language": "es", "curp": "ABC"},
    )

    assert response.status_code == 200
    assert 'value="Ana María"' in response.content.decode()
    user.refresh_from_db()
    assert user.first_name == "Ana"


def test_profile_needs_login(client):
    response = client.get("/es/accounts/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith("/es/accounts/login/")


def test_password_reset_mail_is_in_the_page_language(client):
    UserFactory(email="tecnica@planta.example")

    client.post("/es/accounts/password-reset/", {"email": "tecnica@planta.example"})

    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Restablece tu contraseña de Puente"
    assert "/es/accounts/password-reset/" in mail.outbox[0].body


def test_logout_is_a_post(client):
    client.force_login(UserFactory())
    response = client.post("/es/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
