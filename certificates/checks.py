"""System checks: a server that signs credentials and PDFs has usable keys before it starts."""

from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured


@register()
def issuer_key_check(app_configs=None, **kwargs):
    """Outside development and tests (which make a key on first use), the configured issuer
    keys must load: a missing file or a malformed key stops ``check``, ``migrate`` and the
    servers that run it, instead of failing the first issuance."""
    if settings.PUENTE_ISSUER_KEY_GENERATE:
        return []
    from .credentials.keys import key_ring

    try:
        key_ring()
    except ImproperlyConfigured as error:
        return [Error(str(error), id="certificates.E001")]
    return []


@register()
def pdf_signing_check(app_configs=None, **kwargs):
    """Likewise the key and certificate that sign certificate PDFs."""
    if settings.PUENTE_ISSUER_KEY_GENERATE:
        return []
    from .pdf_signing import signing_identity

    try:
        signing_identity()
    except ImproperlyConfigured as error:
        return [Error(str(error), id="certificates.E002")]
    return []
