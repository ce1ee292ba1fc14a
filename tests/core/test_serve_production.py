"""`koersvast serve --production` (gunicorn) writes nothing outside /tmp: it runs with an
unwritable home directory, as in the image with its read-only root."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from koersvast.core.management.commands.serve import gunicorn_arguments


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_gunicorn_keeps_its_files_in_the_temporary_directory() -> None:
    arguments = gunicorn_arguments("0.0.0.0:8000", "3")
    assert arguments[:5] == ["koersvast.config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3"]
    temporary = tempfile.gettempdir()
    assert arguments[arguments.index("--worker-tmp-dir") + 1] == temporary
    assert arguments[arguments.index("--control-socket") + 1].startswith(temporary + "/")


def test_production_server_runs_with_an_unwritable_home(tmp_path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    home.chmod(0o500)  # as /nonexistent in the image: nothing may be written there
    var = tmp_path / "var"
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "XDG_RUNTIME_DIR"}}
    env |= {
        "HOME": str(home),
        "DJANGO_SETTINGS_MODULE": "koersvast.config.settings.production",
        "SECRET_KEY": "p" * 60,
        "KOERSVAST_VAR_DIR": str(var),
        "SECURE_SSL_REDIRECT": "false",
        "LOG_FORMAT": "text",
    }
    subprocess.run(
        [sys.executable, "-m", "koersvast.cli", "migrate", "--no-input", "-v0"],
        env=env,
        check=True,
        timeout=300,
    )
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "koersvast.cli", "serve", "--production", "--port", str(port)],
        env=env | {"WEB_CONCURRENCY": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline, status = time.monotonic() + 60, None
        while time.monotonic() < deadline and status is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                    status = r.status
            except OSError:
                assert server.poll() is None, server.stdout.read().decode()
                time.sleep(0.5)
        assert status == 200
    finally:
        server.send_signal(signal.SIGTERM)
        output = server.communicate(timeout=30)[0].decode()
    assert list(home.iterdir()) == [], output
    assert "Permission denied" not in output, output
    assert not any(Path(var).glob("**/*.ctl"))
