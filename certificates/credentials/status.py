"""Bitstring Status List (W3C): a gzip-compressed bitstring, base64url multibase (``u…``).

Bit ``i`` is bit ``7 - i % 8`` of byte ``i // 8``: index 0 is the first, leftmost bit.
"""

import base64
import gzip
from collections.abc import Iterable

from .models import STATUS_LIST_SIZE


class StatusListError(ValueError):
    """An encoded list that is not base64url multibase gzip of the expected size."""


def encode(revoked: Iterable[int], size: int = STATUS_LIST_SIZE) -> str:
    bits = bytearray(size // 8)
    for index in revoked:
        bits[index // 8] |= 0x80 >> (index % 8)
    # mtime=0: the same bits always give the same list.
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode("ascii").rstrip("=")


def decode(encoded: str) -> bytes:
    if not isinstance(encoded, str) or not encoded.startswith("u"):
        raise StatusListError("The encoded list is not base64url multibase.")
    body = encoded[1:]
    try:
        return gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    except (ValueError, OSError, EOFError) as error:
        raise StatusListError(f"The encoded list cannot be read: {error}") from error


def is_set(bits: bytes, index: int) -> bool:
    if not 0 <= index < len(bits) * 8:
        raise StatusListError(f"Index {index} is outside the list.")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))
