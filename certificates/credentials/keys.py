"""The issuer's keys: the current signing key and the retired ones, its did:web and DID document.

Where the keys come from (settings, read from the environment):

- ``PUENTE_ISSUER_KEYS``: the keys themselves, separated by spaces: first the current
  Ed25519 secret key (``secretKeyMultibase``, ``z3u2…``), then the public keys
  (``publicKeyMultibase``, ``z6Mk…``) of retired ones;
- otherwise ``PUENTE_ISSUER_KEY_FILE``: a JSON file ``{"keys": [...]}`` in the same order,
  each entry ``{"secretKeyMultibase": …}`` or ``{"publicKeyMultibase": …}``. With
  ``PUENTE_ISSUER_KEY_GENERATE`` (development and tests) a missing file is created with a
  new key on first use; ``manage.py issuer_key_rotate`` puts a new key first and keeps the
  old one's public key, so credentials signed before stay verifiable.

Production refuses to start without one of the two (``cms.settings.production``).

The issuer is ``did:web:<host of PUENTE_BASE_URL>``; each key's verification method is
``<did>#<publicKeyMultibase>``, and the DID document served at ``/.well-known/did.json``
lists every key, current and retired, for assertions.
"""

import contextlib
import datetime
import json
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from . import multibase
from .jsonld import DID_V1, MULTIKEY_V1


@dataclass(frozen=True)
class KeyRing:
    signing_key: Ed25519PrivateKey
    public_keys: tuple[str, ...]  # publicKeyMultibase, the signing key's first

    @property
    def current(self) -> str:
        return self.public_keys[0]


def issuer_did() -> str:
    """``did:web:`` + the site's host (a port percent-encoded, a path as ``:`` segments)."""
    parts = urlsplit(settings.PUENTE_BASE_URL)
    did = "did:web:" + quote(parts.netloc, safe="")
    path = parts.path.strip("/")
    if path:
        did += ":" + ":".join(quote(segment, safe="") for segment in path.split("/"))
    return did


def verification_method(public_key_multibase: str) -> str:
    return f"{issuer_did()}#{public_key_multibase}"


def key_ring() -> KeyRing:
    """The configured keys; raises ``ImproperlyConfigured`` when there are none or one is bad."""
    inline = settings.PUENTE_ISSUER_KEYS.split()
    if inline:
        entries = [_entry(value) for value in inline]
    elif settings.PUENTE_ISSUER_KEY_FILE:
        entries = _file_entries(Path(settings.PUENTE_ISSUER_KEY_FILE))
    else:
        raise ImproperlyConfigured(
            "No issuer key: set PUENTE_ISSUER_KEYS or PUENTE_ISSUER_KEY_FILE."
        )
    return _ring(entries)


def _entry(value: str) -> dict:
    key = "secretKeyMultibase" if value.startswith("z3u2") else "publicKeyMultibase"
    return {key: value}


def _ring(entries: list[dict]) -> KeyRing:
    if not entries or "secretKeyMultibase" not in entries[0]:
        raise ImproperlyConfigured("The first issuer key must be a secret key (z3u2…).")
    try:
        signing = Ed25519PrivateKey.from_private_bytes(
            multibase.private_key_decode(entries[0]["secretKeyMultibase"])
        )
        publics = [multibase.public_key_encode(signing.public_key().public_bytes_raw())]
        for entry in entries[1:]:
            if "secretKeyMultibase" in entry:
                seed = multibase.private_key_decode(entry["secretKeyMultibase"])
                raw = Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes_raw()
                publics.append(multibase.public_key_encode(raw))
            else:
                multibase.public_key_decode(entry["publicKeyMultibase"])
                publics.append(entry["publicKeyMultibase"])
    except (KeyError, ValueError) as error:
        raise ImproperlyConfigured(f"An issuer key is not an Ed25519 multikey: {error}") from error
    return KeyRing(signing_key=signing, public_keys=tuple(dict.fromkeys(publics)))


def _file_entries(path: Path) -> list[dict]:
    if not path.exists():
        if not settings.PUENTE_ISSUER_KEY_GENERATE:
            raise ImproperlyConfigured(f"The issuer key file {path} does not exist.")
        _write_new(path, [])
    try:
        return json.loads(path.read_text(encoding="utf-8"))["keys"]
    except (OSError, ValueError, KeyError) as error:
        raise ImproperlyConfigured(f"Cannot read the issuer key file {path}: {error}") from error


def _new_key_entry() -> dict:
    seed = Ed25519PrivateKey.generate().private_bytes_raw()
    return {
        "secretKeyMultibase": multibase.private_key_encode(seed),
        "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
    }


def _write_new(path: Path, retired: list[dict]) -> None:
    """Write a file with a new key first; only the owner may read it. When two processes
    generate at once, the first file created wins and the other reads it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    content = json.dumps({"keys": [_new_key_entry(), *retired]}, indent=2) + "\n"
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(content)
    if retired:
        os.replace(temporary, path)  # rotation: the new file replaces the old one
    else:
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)  # first use: never overwrite a key another process made
        os.unlink(temporary)


def key_rotate() -> str:
    """A new signing key first in the key file; the old ones keep only their public key.
    Returns the new public key. Keys given in ``PUENTE_ISSUER_KEYS`` are rotated by editing it."""
    if settings.PUENTE_ISSUER_KEYS.split() or not settings.PUENTE_ISSUER_KEY_FILE:
        raise ImproperlyConfigured(
            "Keys set in PUENTE_ISSUER_KEYS are rotated there: put the new secret key first "
            "and the old public key after it."
        )
    ring = key_ring()
    _write_new(
        Path(settings.PUENTE_ISSUER_KEY_FILE),
        [{"publicKeyMultibase": key} for key in ring.public_keys],
    )
    return key_ring().current


def public_key(public_key_multibase: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(multibase.public_key_decode(public_key_multibase))


def did_document(ring: KeyRing | None = None) -> dict:
    """The issuer's DID document: every key, current first, usable for assertions."""
    ring = ring or key_ring()
    did = issuer_did()
    methods = [
        {
            "id": f"{did}#{key}",
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": key,
        }
        for key in ring.public_keys
    ]
    return {
        "@context": [DID_V1, MULTIKEY_V1],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }
