from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

import pytest

from accounts.models import User
from accounts.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def signup_data(**overrides):
    data = {
        "email": "Lucia.Ramos@Planta.example",
        "first_name": "Lucía",
        "last_name": "Ramos Núñez",
        "preferred_language": "es",
        "curp": "mahj280603msprrv09",
        "password1": "torque-calibrado-85",
        "password2": "torque-calibrado-85",
        "accept_privacy_notice": "on",
    }
    return {**data, **overrides}


def test_signup_creates_a_trainee_who_then_logs_in(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/es/accounts/signup/", signup_data())

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:signup_sent")
    user = User.objects.get(email="lucia.ramos@planta.example")
    assert user.printed_name == "Lucía Ramos Núñez"
    assert user.curp == "MAHJ280603MSPRRV09"
    assert list(user.groups.values_list("name", flat=True)) == [Role.TRAINEE.value]
    (welcome,) = mailoutbox
    assert welcome.to == ["lucia.ramos@planta.example"]
    assert "Tu cuenta de Puente está lista" in welcome.subject
    assert "http://testserver/es/accounts/login/" in welcome.body
    sent = client.get(response["Location"]).content.decode()
    assert "Revisa tu correo" in sent
    logged_in = client.post(
        "/es/accounts/login/",
        {"username": "lucia.ramos@planta.example", "password": "torque-calibrado-85"},
    )
    assert logged_in.status_code == 302
    assert client.get(reverse("accounts:profile")).context["user"] == user


def test_malformed_curp_gets_a_spanish_error_and_keeps_what_was_typed(client):
    response = client.post("/es/accounts/signup/", signup_data(curp="MAHJ280603MSPRRV08"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "El dígito verificador de la CURP no coincide" in page
    assert 'value="Ramos Núñez"' in page
    assert 'value="MAHJ280603MSPRRV08"' in page
    assert not User.objects.exists()


def test_malformed_curp_gets_an_english_error_in_english(client):
    response = client.post("/en/accounts/signup/", signup_data(curp="XX"))

    assert "A CURP has 18 characters; this one has 2." in response.content.decode()


def test_a_taken_email_gets_the_same_answer_and_its_owner_is_told(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    """Issue 16, item 11: sign-up never says whether an address has an account."""
    owner = UserFactory(email="lucia.ramos@planta.example", preferred_language="en")
    new = Client()
    with django_capture_on_commit_callbacks(execute=True):
        fresh = new.post("/es/accounts/signup/", signup_data(email="otra@planta.example", curp=""))
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        taken = client.post("/es/accounts/signup/", signup_data())

    assert (taken.status_code, taken["Location"]) == (fresh.status_code, fresh["Location"])
    assert "_auth_user_id" not in client.session and "_auth_user_id" not in new.session
    assert User.objects.filter(email__iexact="lucia.ramos@planta.example").count() == 1
    (notice,) = mailoutbox
    assert notice.to == [owner.email]
    assert "You already have a Puente account" in notice.subject  # in the owner's language
    assert "http://testserver/en/accounts/password-reset/" in notice.body


def test_weak_password_is_refused_in_spanish(client):
    response = client.post(
        "/es/accounts/signup/", signup_data(password1="12345678", password2="12345678")
    )

    page = response.content.decode()
    assert "Esta contraseña es demasiado común." in page
    assert 'value="Lucía"' in page
    assert not User.objects.exists()


def test_curp_already_used_is_refused(client):
    UserFactory(curp="MAHJ280603MSPRRV09")

    response = client.post("/es/accounts/signup/", signup_data())

    assert "Otra cuenta ya usa esta CURP." in response.content.decode()


def test_login_is_by_email(client):
    UserFactory(email="operador@planta.example", password="torque-calibrado-85")

    response = client.post(
        "/en/accounts/login/",
        {"username": "Operador@planta.example", "password": "torque-calibrado-85"},
    )

    assert response.status_code == 302


def test_every_new_user_group_exists():
    assert set(Group.objects.values_list("name", flat=True)) >= {role.value for role in Role}
