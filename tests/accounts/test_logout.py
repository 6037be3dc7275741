"""Logging out is a POST, on the site and in the admin, and ends the session on the server
(issue 16, item 10): a copy of the old session cookie no longer opens anything."""

from django.test import Client

import pytest

from accounts.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/admin/logout/", "/es/accounts/logout/"])
def test_logout_by_post_ends_the_session_on_the_server(client, url):
    client.force_login(UserFactory(roles=[Role.INSTRUCTOR]))
    stolen = client.cookies["sessionid"].value

    response = client.post(url)

    assert response.status_code == 302
    replay = Client()
    replay.cookies["sessionid"] = stolen
    assert replay.get("/admin/").status_code == 302  # to the login page
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("url", ["/admin/logout/", "/es/accounts/logout/"])
def test_a_get_does_not_log_out(client, url):
    client.force_login(UserFactory(roles=[Role.INSTRUCTOR]))

    assert client.get(url).status_code == 405
    assert client.get("/admin/").status_code == 200
