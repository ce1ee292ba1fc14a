"""Security guarantees of the web layer: login throttling, security headers, deploy checks."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.test import Client
from django.urls import reverse

from koersvast.audit.models import AuditEvent
from koersvast.tenancy.choices import Role
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _login(client: Client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_five_wrong_passwords_lock_the_username_from_that_address(personas, settings):
    user = personas[Role.READER]
    attacker = Client(REMOTE_ADDR="198.51.100.9")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(attacker, user.username, "raden").status_code == 200
    locked = _login(attacker, user.username, "raden")
    assert locked.status_code == 429
    assert "Tijdelijk geblokkeerd" in locked.text
    assert "15 minuten" in locked.text
    # Even the right password is refused from that address while the lock lasts ...
    assert _login(attacker, user.username, PASSWORD).status_code == 429
    # ... but the user, from their own address, still gets in (no denial of service by lockout).
    assert _login(Client(REMOTE_ADDR="192.0.2.1"), user.username, PASSWORD).status_code == 302
    failures = AuditEvent.objects.filter(action="login_failed", actor_name=user.username)
    assert failures.count() >= settings.AXES_FAILURE_LIMIT


def test_a_successful_login_resets_the_count(personas, settings):
    user = personas[Role.READER]
    client = Client(REMOTE_ADDR="198.51.100.10")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, user.username, "raden")
    assert _login(client, user.username, PASSWORD).status_code == 302
    client.post(reverse("logout"))
    assert _login(client, user.username, "raden").status_code == 200  # counting starts again


def test_every_page_carries_the_security_headers(client):
    response = client.get(reverse("login"))
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_no_template_has_inline_script():
    """The CSP forbids inline script, so none may creep into a template."""
    from pathlib import Path

    import koersvast

    offenders = []
    for path in Path(koersvast.__file__).parent.rglob("*.html"):
        text = path.read_text()
        for chunk in text.split("<script")[1:]:
            opening = chunk.split(">", 1)[0]
            if "src=" not in opening and "application/json" not in opening:
                offenders.append(str(path))
        if " onclick=" in text or " onload=" in text or "javascript:" in text:
            offenders.append(str(path))
    assert offenders == []


def test_production_settings_pass_the_deploy_check(tmp_path):
    unset = {"DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}  # the latter: browser tests
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env |= {
        "DJANGO_SETTINGS_MODULE": "koersvast.config.settings.production",
        "SECRET_KEY": "k" * 20 + "-deploy-check-secret-key-with-enough-entropy-0123456789",
        "KOERSVAST_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
