"""Starts the real OIDC provider (tests/identity/oidc_provider/server.mjs) on a free loopback port.

Used by the SSO tests and the SSO browser test. The provider is the npm package `oidc-provider`
(a devDependency, installed by `make static`'s `npm ci`).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

SCRIPT = Path(__file__).parent / "oidc_provider" / "server.mjs"
CLIENT_ID = "koersvast"
CLIENT_SECRET = "koersvast-test-secret"  # the provider script's test client
STARTUP_LIMIT_SECONDS = 60


@dataclass(frozen=True)
class RunningProvider:
    """A provider that is up: its issuer, and the settings that point Koersvast at it."""

    issuer: str

    @property
    def discovery(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def settings(self) -> dict[str, Any]:
        return {
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_OP_DISCOVERY": self.discovery,
            "OIDC_RP_SCOPES": "openid email profile groups",
        }

    def set_groups(self, account: str, groups: list[str]) -> None:
        """Change an account's `groups` claim at the provider (a test hook of the script)."""
        response = requests.post(
            f"{self.issuer}/test/groups/{account}", data=",".join(groups), timeout=5
        )
        response.raise_for_status()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def oidc_provider(redirect_uris: list[str]) -> Iterator[RunningProvider]:
    """Run the provider until the block ends; fails the test if it does not come up."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed for the OIDC tests (it is on every Koersvast machine).")
    port = _free_port()
    provider = RunningProvider(issuer=f"http://127.0.0.1:{port}")
    env = {**os.environ, "PORT": str(port), "REDIRECT_URIS": ",".join(redirect_uris)}
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(  # noqa: S603  (our own script, fixed arguments)
            [node, str(SCRIPT)], env=env, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            _wait_until_up(provider, process, log)
            yield provider
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_up(provider: RunningProvider, process: subprocess.Popen[bytes], log: Any) -> None:
    deadline = time.monotonic() + STARTUP_LIMIT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            pytest.fail(f"The OIDC provider stopped: {log.read().decode(errors='replace')}")
        try:
            if requests.get(provider.discovery, timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    pytest.fail("The OIDC provider did not answer within a minute.")
