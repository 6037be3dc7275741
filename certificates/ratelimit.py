"""A fixed-window rate limit per client, counted in the cache (shared by every process when
the cache is Redis: ``REDIS_URL``).

The client is the address given by the trusted proxies (``accounts.network.client_address``,
setting ``PUENTE_TRUSTED_PROXIES``), so visitors behind the proxy do not share one limit. When
the cache cannot be reached the request is let through and the failure logged: verification
stays up during a cache outage, without its limit.
"""

import logging

from django.core.cache import cache
from django.utils import timezone

from accounts.network import client_address

VERIFY_LIMIT = 30  # look-ups
VERIFY_WINDOW = 60  # seconds

logger = logging.getLogger(__name__)


def over_limit(request, *, scope: str = "verify", limit: int = VERIFY_LIMIT) -> bool:
    """Count this request; True when the client made more than ``limit`` in this window."""
    window = int(timezone.now().timestamp()) // VERIFY_WINDOW
    key = f"certificates:rate:{scope}:{client_address(request) or 'unknown'}:{window}"
    try:
        if cache.add(key, 1, timeout=VERIFY_WINDOW + 5):
            return False
        try:
            count = cache.incr(key)
        except ValueError:  # expired (or never stored) between add and incr
            cache.add(key, 1, timeout=VERIFY_WINDOW + 5)
            return False
    except Exception:  # noqa: BLE001 - any cache backend's outage: fail open, logged
        logger.warning("Rate limit %s not counted: the cache is unreachable.", scope, exc_info=True)
        return False
    return count > limit
