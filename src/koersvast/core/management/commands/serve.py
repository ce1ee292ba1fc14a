"""`koersvast serve`: the development server, or gunicorn with --production."""

from __future__ import annotations

import contextlib
import importlib.metadata
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from types import FrameType
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Start de webserver / start the web server (PORT, default 8000)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument(
            "--production",
            action="store_true",
            help="Run gunicorn (WSGI) instead of Django's development server.",
        )
        # 2 × cores + 1 sync workers: on the 2-core load test, 5 and 9 sync workers held the
        # 50-user load alike and better than 3, or 3 gthread workers × 4 threads (the GIL
        # leaves threads little to overlap); see docs/performance.md, "Load".
        default_workers = str(2 * (os.cpu_count() or 1) + 1)
        parser.add_argument("--workers", default=os.environ.get("WEB_CONCURRENCY", default_workers))
        parser.add_argument(
            "--no-task-worker",
            action="store_true",
            help="Do not start a background task worker next to the development server.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        address = f"{options['host']}:{options['port']}"
        if options["production"]:
            gunicorn = shutil.which("gunicorn") or os.path.join(
                os.path.dirname(sys.executable), "gunicorn"
            )
            os.execv(  # noqa: S606 (replaces this process with gunicorn; arguments are ours)
                gunicorn, [gunicorn, *gunicorn_arguments(address, str(options["workers"]))]
            )
        worker = None
        if not options["no_task_worker"]:
            # A worker killed with the previous server left its jobs "running": fail them first.
            call_command("cleanup_jobs")
            # Optimisation runs are background tasks: run one worker next to the dev server. Without
            # the autoreloader (on under DEBUG), which would run the worker in a grandchild that
            # stopping this child leaves behind; the server runs without it too.
            worker = subprocess.Popen(
                [sys.executable, "-m", "koersvast.cli", "db_worker", "--no-reload"]
            )
        # SIGTERM and SIGHUP would end this process without unwinding, leaving the worker behind:
        # turn them into SystemExit so that the `finally` below stops it.
        for number in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(number, _exit_on_signal)
        try:
            call_command("runserver", address, use_reloader=False)
        finally:
            if worker is not None:
                stop(worker)


def gunicorn_arguments(address: str, workers: str) -> list[str]:
    """gunicorn's command line: nothing written outside the temporary directory.

    In a container with a read-only root only /tmp is writable: gunicorn's worker heartbeat
    files go there, and so does its control socket (gunicorn ≥ 24 puts it in $HOME otherwise).
    """
    temporary = tempfile.gettempdir()
    arguments = ["koersvast.config.wsgi", "--bind", address, "--workers", workers]
    arguments += ["--worker-tmp-dir", temporary]
    with contextlib.suppress(importlib.metadata.PackageNotFoundError, ValueError):
        major = int(importlib.metadata.version("gunicorn").split(".")[0])
        if major >= 24:
            socket = os.path.join(temporary, f"koersvast-gunicorn-{os.getpid()}.ctl")
            arguments += ["--control-socket", socket]
    return arguments


def _exit_on_signal(number: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + number)


def stop(process: subprocess.Popen[Any], grace: float = 10.0) -> None:
    """Ask a child process to stop; kill it when it does not within `grace` seconds."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        process.wait()
