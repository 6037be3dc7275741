"""The privacy notice, linked from every page's footer and from sign-up; consent at sign-up."""

import pytest

from accounts.models import PrivacyConsent, User
from accounts.privacy_notice import CURRENT_VERSION

pytestmark = pytest.mark.django_db


def signup_data(**overrides):
    data = {
        "email": "lucia.ramos@planta.example",
        "first_name": "Lucía",
        "last_name": "Ramos Núñez",
        "preferred_language": "es",
        "curp": "MAHJ280603MSPRRV09",
        "password1": "torque-calibrado-85",
        "password2": "torque-calibrado-85",
        "accept_privacy_notice": "on",
    }
    return {**data, **overrides}


@pytest.mark.parametrize(
    ("language", "title", "phrases"),
    [
        (
            "es",
            "Aviso de privacidad",
            [
                "Responsable de tus datos",
                "CURP",
                "fotografías",
                "organismo certificador",
                "derechos ARCO",
                "Mis datos",
                "Conservamos solo lo que la verificación exige",
                "privacidad@puente.example",
            ],
        ),
        (
            "en",
            "Privacy notice",
            [
                "Who is responsible for your data",
                "CURP",
                "photos",
                "certifying body",
                "ARCO rights",
                "My data",
                "We keep only what verification requires",
                "privacidad@puente.example",
            ],
        ),
    ],
)
def test_the_notice_is_public_in_each_language_with_its_version(client, language, title, phrases):
    page = client.get(f"/{language}/privacy/").content.decode()
    assert f"<h1>{title}</h1>" in page
    assert CURRENT_VERSION.code in page
    for phrase in phrases:
        assert phrase in page, phrase
    # The other language's notice is not mixed in.
    other = "Who is responsible" if language == "es" else "Responsable de tus datos"
    assert other not in page


def test_the_footer_and_sign_up_link_to_the_notice(client):
    signup = client.get("/es/accounts/signup/").content.decode()
    assert signup.count('href="/es/privacy/"') == 2  # the form's paragraph and the footer
    assert "Aviso de privacidad" in signup
    assert "He leído el aviso de privacidad y lo acepto." in signup
    assert 'href="/en/privacy/"' in client.get("/en/accounts/login/").content.decode()


def test_sign_up_records_consent_to_the_current_version(client):
    response = client.post("/es/accounts/signup/", signup_data())
    assert response.status_code == 302
    user = User.objects.get(email="lucia.ramos@planta.example")
    consent = PrivacyConsent.objects.get(user=user)
    assert consent.version == CURRENT_VERSION.code
    assert consent.occasion == PrivacyConsent.Occasion.SIGN_UP


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("es", "Para crear una cuenta, acepta el aviso de privacidad."),
        ("en", "To create an account, accept the privacy notice."),
    ],
)
def test_sign_up_without_accepting_is_refused_and_keeps_what_was_typed(client, language, message):
    data = signup_data()
    del data["accept_privacy_notice"]
    response = client.post(f"/{language}/accounts/signup/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'value="Ramos Núñez"' in page
    assert not User.objects.exists()
    assert not PrivacyConsent.objects.exists()
