"""A database outage: /healthz says 503 while PostgreSQL is unreachable and recovers by itself.

The app runs as a real server process whose database connection goes through a TCP relay on
loopback; cutting the relay drops every open connection and refuses new ones, as a failed
database host or network would. The PostgreSQL server itself keeps running for the rest of
the suite.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

PG_HOST, PG_PORT = "127.0.0.1", 5432
ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _postgres_reachable() -> bool:
    try:
        socket.create_connection((PG_HOST, PG_PORT), timeout=2).close()
    except OSError:
        return False
    return True


class Relay:
    """A TCP relay to PostgreSQL that can be cut (all connections dropped) and restored."""

    def __init__(self) -> None:
        self.port = _free_port()
        self.up = threading.Event()
        self.up.set()
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        self.listener = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _address = self.listener.accept()
            except OSError:
                return
            if not self.up.is_set():
                client.close()  # the "host" is down: refuse at once
                continue
            try:
                upstream = socket.create_connection((PG_HOST, PG_PORT), timeout=5)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.sockets += [client, upstream]
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, target), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        self.up.clear()
        with self.lock:
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self.sockets.clear()

    def restore(self) -> None:
        self.up.set()

    def close(self) -> None:
        self.cut()
        self.listener.close()


def _health(base: str) -> tuple[int, dict[str, str]]:
    try:
        with urllib.request.urlopen(f"{base}/healthz", timeout=20) as response:  # noqa: S310
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def _wait_for(base: str, status: int, seconds: float = 30) -> dict[str, str]:
    deadline = time.monotonic() + seconds
    last: tuple[int, dict[str, str]] | None = None
    while time.monotonic() < deadline:
        try:
            last = _health(base)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            last = None
        if last and last[0] == status:
            return last[1]
        time.sleep(0.3)
    raise AssertionError(f"/healthz did not answer {status} within {seconds} s; last: {last}")


@pytest.fixture
def app_behind_relay(tmp_path: Path) -> Iterator[tuple[str, Relay]]:
    if not _postgres_reachable():
        pytest.fail("PostgreSQL is not reachable on 127.0.0.1:5432 (the test machine runs it).")
    relay = Relay()
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env |= {
        "DJANGO_SETTINGS_MODULE": "koersvast.config.settings.test",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{relay.port}/postgres",
        "CONN_MAX_AGE": "600",  # a persistent connection, which the outage breaks
        "KOERSVAST_VAR_DIR": str(tmp_path),
    }
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield f"http://127.0.0.1:{port}", relay
    finally:
        server.terminate()
        server.wait(timeout=20)
        relay.close()


@pytest.mark.slow
def test_healthz_reports_an_outage_and_recovers_by_itself(app_behind_relay):
    base, relay = app_behind_relay
    assert _wait_for(base, 200, seconds=60) == {"status": "ok", "database": "ok", **_version()}

    relay.cut()
    body = _wait_for(base, 503)
    assert body["database"] == "unavailable"
    assert body["status"] == "error"

    relay.restore()  # no restart, no manual step
    assert _wait_for(base, 200)["database"] == "ok"


def _version() -> dict[str, str]:
    from koersvast import __version__

    return {"version": __version__}
