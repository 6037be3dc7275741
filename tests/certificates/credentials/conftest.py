import json

import pytest

from certificates.credentials import keys


@pytest.fixture(autouse=True)
def fresh_issuer_keys(settings, tmp_path):
    """Each test is a fresh install: its own key file, made on first use."""
    settings.PUENTE_ISSUER_KEYS = ""
    settings.PUENTE_ISSUER_KEY_FILE = str(tmp_path / "private" / "issuer-keys.json")
    settings.PUENTE_ISSUER_KEY_GENERATE = True


def public_documents(client, document):
    """What a verifier fetches for ``document``: the DID document and its status list."""
    did = client.get("/.well-known/did.json")
    status_url = document["credentialStatus"]["statusListCredential"]
    status_list = client.get(status_url.removeprefix("http://testserver"))
    return {keys.issuer_did(): json.loads(did.content), status_url: json.loads(status_list.content)}
