"""Server time of the P&C reports (HTML and PDF) for a municipality with 2,000 initiatives.

Usage: python benchmarks/web/bench_reports.py [--initiatives 2000] [--runs 10] [--pdf-runs 2]
Uses a throwaway SQLite database under /tmp unless DATABASE_URL is set (then point it to an
empty PostgreSQL database). The demo municipality is loaded, then bulk-filled with admitted and
running initiatives spread over the taakvelden, each with budget lines, a submitted progress
report, two risks and a benefit. Prints median / p95 server time (Django test client: view,
queries, template, and for PDFs WeasyPrint) with the query count, PDF size and pages.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_pages import setup_django

STATES = ["opgenomen", "gepland", "in_uitvoering", "in_uitvoering", "afgerond"]


def populate(count: int, year: int) -> object:
    from koersvast.demo.services import demo_load
    from koersvast.monitoring.models import Benefit, BudgetLine, ProgressReport, Risk
    from koersvast.portfolio.models import Domain, Initiative
    from koersvast.reference.models import Taakveld

    municipality, _logins = demo_load()
    rng = random.Random(7)
    domains = list(Domain.objects.filter(municipality=municipality))
    taakvelden = list(Taakveld.objects.filter(level="taakveld"))
    existing = Initiative.objects.filter(municipality=municipality).count()
    Initiative.objects.bulk_create(
        Initiative(
            municipality=municipality,
            domain=rng.choice(domains),
            reference=f"REP-{n:05d}",
            title=f"Rapportage-initiatief {n}",
            state=rng.choice(STATES),
            taakveld=rng.choice(taakvelden),
            budget_programme=f"Programma {n % 12 + 1}",
            budget_capital=Decimal(rng.choice([0, 100, 500, 1500, 4000]) * 1000),
            budget_operating=Decimal(rng.randint(1, 50) * 10_000),
            start_year=year,
            start_quarter=rng.randint(1, 4),
            duration_quarters=rng.randint(2, 12),
        )
        for n in range(max(0, count - existing))
    )
    added = list(Initiative.objects.filter(reference__startswith="REP-"))
    BudgetLine.objects.bulk_create(
        BudgetLine(
            municipality=municipality,
            initiative=i,
            year=year,
            kind=kind,
            planned=Decimal(rng.randint(10, 900) * 1000),
            actual=Decimal(rng.randint(0, 900) * 1000),
            forecast=Decimal(rng.randint(10, 900) * 1000),
        )
        for i in added
        for kind in ("krediet", "exploitatie")
    )
    colours = ["groen", "groen", "oranje", "rood"]
    ProgressReport.objects.bulk_create(
        ProgressReport(
            municipality=municipality,
            initiative=i,
            year=year,
            quarter=1,
            status="ingediend",
            narrative="Voortgang volgens plan.",
            **{f: rng.choice(colours) for f in ("rag_time", "rag_money", "rag_scope")},
            **dict.fromkeys(("rag_quality", "rag_risks", "rag_capacity", "rag_support"), "groen"),
            rag_overall=rng.choice(colours),
        )
        for i in added
    )
    Risk.objects.bulk_create(
        Risk(
            municipality=municipality,
            initiative=i,
            title=f"Risico {n} van {i.reference}",
            probability=rng.randint(1, 5),
            impact=rng.randint(1, 5),
        )
        for i in added
        for n in range(2)
    )
    Benefit.objects.bulk_create(
        Benefit(
            municipality=municipality,
            initiative=i,
            name=f"Baat van {i.reference}",
            kpi="Tevredenheid",
            unit="%",
            baseline=Decimal(60),
            target=Decimal(80),
            target_date=f"{year + 1}-12-31",
        )
        for i in added
    )
    return municipality


def timed(client: object, url: str, runs: int) -> tuple[float, float, int, object]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings, response, queries = [], None, 0
    for _ in range(runs):
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)  # type: ignore[attr-defined]
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
    p95 = sorted(timings)[max(0, int(len(timings) * 0.95) - 1)]
    return statistics.median(timings), p95, queries, response


def pdf_pages(content: bytes) -> str:
    """Number of pages according to poppler's pdfinfo ('?' without poppler-utils)."""
    pdfinfo = shutil.which("pdfinfo")
    if not pdfinfo:
        return "?"
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(content)
        file.flush()
        info = subprocess.run([pdfinfo, file.name], capture_output=True, text=True, check=True)
    return next(
        (line.split()[-1] for line in info.stdout.splitlines() if line.startswith("Pages")), "?"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--initiatives", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--pdf-runs", type=int, default=2)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
    setup_django()
    import logging

    logging.disable(logging.INFO)
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.utils import timezone

    from koersvast.portfolio.models import Initiative

    year = timezone.localdate().year
    municipality = populate(args.initiatives, year)
    total = Initiative.objects.filter(municipality=municipality).count()
    client = Client()
    client.force_login(get_user_model().objects.get(username="portfoliomanager"))
    portfolio = f"kind=portfolio&moment=najaarsnota&year={year}&group_by=taakveld"
    raad = f"kind=raad&moment=najaarsnota&year={year}&threshold=1000000"
    cases = [
        ("portfoliorapportage HTML", f"/rapportages/rapport/?{portfolio}", args.runs),
        ("raadsrapportage HTML", f"/rapportages/rapport/?{raad}", args.runs),
        ("raadsrapportage PDF", f"/rapportages/rapport/pdf/?{raad}", args.pdf_runs),
        ("portfoliorapportage PDF", f"/rapportages/rapport/pdf/?{portfolio}", args.pdf_runs),
    ]
    engine = os.environ["DATABASE_URL"].split(":")[0]
    print(f"{total} initiatives, database {engine}")
    print(f"{'report':<26}{'runs':>5}{'median ms':>11}{'p95 ms':>10}{'queries':>9}  size")
    for label, url, runs in cases:
        if "/pdf/" not in url:  # a PDF run is long enough to make warming up moot
            client.get(url)  # warm up templates and caches
        median, p95, queries, response = timed(client, url, runs)
        size = len(response.content)  # type: ignore[attr-defined]
        extra = f"{size / 1024:.0f} kB"
        if response["Content-Type"] == "application/pdf":  # type: ignore[index]
            extra += f", {pdf_pages(response.content)} pages"  # type: ignore[attr-defined]
        print(f"{label:<26}{runs:>5}{median:>11.0f}{p95:>10.0f}{queries:>9}  {extra}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
