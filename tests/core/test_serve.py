"""`koersvast serve` starts a background worker next to the development server, and stops it too."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def _descendants(pid: int) -> list[int]:
    found = []
    for child in _children(pid):
        found += [child, *_descendants(child)]
    return found


def _alive(pid: int) -> bool:
    stat = Path(f"/proc/{pid}/stat")
    # A zombie (state Z) has stopped; only its parent's wait is missing.
    return stat.exists() and stat.read_text().split(")")[-1].split()[0] != "Z"


def _wait(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


COMMAND = [sys.executable, "-m", "koersvast.cli"]


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict[str, str]:
    """An installation of its own: a migrated SQLite database in a temporary folder."""
    folder = tmp_path_factory.mktemp("serve")
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        KOERSVAST_VAR_DIR=str(folder),
        DJANGO_SETTINGS_MODULE="koersvast.config.settings.local",
    )
    subprocess.run([*COMMAND, "migrate", "-v0"], env=env, check=True, timeout=300)  # noqa: S603
    return env


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads child processes in /proc")
@pytest.mark.parametrize("stop_with", [signal.SIGTERM, signal.SIGINT])
def test_stopping_the_server_stops_its_worker(env, stop_with):
    command = COMMAND
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603
        [*command, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL
    )
    try:
        assert _wait(lambda: _answers(port), 60), "the server did not come up"
        assert _wait(lambda: bool(_children(server.pid)), 30)
        time.sleep(2)  # a reloader would start its grandchild now
        workers = _descendants(server.pid)
        server.send_signal(stop_with)
        server.wait(timeout=30)
        left = lambda: [pid for pid in workers if _alive(pid)]  # noqa: E731
        assert _wait(lambda: not left(), 15), f"background processes kept running: {left()}"
    finally:
        if server.poll() is None:
            server.kill()


def _answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False
