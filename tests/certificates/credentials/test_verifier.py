"""Puente's verifier judges the 1EdTech validator's test credentials as their names say."""

import datetime
import json
from pathlib import Path

import pytest

from certificates.credentials import verifier

DATA = Path(__file__).parent / "data" / "1edtech-ob30"
TEST_LIST_URL = (
    "https://raw.githubusercontent.com/1EdTech/digital-credentials-public-validator/refs/heads/"
    "main/inspector-vc/src/test/resources/ob30/bit-string-list/testlist"
)
NOW = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)

GENUINE = [
    "complete.json",
    "simple.json",
    "simple-context-alias.json",
    "simple-context-version.json",
    "simple-did-key-method.json",
    "simple-did-web-method.json",
    "simple-multiple-proofs.json",
]
REVOKED = [
    "bit-string-list-credential-status-revoked.json",
    "bit-string-list-credential-status-revoked-blank-nodes.json",
]
# Secured by what Puente does not check (VC 1.1 suites, eddsa-2022, ecdsa-sd-2023), or
# endorsements: reported as unsupported, never as valid.
UNSUPPORTED = [
    "complete_v1.json",
    "simple_v1.json",
    "simple-eddsa-2022.json",
    "simple-noproof.json",
    "credential-status-revoked.json",
    "endorsement-valid.json",
    "endorsement-err-schema-status-refresh.json",
    "sd-derivedcredential.json",
]
ERRORS = sorted(path.name for path in DATA.glob("simple-err-*.json"))


def _verify(name):
    documents = {TEST_LIST_URL: json.loads((DATA / "testlist").read_text())}
    document = json.loads((DATA / name).read_text())
    return verifier.credential_verify(document, now=NOW, documents=documents, fragment_keys=True)


def test_every_file_is_judged():
    judged = set(GENUINE + REVOKED + UNSUPPORTED + ERRORS)
    assert judged == {path.name for path in DATA.glob("*.json")}
    assert len(ERRORS) == 19


@pytest.mark.parametrize("name", GENUINE)
def test_positive_credentials_are_valid(name):
    verdict = _verify(name)
    assert verdict.status == verifier.VALID, verdict.problems


@pytest.mark.parametrize("name", REVOKED)
def test_revoked_credentials_are_genuine_and_revoked(name):
    verdict = _verify(name)
    assert verdict.status == verifier.REVOKED, verdict.problems
    assert verdict.genuine


@pytest.mark.parametrize("name", ERRORS)
def test_negative_credentials_do_not_pass(name):
    verdict = _verify(name)
    assert verdict.status != verifier.VALID
    if name == "simple-err-expired.json":
        assert verdict.status == verifier.EXPIRED
    else:
        assert verdict.status == verifier.INVALID
        assert verdict.problems


@pytest.mark.parametrize("name", UNSUPPORTED)
def test_other_suites_are_unsupported_not_valid(name):
    verdict = _verify(name)
    assert verdict.status == verifier.UNSUPPORTED
    assert not verdict.genuine


def test_keys_named_in_fragments_are_trusted_only_when_asked():
    document = json.loads((DATA / "simple.json").read_text())
    verdict = verifier.credential_verify(document, now=NOW)
    assert verdict.status == verifier.INVALID
    assert "offline" in verdict.problems[0]


def test_not_yet_valid():
    document = json.loads((DATA / "simple.json").read_text())
    earlier = datetime.datetime(2009, 1, 1, tzinfo=datetime.UTC)
    verdict = verifier.credential_verify(document, now=earlier, fragment_keys=True)
    assert verdict.status == verifier.NOT_YET_VALID
