"""Load test: gunicorn + PostgreSQL on loopback with 2,000 initiatives, driven by locust.

Usage (from the repository root, with the dev dependencies installed):

    python benchmarks/load/run.py            # 50 users for 10 minutes, then the step run
    python benchmarks/load/run.py --quick    # 50 users for 1 minute, step run of 20 s a step
    python benchmarks/load/run.py --no-steps --users 50 --duration 10m
    python benchmarks/load/run.py --quick --workers 3 --threads 4   # gthread workers
    python benchmarks/load/run.py --quick --keep-db --database kv_dev    # then --reuse-db
    python benchmarks/load/run.py --cache-url redis://127.0.0.1:6379/7   # KOERSVAST_CACHE_URL

Steps: (1) create a fresh PostgreSQL database (DATABASE_ADMIN_URL, default the local server),
(2) migrate, collect static files and load the demo municipality completed to 2,000
initiatives (as benchmarks/web/bench_pages.py does) and ANALYZE it, plus signed-in sessions for
the three kinds of users, (3) start gunicorn on 127.0.0.1 with the production settings and open
every page a few times on every worker (warm, as a server that has been up a while), (4) run
locust headless: the main run, then one run per step of 10 to 300 users (``--steps``) to find
the knee, and (5) write p50/p95/p99, requests per second and the error count of every run to
benchmarks/load/results/ (one JSON file per invocation plus a Markdown table). The database is
dropped at the end unless --keep-db is given.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
BIN = Path(sys.executable).parent
STEPS = [10, 20, 30, 50, 75, 100, 150, 200, 300]
PSQL = shutil.which("psql") or "/usr/bin/psql"


def sh(*args: str, env: dict[str, str] | None = None, **kwargs: object) -> None:
    subprocess.run(args, check=True, env=env, **kwargs)  # type: ignore[call-overload]


def admin_psql(admin_url: str, sql: str) -> None:
    sh(PSQL, admin_url, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql)


def prepare(env: dict[str, str], initiatives: int, *, load: bool) -> None:
    """Migrate, collect static files, load the data (unless reused) and write the targets.

    Sessions are made anew on every run: they are signed with this run's secret key.
    """
    manage = [str(BIN / "python"), str(ROOT / "manage.py")]
    sh(*manage, "migrate", "--verbosity", "0", env=env)
    sh(*manage, "collectstatic", "--noinput", "--verbosity", "0", env=env)
    call = f"prepare.main({initiatives})" if load else "prepare.targets()"
    code = f"import sys; sys.path.insert(0, {str(HERE)!r}); import prepare; {call}"
    sh(str(BIN / "python"), "-c", code, env=env, cwd=ROOT)


def free_port() -> int:
    """A loopback port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def refuse_busy_port(port: int) -> None:
    """Stop when something already listens on the port: a gunicorn left by an earlier run would
    answer /healthz in place of ours, and refuse this run's sessions (another secret key), so
    the smoke test would see a login redirect instead of the real problem."""
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            raise SystemExit(
                f"port {port} is in use (a server left by an earlier run?): stop it, or leave "
                "out --port to use a free one"
            )


def wait_until_up(url: str, server: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped with exit code {server.returncode} (see its log)")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not come up")


def smoke(host: str, targets_file: Path) -> None:
    """One signed-in page before the load: a setup problem fails here, not 30,000 times."""
    targets = json.loads(targets_file.read_text())
    cookie = f"{targets['session_cookie']}={targets['sessions']['reader'][0]}"
    request = urllib.request.Request(  # noqa: S310
        f"{host}{targets['urls']['dashboard']}",
        headers={"Cookie": cookie, "X-Forwarded-Proto": "https"},
    )

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=60) as response:
            status, location = response.status, ""
    except urllib.error.HTTPError as error:
        status, location = error.code, error.headers.get("Location", "")
    if status != 200:
        raise SystemExit(f"smoke test: dashboard answered {status} {location}")


def warm_up(host: str, targets_file: Path, workers: int) -> None:
    """Open every page of the mix a few times in parallel, so that each worker has imported
    its views and compiled its templates before the clock runs, as a server that has been up
    for a while has (a cold worker spends seconds on its first pages)."""
    targets = json.loads(targets_file.read_text())
    urls, first = targets["urls"], targets["leader_initiatives"][0]
    pages = [
        ("reader", urls["home"]),
        ("reader", urls["dashboard"]),
        ("reader", urls["portfolio"]),
        ("reader", urls["monitoring"]),
        ("reader", urls["initiative"].format(first)),
        ("manager", urls["backlog"]),
        ("manager", f"{urls['report']}?{urllib.parse.urlencode(targets['report'])}"),
        ("leader", urls["monitoring_initiative"].format(first)),
        ("leader", urls["report_create"].format(first)),
    ]

    def fetch(role_url: tuple[str, str]) -> None:
        role, url = role_url
        cookie = f"{targets['session_cookie']}={targets['sessions'][role][0]}"
        request = urllib.request.Request(  # noqa: S310
            f"{host}{url}", headers={"Cookie": cookie, "X-Forwarded-Proto": "https"}
        )
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310
            response.read()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(fetch, pages * 3 * workers))


