"""Who is asking: the client's address, as given by the proxies this deployment trusts.

``PUENTE_TRUSTED_PROXIES`` lists the addresses or networks of the proxies in front of the app
(environment variable of the same name, comma-separated, e.g. ``10.0.0.0/8,127.0.0.1``).
When the connection comes from one of them, the client is the right-most address in
``X-Forwarded-For`` that is not itself a trusted proxy; a header from anyone else is ignored,
so a visitor cannot pick the address their limits are counted against. Login throttling
(django-axes) and the verification rate limit both key on :func:`client_address`.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]):
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _address(value: str):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _trusted(address, networks) -> bool:
    return address is not None and any(address in network for network in networks)


def client_address(request) -> str | None:
    """The client's IP address; ``None`` when the request carries none (e.g. the request
    Django's test client builds for ``force_login``): django-axes stores the value in an IP
    address column, which PostgreSQL checks."""
    remote = request.META.get("REMOTE_ADDR", "") or None
    networks = _networks(tuple(getattr(settings, "PUENTE_TRUSTED_PROXIES", ())))
    if not _trusted(_address(remote or ""), networks):
        return remote
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break  # a garbled header: trust nothing further left
        if not _trusted(address, networks):
            return str(address)
    return remote
