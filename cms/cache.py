"""Django's Redis cache, made optional: a Redis outage turns the cache into a miss, not a 500.

Redis is a cache and a queue in Puente, never the only copy of anything: sessions are
``cached_db`` (the database holds them), Wagtail's site root paths and the rate limit counts
can be recomputed. So while Redis cannot be reached every read is a miss, every write is
dropped and a warning is logged; pages, verification, autosave and submit keep working on the
database alone (``tests/cms/test_redis_outage.py`` stops a real Redis under them).

After a failure the cache is not asked again for ``RETRY_AFTER`` seconds, so a request during
an outage pays no connection attempt per cache call. Errors other than losing the connection
(a wrong command, a full memory) still raise.

Why not django-redis and its ``IGNORE_EXCEPTIONS``: it would replace Django's own backend and
add a dependency for the same few lines, and its ``incr`` answers ``None`` during an outage,
where Django's contract (and the rate limiter) expects ``ValueError`` for a missing key.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

import redis

logger = logging.getLogger("puente.cache")

OUTAGE = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
RETRY_AFTER = 5.0  # seconds without asking Redis after it failed


class OptionalRedisCache(RedisCache):
    """``RedisCache`` whose operations degrade to "not cached" while Redis is unreachable."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0

    def _attempt(self, operation, *args, unavailable, **kwargs):
        if time.monotonic() < self._down_until:
            return unavailable()
        try:
            return operation(*args, **kwargs)
        except OUTAGE as error:
            self._down_until = time.monotonic() + RETRY_AFTER
            logger.warning("Cache unavailable, serving without it for %ss: %s", RETRY_AFTER, error)
            return unavailable()

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        add = super().add
        return self._attempt(add, key, value, timeout, version, unavailable=lambda: False)

    def get(self, key, default=None, version=None):
        get = super().get
        return self._attempt(get, key, default, version, unavailable=lambda: default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        set_ = super().set
        self._attempt(set_, key, value, timeout, version, unavailable=lambda: None)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        touch = super().touch
        return self._attempt(touch, key, timeout, version, unavailable=lambda: False)

    def delete(self, key, version=None):
        delete = super().delete
        return self._attempt(delete, key, version, unavailable=lambda: False)

    def get_many(self, keys, version=None):
        get_many = super().get_many
        return self._attempt(get_many, keys, version, unavailable=dict)

    def has_key(self, key, version=None):
        has_key = super().has_key
        return self._attempt(has_key, key, version, unavailable=lambda: False)

    def incr(self, key, delta=1, version=None):
        def missing():  # what Django's contract says for a key that is not there
            raise ValueError(f"Key '{key}' not found (cache unavailable)")

        incr = super().incr
        return self._attempt(incr, key, delta, version, unavailable=missing)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        set_many = super().set_many
        return self._attempt(set_many, data, timeout, version, unavailable=lambda: list(data))

    def delete_many(self, keys, version=None):
        delete_many = super().delete_many
        self._attempt(delete_many, keys, version, unavailable=lambda: None)

    def clear(self):
        clear = super().clear
        return self._attempt(clear, unavailable=lambda: False)
