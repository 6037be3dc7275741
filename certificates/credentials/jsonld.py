"""JSON-LD for Data Integrity, offline: bundled contexts only, RDFC-1.0 canonical N-Quads.

``document_loader`` answers the context URLs in ``contexts/`` (see its README for where each
file comes from) and refuses every other URL, so neither signing nor verifying ever reaches
the network; a caller that knows more documents (a verifier holding a DID document or a
status list) passes them as ``extra``.

Canonicalisation is PyLD's URDNA2015, which RDFC-1.0 renamed. The one difference between
the two is how N-Quads escape control characters other than tab, line feed and carriage
return (RDFC-1.0 writes ``\\b``, ``\\f``, ``\\u0000``…; PyLD writes them raw), so a document
with such a character in a literal is refused rather than given a non-standard form;
``clean_text`` removes them from what Puente itself signs.
"""

import functools
import json
import re
from collections.abc import Mapping
from pathlib import Path

from c14n.Canonicalize import canonicalize as json_canonical  # PyLD's JCS (RFC 8785)
from cachetools import LRUCache
from frozendict import frozendict
from pyld import jsonld
from pyld.context_resolver import ContextResolver

CONTEXTS_DIR = Path(__file__).resolve().parent / "contexts"

VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"
CLR_V2 = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"
DID_V1 = "https://www.w3.org/ns/did/v1"

BUNDLED = {
    VC_V2: "credentials-v2.jsonld",
    "https://w3id.org/security/data-integrity/v2": "data-integrity-v2.jsonld",
    MULTIKEY_V1: "multikey-v1.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json": "ob-v3p0-context-3.0.1.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json": "ob-v3p0-context-3.0.2.json",
    OB_V3: "ob-v3p0-context-3.0.3.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json": "ob-v3p0-extensions.json",
    CLR_V2: "clr-v2p0-context-2.0.1.json",
}

# Control characters whose escaping differs between PyLD's N-Quads and RDFC-1.0.
_UNSAFE_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class DocumentRefused(ValueError):
    """A URL that is neither a bundled context nor a document the caller supplied."""


class CanonicalizationError(ValueError):
    """The document has no RDFC-1.0 form here (unknown context, undefined term, bad literal)."""


@functools.cache
def bundled_context(url: str) -> dict:
    try:
        name = BUNDLED[url]
    except KeyError:
        raise DocumentRefused(f"Not a bundled JSON-LD context: {url}") from None
    document = json.loads((CONTEXTS_DIR / name).read_text(encoding="utf-8"))
    _BUNDLED_OBJECTS.update((id(value), value) for value in _objects(document))
    return document


# Every object inside a loaded bundled context, by id (the reference keeps the id unique).
_BUNDLED_OBJECTS: dict[int, dict] = {}


def _objects(value):
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from _objects(item)
    elif isinstance(value, list):
        for item in value:
            yield from _objects(item)


def document_loader(extra: Mapping[str, dict] | None = None):
    """A PyLD document loader serving bundled contexts and ``extra`` {url: document}."""

    def load(url: str, options=None) -> dict:
        document = (extra or {}).get(url)
        if document is not None:
            return {"contextUrl": None, "documentUrl": url, "document": document}
        # "static": PyLD then keeps the processed context between documents, instead of
        # processing the large VC and Open Badges contexts again for every credential.
        return {
            "contextUrl": None,
            "documentUrl": url,
            "document": bundled_context(url),
            "tag": "static",
        }

    return load


def clean_text(value: str) -> str:
    """``value`` without the control characters that have no portable canonical form."""
    return _UNSAFE_CONTROL.sub("", value)


def canonicalize(document: dict, *, loader=None) -> str:
    """The RDFC-1.0 canonical N-Quads of ``document``.

    A term its contexts do not define is an error instead of being dropped silently (the
    "safe mode" of other JSON-LD processors): every field of a signed credential is signed.
    """
    processor = _Processor(on_property_dropped=_refuse_dropped)
    loader = loader or document_loader()
    try:
        nquads = processor.normalize(
            document,
            {
                "algorithm": "URDNA2015",
                "format": "application/n-quads",
                "documentLoader": loader,
                "contextResolver": _Resolver(jsonld._resolved_context_cache, loader),
            },
        )
    except UndefinedTerm:
        raise
    except (jsonld.JsonLdError, DocumentRefused) as error:
        raise CanonicalizationError(_reason(error)) from error
    if _UNSAFE_CONTROL.search(nquads):
        raise CanonicalizationError("A text contains a control character.")
    return nquads


class _Processor(jsonld.JsonLdProcessor):
    """PyLD's processor, finding processed type-scoped contexts in its cache (see above)."""

    # frozen active context's identifier -> its non-propagating copy, identifier included
    _scoped_copies = LRUCache(maxsize=1024)

    def _process_context(self, active_ctx, local_ctx, options, *args, **kwargs):
        propagate = kwargs.get("propagate", args[1] if len(args) > 1 else True)
        if (
            not propagate
            and isinstance(active_ctx, frozendict)
            and not active_ctx.get("previousContext")
        ):
            # What PyLD would build (a copy remembering the context to revert to), but one
            # object per active context, so its identifier and cache entries stay the same.
            scoped = self._scoped_copies.get(active_ctx["_uuid"])
            if scoped is None:
                scoped = self._clone_active_context(active_ctx)
                scoped["previousContext"] = active_ctx
                scoped["_uuid"] = f"{active_ctx['_uuid']}/not-propagated"
                self._scoped_copies[active_ctx["_uuid"]] = scoped
            active_ctx = scoped
        return super()._process_context(active_ctx, local_ctx, options, *args, **kwargs)


class _Resolver(ContextResolver):
    """PyLD's context resolver, not serialising a bundled embedded context again (see above)."""

    _keys: dict[int, str] = {}  # id of an object in a bundled context -> its cache key

    def resolve(self, active_ctx, context, base, cycles=None):
        if (
            isinstance(context, dict)
            and "@context" not in context
            and _BUNDLED_OBJECTS.get(id(context)) is context
        ):
            key = self._keys.get(id(context))
            if key is None:  # the key PyLD's own resolve computes
                key = self._keys[id(context)] = json_canonical(dict(context)).decode()
            resolved = self._get(key)
            if resolved:
                return [resolved]
        return super().resolve(active_ctx, context, base, cycles)


class UndefinedTerm(CanonicalizationError):
    """A property that no context of the document defines."""


def _refuse_dropped(term) -> None:
    raise UndefinedTerm(f"A property is not defined by the document's contexts: {term}")


def _reason(error: Exception) -> str:
    cause = error
    while isinstance(getattr(cause, "details", None), dict) and isinstance(
        cause.details.get("cause"), Exception
    ):
        cause = cause.details["cause"]
    return str(cause.args[0] if cause.args else cause)
