"""The verification rate limit behind a trusted proxy and during a cache outage (issue 16,
item 8)."""

import logging

from django.core.cache import caches
from django.test import RequestFactory

import pytest
from freezegun import freeze_time

from certificates.ratelimit import VERIFY_LIMIT, over_limit
from certificates.services import certificate_issue

PROXY = "10.0.0.1"


@pytest.fixture
def issued(competent, holder, standard, administrator):
    return certificate_issue(holder=holder, standard=standard, issued_by=administrator)


def test_visitors_behind_the_trusted_proxy_each_have_their_own_limit(client, issued, settings):
    settings.PUENTE_TRUSTED_PROXIES = ["10.0.0.0/8"]
    url = f"/en/verify/{issued.code}/"
    with freeze_time("2026-11-27 18:00:20"):
        for _ in range(VERIFY_LIMIT):
            client.get(url, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7")
        greedy = client.get(url, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7")
        # A forged left-most hop does not give the same visitor a fresh limit.
        forged = client.get(url, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.1.1.1, 198.51.100.7")
        neighbour = client.get(url, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.8")

    assert greedy.status_code == 429
    assert forged.status_code == 429
    assert neighbour.status_code == 200


@pytest.fixture
def unreachable_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    yield
    caches["default"].close()


def test_the_limit_lets_requests_through_while_the_cache_is_down(unreachable_cache, caplog):
    """Fail open, logged (the rest of the page surviving an outage is cms.cache's job)."""
    request = RequestFactory().get("/en/verify/", REMOTE_ADDR="198.51.100.7")
    with caplog.at_level(logging.WARNING, logger="certificates.ratelimit"):
        assert over_limit(request) is False

    assert "the cache is unreachable" in caplog.text
