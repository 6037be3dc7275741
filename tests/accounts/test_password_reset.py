"""“Forgot your password?”: reaches invited people who never chose one, as Django's own form
would not (their account has an unusable password until they do)."""

from django.utils import timezone

import pytest

from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def ask_for_reset(client, email: str):
    page = client.get("/es/accounts/password-reset/")
    assert page.status_code == 200 and 'name="email"' in page.text
    return client.post("/es/accounts/password-reset/", {"email": email})


def test_an_invited_trainee_who_never_logged_in_gets_the_reset_link(client, mailoutbox):
    invited = UserFactory(email="karla.nunez@planta.example")
    invited.set_unusable_password()  # as an enrolment by roster leaves it
    invited.save()

    response = ask_for_reset(client, "Karla.Nunez@planta.example")

    assert response.status_code == 302
    (mail,) = mailoutbox
    assert mail.to == ["karla.nunez@planta.example"]
    assert "/es/accounts/password-reset/" in mail.body


def test_an_account_whose_password_was_disabled_after_use_gets_nothing(client, mailoutbox):
    disabled = UserFactory(email="baja@planta.example", last_login=timezone.now())
    disabled.set_unusable_password()
    disabled.save()

    response = ask_for_reset(client, "baja@planta.example")

    assert response.status_code == 302  # the same answer: nothing is revealed
    assert mailoutbox == []


def test_a_usable_password_still_gets_the_link(client, mailoutbox):
    UserFactory(email="activo@planta.example")
    ask_for_reset(client, "activo@planta.example")
    assert [m.to for m in mailoutbox] == [["activo@planta.example"]]
