"""Multibase base58btc (``z…``) and the Ed25519 multikey encodings (multicodec prefixes).

The alphabet and prefixes are those of the Multibase and Multicodec tables that the
Controlled Identifiers spec (Multikey) and the did:key method use.
"""

ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_INDEX = {char: value for value, char in enumerate(ALPHABET)}
BASE58BTC = "z"
ED25519_PUB = b"\xed\x01"  # multicodec ed25519-pub (varint 0xed)
ED25519_PRIV = b"\x80\x26"  # multicodec ed25519-priv (varint 0x1300)


class MultibaseError(ValueError):
    """Not a base58btc multibase value (or not the key it claims to be)."""


def b58encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    encoded = ""
    while number:
        number, remainder = divmod(number, 58)
        encoded = ALPHABET[remainder] + encoded
    zeros = len(data) - len(data.lstrip(b"\0"))
    return ALPHABET[0] * zeros + encoded


def b58decode(text: str) -> bytes:
    number = 0
    for char in text:
        try:
            number = number * 58 + _INDEX[char]
        except KeyError:
            raise MultibaseError(f"Not a base58 character: {char!r}") from None
    zeros = len(text) - len(text.lstrip(ALPHABET[0]))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * zeros + body


def encode(data: bytes) -> str:
    """``z`` + base58btc(data)."""
    return BASE58BTC + b58encode(data)


def decode(value: str) -> bytes:
    if not isinstance(value, str) or not value.startswith(BASE58BTC):
        raise MultibaseError("Only base58btc multibase values (starting with z) are accepted.")
    return b58decode(value[1:])


def public_key_encode(raw: bytes) -> str:
    """An Ed25519 public key as ``publicKeyMultibase`` (``z6Mk…``)."""
    return encode(ED25519_PUB + raw)


def public_key_decode(value: str) -> bytes:
    data = decode(value)
    if not data.startswith(ED25519_PUB) or len(data) != 34:
        raise MultibaseError("Not an Ed25519 public key multikey.")
    return data[2:]


def private_key_encode(raw: bytes) -> str:
    """An Ed25519 private key (32-byte seed) as ``secretKeyMultibase`` (``z3u2…``)."""
    return encode(ED25519_PRIV + raw)


def private_key_decode(value: str) -> bytes:
    data = decode(value)
    if not data.startswith(ED25519_PRIV) or len(data) != 34:
        raise MultibaseError("Not an Ed25519 private key multikey.")
    return data[2:]
