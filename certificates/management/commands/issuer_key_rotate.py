"""Put a new issuer signing key in the key file; the old keys stay in the DID document."""

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from certificates.credentials import keys


class Command(BaseCommand):
    help = (
        "Rotate the credentials' issuer key (PUENTE_ISSUER_KEY_FILE): a new key signs from "
        "now on; retired keys keep their public half in /.well-known/did.json, so credentials "
        "signed before stay verifiable."
    )

    def handle(self, *args, **options):
        try:
            current = keys.key_rotate()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"New signing key: {keys.verification_method(current)}")
        self.stdout.write(f"Keys in the DID document: {len(keys.key_ring().public_keys)}")
