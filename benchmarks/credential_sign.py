"""Cost of signing one certificate's Open Badges credential (target ≤ 5 ms).

    .venv/bin/python benchmarks/credential_sign.py [--credentials 200]

Builds the OpenBadgeCredential of an in-memory competency certificate (two languages, four
elements, two crosswalk alignments) and signs it with eddsa-rdfc-2022 again and again,
each time with a fresh salt and status index, as issuance does. Prints the milliseconds per
credential (median and 90th percentile), split into building, canonicalising + hashing (the
RDFC-1.0 canonical form of the proof configuration and of the credential) and the Ed25519
signature, and the same for verifying, and the processor time of build + sign (what this
process itself spent, which other processes on a busy machine do not inflate). No database:
the cost measured is the signing's own.

The floor, interleaved credential by credential: the bare Ed25519 signature (``cryptography``,
the primitive eddsa-rdfc-2022 signs with) over the same credential's bytes (its JSON, keys
sorted), and the bare verification of it; printed the same way, with each figure's ratio to
it.
"""

import argparse
import datetime
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

import django  # noqa: E402

django.setup()

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402
from floors import against  # noqa: E402

from certificates.credentials import eddsa, multibase, openbadges  # noqa: E402
from certificates.models import Certificate  # noqa: E402


def certificate() -> Certificate:
    elements = [
        {"code": f"E{n}", "title_es": f"Elemento {n} de la soldadura", "title_en": f"Welding {n}"}
        for n in range(1, 5)
    ]
    return Certificate(
        code="A" * 32,
        kind="competency",
        holder_name="María José Hernández Peña",
        source_language="es",
        title_es="Soldadura de componentes automotrices",
        title_en="Welding of automotive components",
        standard_code="EC0301",
        competencies=elements,
        issued_on=datetime.date(2026, 11, 27),
        expires_on=datetime.date(2029, 11, 27),
        issuer="Puente",
        created_at=datetime.datetime(2026, 11, 27, 18, 0, tzinfo=datetime.UTC),
    )


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--credentials", type=int, default=200)
    count = parser.parse_args().credentials
    key = Ed25519PrivateKey.generate()
    public = multibase.public_key_encode(key.public_key().public_bytes_raw())
    did = "did:web:puente.example"
    method = f"{did}#{public}"
    alignments = [
        openbadges.Alignment(
            name=f"Standard {n}",
            url=f"https://puente.example/es/standards/renec/EC030{n}/",
            code=f"EC030{n}",
            framework="RENEC",
            description="Full.",
        )
        for n in range(1, 4)
    ]
    source = certificate()
    build, sign, verify, cpu = [], [], [], []
    floor_sign, floor_verify, floor_cpu = [], [], []
    for index in range(count + 5):  # the first five warm the context caches
        cpu_started = time.process_time()
        started = time.perf_counter()
        unsigned = openbadges.credential_build(
            source,
            credential_url="https://puente.example/es/verify/AAAA/credential.json",
            issuer_did=did,
            achievement_url="https://puente.example/es/standards/renec/EC0301/",
            alignments=alignments,
            email="maria@puente.example",
            status=openbadges.StatusEntry(
                list_url="https://puente.example/credentials/status/1", index=index
            ),
        )
        built = time.perf_counter()
        signed = eddsa.document_sign(
            unsigned,
            private_key=key,
            verification_method=method,
            created=datetime.datetime.now(datetime.UTC),
        )
        done = time.perf_counter()
        cpu_done = time.process_time()
        eddsa.proof_verify(signed, signed["proof"][0], public_key_for=lambda _m: key.public_key())
        checked = time.perf_counter()
        data = json.dumps(unsigned, sort_keys=True, ensure_ascii=False).encode()
        bare_cpu = time.process_time()
        bare_started = time.perf_counter()
        signature = key.sign(data)
        bare_signed = time.perf_counter()
        bare_cpu = time.process_time() - bare_cpu
        key.public_key().verify(signature, data)
        bare_checked = time.perf_counter()
        if index >= 5:
            build.append((built - started) * 1000)
            sign.append((done - built) * 1000)
            verify.append((checked - done) * 1000)
            cpu.append((cpu_done - cpu_started) * 1000)
            floor_sign.append((bare_signed - bare_started) * 1000)
            floor_verify.append((bare_checked - bare_signed) * 1000)
            floor_cpu.append(bare_cpu * 1000)
    total = [b + s for b, s in zip(build, sign, strict=True)]
    print(f"{count} credentials")
    for name, values in (
        ("build", build),
        ("sign", sign),
        ("build + sign", total),
        ("verify", verify),
        ("cpu b + s", cpu),
    ):
        print(
            f"{name:>13}: median {statistics.median(values):6.2f} ms, "
            f"p90 {percentile(values, 0.9):6.2f} ms"
        )
    print(f"per credential (build + sign, median): {statistics.median(total):.2f} ms")
    print(f"floor: bare Ed25519 (cryptography) over the credential's {len(data)} JSON bytes")
    for name, values in (
        ("sign", floor_sign),
        ("verify", floor_verify),
        ("cpu", floor_cpu),
    ):
        print(
            f"{'floor ' + name:>13}: median {statistics.median(values):6.3f} ms, "
            f"p90 {percentile(values, 0.9):6.3f} ms"
        )
    median = statistics.median
    print(
        f"× floor (median): sign {against(median(sign), median(floor_sign))}, "
        f"build + sign {against(median(total), median(floor_sign))}, "
        f"verify {against(median(verify), median(floor_verify))}, "
        f"cpu b + s {against(median(cpu), median(floor_cpu))}"
    )


if __name__ == "__main__":
    main()
