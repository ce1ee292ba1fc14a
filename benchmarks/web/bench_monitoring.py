"""Server time and query count of the monitoring pages: 2,000 initiatives, 20,000 reports.

Usage: python benchmarks/web/bench_monitoring.py [--initiatives 2000] [--reports 20000] [--runs 20]
Uses a throwaway SQLite database under /tmp unless DATABASE_URL is set. The demo municipality is
loaded, then bulk-filled with running initiatives, submitted progress reports (ten quarters
each), programmes and risks. Prints median / p95 server time and queries per page.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_pages import measure, setup_django

PAGES = [
    ("monitoring (overzicht)", "monitoring:index"),
    ("programma's", "monitoring:programmes"),
    ("risicoregister", "monitoring:risks"),
    ("baten", "monitoring:benefits"),
    ("overzicht (portfolio)", "core:home"),
]


def populate(initiatives: int, reports: int) -> None:
    from django.utils import timezone

    from koersvast.demo.services import demo_load
    from koersvast.monitoring.models import (
        Programme,
        ProgrammeInitiative,
        ProgressReport,
        Risk,
    )
    from koersvast.portfolio.models import Domain, Initiative

    municipality, _logins = demo_load()
    rng = random.Random(11)
    domains = list(Domain.objects.filter(municipality=municipality))
    Initiative.objects.bulk_create(
        Initiative(
            municipality=municipality,
            domain=rng.choice(domains),
            reference=f"MON-{n:05d}",
            title=f"Lopend initiatief {n}",
            state="in_uitvoering",
        )
        for n in range(initiatives)
    )
    running = list(Initiative.objects.filter(reference__startswith="MON-"))
    programmes = Programme.objects.bulk_create(
        Programme(municipality=municipality, name=f"Programma {n}", goals="Doelen")
        for n in range(40)
    )
    ProgrammeInitiative.objects.bulk_create(
        ProgrammeInitiative(municipality=municipality, programme=programmes[n % 40], initiative=i)
        for n, i in enumerate(running)
    )
    per_initiative = max(1, reports // max(1, len(running)))
    colours = ["green", "green", "green", "orange", "red"]
    now = timezone.now()
    batch = []
    for initiative in running:
        for q in range(per_initiative):
            rag = {
                f: rng.choice(colours)
                for f in ("time", "money", "scope", "quality", "risks", "capacity", "support")
            }
            batch.append(
                ProgressReport(
                    municipality=municipality,
                    initiative=initiative,
                    year=2024 + q // 4,
                    quarter=q % 4 + 1,
                    status="submitted",
                    submitted_at=now,
                    narrative="Loopt.",
                    rag_overall=max(rag.values(), key=colours.index),
                    **{f"rag_{k}": v for k, v in rag.items()},
                )
            )
    ProgressReport.objects.bulk_create(batch, batch_size=2000)
    Risk.objects.bulk_create(
        Risk(
            municipality=municipality,
            initiative=i,
            title=f"Risico {n}",
            probability=rng.randint(1, 5),
            impact=rng.randint(1, 5),
        )
        for n, i in enumerate(running)
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--initiatives", type=int, default=2000)
    parser.add_argument("--reports", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
    setup_django()
    populate(args.initiatives, args.reports)
    from koersvast.monitoring.models import ProgressReport
    from koersvast.portfolio.models import Initiative

    print(
        f"{Initiative.objects.count()} initiatives, {ProgressReport.objects.count()} reports, "
        f"{args.runs} runs per page"
    )
    print(f"{'page':<26}{'median ms':>10}{'p95 ms':>10}{'queries':>9}")
    for label, median, p95, queries in measure(args.runs, PAGES):
        print(f"{label:<26}{median:>10.1f}{p95:>10.1f}{queries:>9}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
