"""A credential issued by a fresh install verifies with an independent implementation, offline:
Digital Bazaar's @digitalbazaar/vc with the eddsa-rdfc-2022 cryptosuite and the Bitstring
Status List checker (devDependencies in package.json), whose document loader serves only the
contexts of the npm context packages, the issuer's DID document and its status list."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from certificates.services import certificate_revoke

from .conftest import public_documents

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = Path(__file__).parent / "js" / "verify_credential.mjs"


@pytest.fixture
def node():
    executable = shutil.which("node")
    installed = (ROOT / "node_modules" / "@digitalbazaar" / "vc").is_dir()
    if executable is None or not installed:
        if os.environ.get("CI"):
            pytest.fail("node and the npm devDependencies are needed (make install-dev)")
        pytest.skip("node or node_modules missing: run make install-dev")
    return executable


def verify_with_node(node, tmp_path, credential, documents) -> dict:
    path = tmp_path / "documents.json"
    path.write_text(json.dumps({"credential": credential, "documents": documents}))
    result = subprocess.run(
        [node, str(SCRIPT), str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def issued(client, certificate):
    credential = json.loads(client.get(f"/es/verify/{certificate.code}/credential.json").content)
    return certificate, credential


def test_digital_bazaar_verifies_a_puente_credential(node, tmp_path, client, issued):
    _certificate, credential = issued
    result = verify_with_node(node, tmp_path, credential, public_documents(client, credential))
    assert result["verified"] is True, result["errors"]
    assert result["status"]["verified"] is True
    assert result["status"]["results"][0]["status"] is False  # not revoked


def test_a_one_character_change_fails(node, tmp_path, client, issued):
    _certificate, credential = issued
    documents = public_documents(client, credential)
    altered = json.loads(json.dumps(credential).replace("EC0301", "EC0302", 1))
    result = verify_with_node(node, tmp_path, altered, documents)
    assert result["verified"] is False
    assert result["errors"]


def test_a_revoked_credential_reports_revoked(node, tmp_path, client, issued, administrator):
    certificate, credential = issued
    certificate_revoke(certificate=certificate, reason="Fraude comprobada", actor=administrator)
    result = verify_with_node(node, tmp_path, credential, public_documents(client, credential))
    # The signature still holds; the status check reports the revocation bit set (the
    # library leaves what a set bit means to its caller).
    assert result["verified"] is True, result["errors"]
    assert result["status"]["results"][0]["status"] is True
