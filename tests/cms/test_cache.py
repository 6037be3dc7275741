"""The Redis cache degrades to "not cached" while Redis cannot be reached (cms.cache).

The server here is a closed local port: every operation is refused at once, as when Redis is
stopped. A real server stopped under the site is in tests/certificates/test_redis_outage.py.
"""

import socket

from django.core.cache import caches

import pytest

from cms import cache as optional_cache


@pytest.fixture
def unreachable(settings):
    with socket.socket() as probe:  # a port nothing listens on once the probe is closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CACHES = {
        "default": {
            "BACKEND": "cms.cache.OptionalRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": settings.REDIS_SOCKET_TIMEOUTS,
        }
    }
    return caches["default"]


def test_every_operation_answers_as_a_cache_that_holds_nothing(unreachable, caplog):
    cache = unreachable
    assert cache.get("k") is None and cache.get("k", "default") == "default"
    cache.set("k", 1)
    assert cache.add("k", 1) is False  # not stored: a lock taken with add() is not granted
    assert cache.get_or_set("k", 2) == 2
    assert cache.get_many(["k", "j"]) == {}
    assert cache.set_many({"k": 1, "j": 2}) == ["k", "j"]
    assert cache.has_key("k") is False and "k" not in cache
    assert cache.delete("k") is False and cache.touch("k") is False
    cache.delete_many(["k"])
    cache.clear()
    with pytest.raises(ValueError, match="not found"):  # Django's answer for a missing key
        cache.incr("k")
    with pytest.raises(ValueError):
        cache.decr("k")
    assert caplog.text.count("Cache unavailable") == 1  # then quiet for RETRY_AFTER seconds


def test_redis_is_asked_again_after_the_pause(unreachable, monkeypatch):
    cache = unreachable
    clock = [1000.0]
    monkeypatch.setattr(optional_cache.time, "monotonic", lambda: clock[0])
    calls = []
    client = cache._cache

    def counted_get(*args, **kwargs):
        calls.append(args)
        return type(client).get(client, *args, **kwargs)

    monkeypatch.setattr(client, "get", counted_get)
    cache.get("k")
    cache.get("k")
    assert len(calls) == 1  # the second read did not wait on the dead server
    clock[0] += optional_cache.RETRY_AFTER + 1
    cache.get("k")
    assert len(calls) == 2
