"""Both login forms lock an account after repeated wrong passwords (issue 16, item 4):
django-axes behind the site's login and Wagtail's /admin/login/, with a translated page."""

from django.conf import settings

import pytest

from accounts.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Correcta-2026-segura"


@pytest.fixture
def instructor():
    user = UserFactory(roles=[Role.INSTRUCTOR], email="ana@example.mx")
    user.set_password(PASSWORD)
    user.save()
    return user


def _guess_wrong(client, url, email):
    for n in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(url, {"username": email, "password": f"mala-{n}"})
        assert response.status_code in (200, 429)


@pytest.mark.parametrize(
    ("url", "text"),
    [
        ("/es/accounts/login/", "Demasiados intentos fallidos"),
        ("/en/accounts/login/", "Too many failed logins"),
        ("/admin/login/", "Demasiados intentos fallidos"),  # the admin speaks Spanish by default
    ],
)
def test_the_right_password_is_refused_after_repeated_wrong_ones(client, instructor, url, text):
    _guess_wrong(client, url, instructor.email)

    response = client.post(url, {"username": instructor.email, "password": PASSWORD})

    assert response.status_code == 429
    assert text in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_is_per_account_not_per_address(client, instructor):
    _guess_wrong(client, "/admin/login/", "someone.else@example.mx")

    response = client.post("/admin/login/", {"username": instructor.email, "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(instructor.pk)


def test_a_few_mistakes_then_the_right_password_logs_in(client, instructor):
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post("/en/accounts/login/", {"username": instructor.email, "password": f"x{n}"})

    response = client.post(
        "/en/accounts/login/", {"username": instructor.email, "password": PASSWORD}
    )

    assert response.status_code == 302
