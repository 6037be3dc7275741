"""A fixed-window rate limit per client IP, kept in the cache (shared by every process)."""

from django.core.cache import cache
from django.utils import timezone

VERIFY_LIMIT = 30  # look-ups
VERIFY_WINDOW = 60  # seconds


def client_ip(request) -> str:
    # REMOTE_ADDR only: a proxy in front must set it (e.g. gunicorn --forwarded-allow-ips).
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def over_limit(request, *, scope: str = "verify", limit: int = VERIFY_LIMIT) -> bool:
    """Count this request; True when the client made more than ``limit`` in this window."""
    window = int(timezone.now().timestamp()) // VERIFY_WINDOW
    key = f"certificates:rate:{scope}:{client_ip(request)}:{window}"
    if cache.add(key, 1, timeout=VERIFY_WINDOW + 5):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=VERIFY_WINDOW + 5)
        return False
    return count > limit