def start_gunicorn(
    env: dict[str, str], port: int, workers: int, threads: int, log: Path
) -> subprocess.Popen:
    command = [
        str(BIN / "gunicorn"),
        "koersvast.config.wsgi",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        f"--worker-class={'gthread' if threads > 1 else 'sync'}",
        f"--threads={threads}",
        "--timeout=60",
        "--max-requests=0",
    ]
    return subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT
    )


def run_locust(env: dict[str, str], host: str, users: int, duration: str, prefix: Path) -> dict:
    """One headless locust run; returns its aggregated figures."""
    spawn_rate = max(1, users // 10)
    command = [
        str(BIN / "locust"),
        "-f",
        str(HERE / "locustfile.py"),
        "--headless",
        "--only-summary",
        f"--users={users}",
        f"--spawn-rate={spawn_rate}",
        f"--run-time={duration}",
        f"--host={host}",
        f"--csv={prefix}",
        "--loglevel=WARNING",
    ]
    load_before = os.getloadavg()
    subprocess.run(command, env=env, cwd=HERE, check=False)
    return summarise(prefix, users, duration, load_before, os.getloadavg())


def _figure(text: str) -> float:
    """A number of locust's CSV; "N/A" (no request finished) counts as 0."""
    try:
        return float(text)
    except ValueError:
        return 0.0


def summarise(
    prefix: Path, users: int, duration: str, load_before: tuple, load_after: tuple
) -> dict:
    with Path(f"{prefix}_stats.csv").open() as stats:
        rows = list(csv.DictReader(stats))
    pages = {}
    total: dict = {}
    for row in rows:
        figures = {
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "p50_ms": _figure(row["50%"]),
            "p95_ms": _figure(row["95%"]),
            "p99_ms": _figure(row["99%"]),
            "rps": round(_figure(row["Requests/s"]), 1),
        }
        if row["Name"] == "Aggregated":
            total = figures
        else:
            pages[row["Name"]] = figures
    failures_file = Path(f"{prefix}_failures.csv")
    failures = []
    if failures_file.exists():
        with failures_file.open() as lines:
            failures = [
                {"page": r["Name"], "error": r["Error"], "count": int(r["Occurrences"])}
                for r in csv.DictReader(lines)
            ]
    return {
        "failure_kinds": failures,
        "users": users,
        "duration": duration,
        **total,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
        "pages": pages,
    }


def markdown(report: dict) -> str:
    threads = report.get("threads", 1)
    server = f"{report['workers']} " + (
        f"gthread workers × {threads} threads" if threads > 1 else "sync workers"
    )
    lines = [
        f"## Run of {report['started']}",
        "",
        f"{report['initiatives']} initiatives, gunicorn {server}, {report['cores']} cores, "
        f"PostgreSQL {report['postgres']}, shared cache: {report.get('cache', 'none')}; "
        f"commit {report['commit']}.",
        "",
        "| run | users | requests | req/s | p50 ms | p95 ms | p99 ms | errors | load avg |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for run in report["runs"]:
        lines.append(
            f"| {run['label']} | {run['users']} | {run['requests']} | {run['rps']} | "
            f"{run['p50_ms']:.0f} | {run['p95_ms']:.0f} | {run['p99_ms']:.0f} | "
            f"{run['failures']} | {run['load_average_before'][0]} → "
            f"{run['load_average_after'][0]} |"
        )
    main = report["runs"][0]
    lines += [
        "",
        f"Per page in the main run ({main['users']} users):",
        "",
        "| page | requests | p50 ms | p95 ms | p99 ms | errors |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, page in sorted(main["pages"].items()):
        lines.append(
            f"| {name} | {page['requests']} | {page['p50_ms']:.0f} | {page['p95_ms']:.0f} | "
            f"{page['p99_ms']:.0f} | {page['failures']} |"
        )
    steps = [r for r in report["runs"] if r["label"].startswith("step")]
    knee = next((r["users"] for r in steps if r["p95_ms"] > 1000), None)
    lines += ["", f"Knee (first step with p95 > 1 s): {knee or 'not reached'}.", ""]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1 minute, steps of 20 s")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", default=None, help="locust run time (default 10m)")
    parser.add_argument("--no-steps", action="store_true")
    parser.add_argument(
        "--steps",
        default=",".join(map(str, STEPS)),
        help="users per step, comma-separated (to find the knee: p95 above 1 s)",
    )
    parser.add_argument("--step-duration", default=None, help="per step (default 1m)")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--threads", type=int, default=1, help="> 1: gthread workers")
    parser.add_argument("--initiatives", type=int, default=2000)
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--database", default="kv_load")
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--reuse-db", action="store_true", help="skip creating and loading")
    parser.add_argument(
        "--cache-url",
        default="",
        help="KOERSVAST_CACHE_URL for the server, e.g. redis://127.0.0.1:6379/7 (flushed first)",
    )
    args = parser.parse_args()
    port = args.port or free_port()
    refuse_busy_port(port)
    duration = args.duration or ("1m" if args.quick else "10m")
    step_duration = args.step_duration or ("20s" if args.quick else "1m")

    admin_url = os.environ.get("DATABASE_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    database_url = admin_url.rsplit("/", 1)[0] + f"/{args.database}"
    var_dir = Path(tempfile.mkdtemp(prefix="koersvast-load-"))
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "koersvast.config.settings.production",
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(60),
        "KOERSVAST_VAR_DIR": str(var_dir),
        "LOAD_TARGETS": str(var_dir / "targets.json"),
        "CONN_MAX_AGE": "60",
        # Behind the TLS proxy of production; locust sends X-Forwarded-Proto: https.
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # The users arrive with sessions made by prepare.py (no password, so no second factor).
        "KOERSVAST_MFA_REQUIRED": "false",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT / "src"),
        "KOERSVAST_CACHE_URL": args.cache_url,
    }
    if args.cache_url:  # figures of an earlier run's database must not be served
        import redis

        redis.Redis.from_url(args.cache_url).flushdb()
    RESULTS.mkdir(exist_ok=True)
    started = datetime.datetime.now().strftime("%Y-%m-%dT%H%M")
    if not args.reuse_db:
        admin_psql(admin_url, f"DROP DATABASE IF EXISTS {args.database}")
        admin_psql(admin_url, f"CREATE DATABASE {args.database}")
    prepare(env, args.initiatives, load=not args.reuse_db)
    log = RESULTS / f"{started}-gunicorn.log"
    server = start_gunicorn(env, port, args.workers, args.threads, log)
    host = f"http://127.0.0.1:{port}"
    report: dict = {
        "started": started,
        "initiatives": args.initiatives,
        "workers": args.workers,
        "threads": args.threads,
        "cache": args.cache_url.split("://")[0] if args.cache_url else "none",
        "cores": os.cpu_count(),
        "postgres": subprocess.run(
            [PSQL, admin_url, "-tAc", "SHOW server_version"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip(),
        "commit": subprocess.run(
            [shutil.which("git") or "git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        ).stdout.strip(),
        "runs": [],
    }
    try:
        wait_until_up(host, server)
        smoke(host, Path(env["LOAD_TARGETS"]))
        warm_up(host, Path(env["LOAD_TARGETS"]), args.workers * args.threads)
        plan = [(f"main {duration}", args.users, duration)]
        if not args.no_steps:
            # One user first: what a page costs on this machine right now, without queueing
            # (on a shared machine that baseline moves with the neighbours' load).
            plan += [("baseline", 1, step_duration)]
            plan += [(f"step {n}", int(n), step_duration) for n in args.steps.split(",")]
        for label, users, length in plan:
            prefix = var_dir / label.replace(" ", "-")
            result = run_locust(env, host, users, length, prefix)
            report["runs"].append({"label": label, **result})
            print(
                f"{label}: {result['requests']} requests, p50 {result['p50_ms']:.0f} ms, "
                f"p95 {result['p95_ms']:.0f} ms, p99 {result['p99_ms']:.0f} ms, "
                f"{result['failures']} errors",
                flush=True,
            )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        if not args.keep_db:
            admin_psql(admin_url, f"DROP DATABASE IF EXISTS {args.database}")
        shutil.rmtree(var_dir, ignore_errors=True)
    tag = "quick" if args.quick else "full"
    (RESULTS / f"{started}-{tag}.json").write_text(json.dumps(report, indent=2) + "\n")
    (RESULTS / f"{started}-{tag}.md").write_text(markdown(report))
    print(markdown(report))
    return 1 if any(run["failures"] for run in report["runs"][:1]) else 0


if __name__ == "__main__":
    sys.exit(main())
