"""The client address behind the configured trusted proxies (issue 16, item 8)."""

from django.test import RequestFactory

import pytest

from accounts.network import client_address


def _request(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.PUENTE_TRUSTED_PROXIES = []
    assert client_address(_request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


@pytest.mark.parametrize(
    ("forwarded", "client"),
    [
        ("198.51.100.7", "198.51.100.7"),
        ("1.2.3.4, 198.51.100.7", "198.51.100.7"),  # the visitor wrote 1.2.3.4 themselves
        ("198.51.100.7, 10.0.0.2", "198.51.100.7"),  # two proxies of ours
        ("", "10.0.0.1"),
        ("not-an-ip", "10.0.0.1"),
    ],
)
def test_behind_a_trusted_proxy_the_client_is_the_last_untrusted_hop(settings, forwarded, client):
    settings.PUENTE_TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_address(_request("10.0.0.1", forwarded)) == client


def test_a_header_from_an_untrusted_peer_is_ignored(settings):
    settings.PUENTE_TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_address(_request("203.0.113.9", "198.51.100.7")) == "203.0.113.9"


def test_a_request_without_an_address_gives_none(settings):
    """force_login's request has no REMOTE_ADDR; axes stores None, not a non-address (which
    PostgreSQL's inet column refuses)."""
    settings.PUENTE_TRUSTED_PROXIES = []
    assert client_address(RequestFactory().get("/", REMOTE_ADDR="")) is None
