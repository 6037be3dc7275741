"""Warm render time of one certificate PDF (p95 ≤ 50 ms) and memory after many (≤ 150 MiB).

    .venv/bin/python benchmarks/certificate_render.py [--runs 200] [--paper a4|letter]

Renders an in-memory certificate (no database), discards the first renders (cold: fonts
and stylesheet loading), and prints p50/p95/max of the warm ones. The process loads what a
worker loads (``PUENTE_WORKER=1``) and is prepared as a worker is before its first job
(``cms.worker.worker_prepare``), so its RSS before the renders is a worker's idle one and its
peak (``VmHWM``) a worker's after as many renders; ``certificate_bulk.py`` measures real
workers.

The time floor, measured last in the same process: as many renders of a bare one-line
WeasyPrint page (``floors.weasyprint_floor``), p50/p95 and the ratio.
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
os.environ.setdefault("PUENTE_WORKER", "1")

import django  # noqa: E402

django.setup()

from floors import against, weasyprint_floor  # noqa: E402

from accounts.models import User  # noqa: E402
from certificates.codes import code_generate  # noqa: E402
from certificates.models import Certificate  # noqa: E402
from certificates.pdf import certificate_pdf_render  # noqa: E402
from cms.worker import worker_prepare  # noqa: E402

TARGET_P95_MS = 50.0
TARGET_RSS_MIB = 150.0


def rss_mib(field: str = "VmRSS") -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def verdict(mib: float) -> str:
    return f"{mib:.0f} MiB — worker target ≤ {TARGET_RSS_MIB:.0f} MiB: " + (
        "met" if mib <= TARGET_RSS_MIB else "MISSED"
    )


def sample_certificate() -> Certificate:
    holder = User(
        email="bench@puente.example",
        first_name="María José",
        last_name="Hernández Peña",
        preferred_language="es",
    )
    return Certificate(
        code=code_generate(),
        kind=Certificate.Kind.COMPETENCY,
        holder=holder,
        holder_name=holder.printed_name,
        title_es="Operación de celdas de soldadura robotizada",
        title_en="Operating robotic welding cells",
        standard_code="EC0301",
        competencies=[
            {
                "code": f"E{n}",
                "title_es": f"Elemento número {n} del estándar",
                "title_en": f"Element {n}",
            }
            for n in range(1, 5)
        ],
        issued_on=datetime.date(2026, 11, 21),
        expires_on=datetime.date(2029, 11, 21),
        issuer="Puente",
        signatory_name="Ana Sofía Treviño Garza",
        signatory_title_es="Directora de Certificación",
        signatory_title_en="Director of Certification",
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--paper", choices=["a4", "letter"], default="a4")
    args = parser.parse_args()
    worker_prepare()  # as a worker does before its first job
    idle = rss_mib()
    certificate = sample_certificate()
    for _ in range(args.warmup):
        certificate_pdf_render(certificate, paper=args.paper)
    timings = []
    for _ in range(args.runs):
        certificate.code = code_generate()  # a new QR each time, as in real issuance
        start = time.perf_counter()
        certificate_pdf_render(certificate, paper=args.paper)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[int(0.95 * (len(timings) - 1))]
    print(
        f"certificate render ({args.paper}, {args.runs} warm runs): "
        f"p50 {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms, max {timings[-1]:.1f} ms "
        f"— target p95 ≤ {TARGET_P95_MS:.0f} ms: {'met' if p95 <= TARGET_P95_MS else 'MISSED'}"
    )
    rss, peak = rss_mib(), rss_mib("VmHWM")
    print(f"process RSS prepared as a worker, before any render (idle): {verdict(idle)}")
    print(f"process RSS after {args.warmup + args.runs} renders: {verdict(rss)}")
    print(f"process peak RSS (VmHWM): {verdict(peak)}")
    # The floor, after the memory reading so that it leaves it alone: a bare one-line page.
    floor = sorted(weasyprint_floor(args.runs)[0])
    floor_p50, floor_p95 = statistics.median(floor), floor[int(0.95 * (len(floor) - 1))]
    print(
        f"floor (bare one-line WeasyPrint page, {args.runs} renders, same process): "
        f"p50 {floor_p50:.1f} ms, p95 {floor_p95:.1f} ms — certificate render × floor: "
        f"p50 {against(statistics.median(timings), floor_p50)}, p95 {against(p95, floor_p95)}"
    )
    return 0 if p95 <= TARGET_P95_MS and peak <= TARGET_RSS_MIB else 1


if __name__ == "__main__":
    sys.exit(main())
