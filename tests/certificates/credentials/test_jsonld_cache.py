"""Signing stays cheap: after the first credential, canonicalising another one processes no
JSON-LD context again (PyLD's cache is hit for the Open Badges type-scoped contexts too),
and the canonical form is the same as without the cache (benchmarks/credential_sign.py)."""

import copy
import datetime

from pyld import jsonld as pyld

from certificates.credentials import jsonld, openbadges
from certificates.models import Certificate


def _credential(index: int) -> dict:
    certificate = Certificate(
        code="A" * 32,
        kind="competency",
        holder_name="María José Hernández Peña",
        source_language="es",
        title_es="Soldadura de componentes automotrices",
        title_en="Welding of automotive components",
        standard_code="EC0301",
        competencies=[{"code": "E1", "title_es": "Elemento uno", "title_en": "Element one"}],
        issued_on=datetime.date(2026, 11, 27),
        expires_on=datetime.date(2029, 11, 27),
        issuer="Puente",
        created_at=datetime.datetime(2026, 11, 27, 18, 0, tzinfo=datetime.UTC),
    )
    return openbadges.credential_build(
        certificate,
        credential_url=f"https://puente.example/es/verify/{index}/credential.json",
        issuer_did="did:web:puente.example",
        achievement_url="https://puente.example/es/standards/renec/EC0301/",
        alignments=[
            openbadges.Alignment(
                name="EC0301", url="https://puente.example/s/", code="EC0301", framework="RENEC"
            )
        ],
        email="maria@puente.example",
        status=openbadges.StatusEntry(list_url="https://puente.example/status/1", index=index),
    )


def test_a_second_credential_processes_no_context_again(monkeypatch):
    jsonld.canonicalize(_credential(1))  # the first one fills the caches
    definitions = []
    original = pyld.JsonLdProcessor._create_term_definition

    def counted(self, *args, **kwargs):
        definitions.append(args[2])
        return original(self, *args, **kwargs)

    monkeypatch.setattr(pyld.JsonLdProcessor, "_create_term_definition", counted)
    jsonld.canonicalize(_credential(2))
    assert definitions == []


def test_the_cache_does_not_change_the_canonical_form():
    document = _credential(3)
    plain = pyld.JsonLdProcessor().normalize(
        copy.deepcopy(document),
        {
            "algorithm": "URDNA2015",
            "format": "application/n-quads",
            "documentLoader": jsonld.document_loader(),
        },
    )
    assert jsonld.canonicalize(document) == jsonld.canonicalize(document) == plain
