"""Certificate codes: 160 random bits in base32, grouped for humans, normalised on lookup."""

import base64
import re
import secrets

CODE_BYTES = 20  # 160 bits ≥ the 128 bits DESIGN principle 7 asks for
CODE_LENGTH = 32  # base32 of 20 bytes, no padding
GROUP = 4
_NOT_BASE32 = re.compile(r"[^A-Z2-7]")
# Characters people type for look-alikes that base32 does not use.
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})


def code_generate() -> str:
    return base64.b32encode(secrets.token_bytes(CODE_BYTES)).decode("ascii")


def format_code(code: str) -> str:
    """``ABCDEFGH…`` → ``ABCD-EFGH-…``, easier to read aloud and to copy by hand."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def normalize_code(raw: str) -> str | None:
    """The canonical code for what a person typed or scanned, or None if it cannot be one."""
    cleaned = re.sub(r"[\s\-_.]", "", (raw or "").upper()).translate(_LOOKALIKES)
    if len(cleaned) != CODE_LENGTH or _NOT_BASE32.search(cleaned):
        return None
    return cleaned
