from django.contrib.auth.models import Group
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
    }
    return {**data, **overrides}


def test_signup_creates_a_trainee_and_logs_in(client):
    response = client.post("/es/accounts/signup/", signup_data())

    assert response.status_code == 302
    user = User.objects.get(email="lucia.ramos@planta.example")
    assert user.printed_name == "Lucía Ramos Núñez"
    assert user.curp == "MAHJ280603MSPRRV09"
    assert list(user.groups.values_list("name", flat=True)) == [Role.TRAINEE.value]
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


def test_taken_email_is_refused_whatever_its_case(client):
    UserFactory(email="lucia.ramos@planta.example")

    response = client.post("/es/accounts/signup/", signup_data())

    assert "Ya existe una cuenta con este correo electrónico." in response.content.decode()
    assert User.objects.count() == 1


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
