"""Open Badges 3.0 verifiable credentials: every certificate, signed so anyone can check it.

- ``jsonld``: the offline document loader (bundled contexts only) and RDFC-1.0 canonical form.
- ``multibase``: base58btc multibase and the Ed25519 multikey encodings.
- ``eddsa``: the ``eddsa-rdfc-2022`` Data Integrity cryptosuite (create and verify a proof).
- ``keys``: the issuer's keys (current and retired), its ``did:web`` and DID document.
- ``openbadges``: a certificate as an ``OpenBadgeCredential`` (VC 2.0 + OB 3.0).
- ``clr``: a holder's credentials together as a CLR 2.0 ``ClrCredential`` (learner record).
- ``status``: Bitstring Status List encoding.
- ``verifier``: judge a credential: schema, proof, dates, status.
"""
