"""Server time and queries of every page in the load mix, with the production settings.

Usage (from the repository root):

    python benchmarks/load/bench_mix.py --setup       # create and fill kv_bench_mix, measure
    python benchmarks/load/bench_mix.py               # measure again on the same database
    python benchmarks/load/bench_mix.py --runs 30 --only dashboard "report (HTML)"
    python benchmarks/load/bench_mix.py --profile dashboard   # pyinstrument tree of one page

The pages, users and parameters are those of locustfile.py (the targets prepare.py writes), on a
PostgreSQL database with the demo municipality completed to 2,000 initiatives as in run.py. The
requests go through the Django test client (middleware, view, queries, template rendering; no
gunicorn, no network) as the user locust uses for that page, behind the TLS proxy
(`X-Forwarded-Proto: https`). One request per page warms caches first, as a long-running worker
would be warm. Prints median and p95 server time and the number of queries per page; the
figures are wall-clock, so note the load average (printed) next to them; "cpu ms" is the CPU
time of this process alone (Django's side, not PostgreSQL's), which moves less with the
neighbours' load, and "min cpu" the least of the runs, which moves least (contention only adds).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
ADMIN_URL = os.environ.get("DATABASE_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def environment(database: str) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "koersvast.config.settings.production",
            "DATABASE_URL": ADMIN_URL.rsplit("/", 1)[0] + f"/{database}",
            "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(60),
            "KOERSVAST_VAR_DIR": str(Path(tempfile.gettempdir()) / f"koersvast-{database}"),
            "CONN_MAX_AGE": "60",
            "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
            "KOERSVAST_MFA_REQUIRED": "false",
            "LOG_LEVEL": "WARNING",
        }
    )
    os.environ["LOAD_TARGETS"] = str(Path(os.environ["KOERSVAST_VAR_DIR"]) / "targets.json")
    sys.path[:0] = [str(ROOT / "src"), str(HERE)]


def setup(database: str, initiatives: int) -> None:
    for sql in (f"DROP DATABASE IF EXISTS {database}", f"CREATE DATABASE {database}"):
        subprocess.run([shutil.which("psql") or "psql", ADMIN_URL, "-q", "-c", sql], check=True)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    import prepare

    prepare.main(initiatives)


def pages(targets: dict[str, Any], rng: random.Random) -> list[tuple[str, str, Any]]:
    """(locust name, role, function giving the next URL) for every GET page of the mix."""
    urls = targets["urls"]

    def filtered() -> str:
        filters = rng.choice(
            [
                {"state": rng.choice(targets["states"])},
                {"domain": rng.choice(targets["domains"])},
                {"q": rng.choice(["sport", "wijk", "digitaal", "Benchmark", "1"])},
                {"state": rng.choice(targets["states"]), "page": rng.randint(1, 3)},
            ]
        )
        return f"{urls['portfolio']}?{urlencode(filters)}"

    def own() -> int:
        return rng.choice(targets["leader_initiatives"])

    return [
        ("home", "leader", lambda: urls["home"]),
        ("dashboard", "reader", lambda: urls["dashboard"]),
        ("dashboard", "manager", lambda: urls["dashboard"]),
        ("portfolio list", "reader", lambda: urls["portfolio"]),
        ("portfolio list (filtered)", "manager", filtered),
        (
            "initiative detail",
            "reader",
            lambda: urls["initiative"].format(rng.choice(targets["initiatives"])),
        ),
        ("monitoring overview", "reader", lambda: urls["monitoring"]),
        ("monitoring overview", "leader", lambda: urls["monitoring"]),
        (
            "monitoring of an initiative",
            "leader",
            lambda: urls["monitoring_initiative"].format(own()),
        ),
        ("progress report form", "leader", lambda: urls["report_create"].format(own())),
        ("backlog", "manager", lambda: urls["backlog"]),
        ("report (HTML)", "manager", lambda: f"{urls['report']}?{urlencode(targets['report'])}"),
    ]


def client_for(role: str) -> Any:
    import prepare
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(headers={"X-Forwarded-Proto": "https"})
    client.force_login(get_user_model().objects.get(username=prepare.ACCOUNTS[role]))
    return client


def measure(runs: int, only: list[str]) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    targets = json.loads(Path(os.environ["LOAD_TARGETS"]).read_text())
    rng = random.Random(9)
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(
        f"{'page':<30}{'as':<8}{'median ms':>10}{'p95 ms':>9}{'cpu ms':>8}{'min cpu':>8}"
        f"{'queries':>9}"
    )
    for name, role, url in pages(targets, rng):
        if only and name not in only:
            continue
        client = client_for(role)
        client.get(url())  # warm: templates, caches, connection
        timings, cpu, queries = [], [], []
        for _ in range(runs):
            target = url()
            start, start_cpu = time.perf_counter(), time.process_time()
            with CaptureQueriesContext(connection) as captured:
                response = client.get(target)
            timings.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
            queries.append(len(captured))
            assert response.status_code == 200, (target, response.status_code)
        p95 = sorted(timings)[max(0, round(len(timings) * 0.95) - 1)]
        spread = f"{min(queries)}-{max(queries)}" if min(queries) != max(queries) else queries[0]
        print(
            f"{name:<30}{role:<8}{statistics.median(timings):>10.1f}{p95:>9.1f}"
            f"{statistics.median(cpu):>8.1f}{min(cpu):>8.1f}{spread:>9}"
        )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def profile(name: str, runs: int) -> None:
    from pyinstrument import Profiler  # not a dependency: pip install pyinstrument

    targets = json.loads(Path(os.environ["LOAD_TARGETS"]).read_text())
    rng = random.Random(9)
    role, url = next((r, u) for n, r, u in pages(targets, rng) if n == name)
    client = client_for(role)
    client.get(url())
    profiler = Profiler(interval=0.0005)
    with profiler:
        for _ in range(runs):
            client.get(url())
    print(profiler.output_text(unicode=True, color=False, show_all=False))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--setup", action="store_true", help="create and fill the database")
    parser.add_argument("--database", default="kv_bench_mix")
    parser.add_argument("--initiatives", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--only", nargs="*", default=[], help="locust page names")
    parser.add_argument("--profile", metavar="PAGE", help="print a pyinstrument profile")
    args = parser.parse_args()
    environment(args.database)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)
    if args.setup:
        setup(args.database, args.initiatives)
    else:
        import prepare

        call_command("migrate", verbosity=0)  # the schema may have moved on since --setup
        prepare.targets(setup=False)
    if args.profile:
        profile(args.profile, args.runs)
    else:
        measure(args.runs, args.only)
    return 0


if __name__ == "__main__":
    sys.exit(main())
