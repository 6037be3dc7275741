"""The admin speaks each user's preferred language, whatever they last browsed the site in."""

import re

from wagtail.users.models import UserProfile

import pytest

from accounts.roles import Role
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def admin_language(client) -> str:
    response = client.get("/admin/")
    assert response.status_code == 200
    return re.search(r'<html[^>]* lang="([a-z-]+)"', response.text)[1]


@pytest.mark.parametrize(("preferred", "browsing"), [("en", "es"), ("es", "en")])
def test_admin_follows_the_users_preferred_language(client, preferred, browsing):
    user = UserFactory(preferred_language=preferred, roles=[Role.INSTRUCTOR])
    client.force_login(user)
    client.cookies["puente_language"] = browsing  # the site's language switcher
    assert admin_language(client) == preferred


def test_a_language_chosen_in_the_admins_account_settings_wins(client):
    user = UserFactory(preferred_language="es", roles=[Role.INSTRUCTOR])
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    assert admin_language(client) == "en"
