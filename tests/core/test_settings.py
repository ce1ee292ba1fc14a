"""Configuration from the environment."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

SCRIPT = "import django; from django.conf import settings; django.setup(); print(settings.DEBUG)"


def run_with(
    env: dict[str, str], tmp_path, script: str = SCRIPT
) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}}
    full.update(env)
    full["KOERSVAST_VAR_DIR"] = str(tmp_path)
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", script], env=full, capture_output=True, text=True, timeout=60
    )


def test_production_requires_a_secret_key(tmp_path):
    result = run_with({"DJANGO_SETTINGS_MODULE": "koersvast.config.settings.production"}, tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_is_not_debug(tmp_path):
    result = run_with(
        {"DJANGO_SETTINGS_MODULE": "koersvast.config.settings.production", "SECRET_KEY": "x" * 60},
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_production_requires_the_metrics_token(tmp_path):
    """Behind a proxy every visitor comes from loopback: production never trusts the address."""
    result = run_with(
        {"DJANGO_SETTINGS_MODULE": "koersvast.config.settings.production", "SECRET_KEY": "x" * 60},
        tmp_path,
        SCRIPT.replace("settings.DEBUG", "settings.KOERSVAST_METRICS_LOOPBACK"),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize(("debug", "expected"), [("", "True"), ("0", "False")])
def test_local_generates_and_keeps_a_secret_key(tmp_path, debug, expected):
    env = {"DJANGO_SETTINGS_MODULE": "koersvast.config.settings.local"}
    if debug:
        env["DEBUG"] = debug
    result = run_with(env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 50
    run_with(env, tmp_path)
    assert (tmp_path / "secret_key").read_text() == key


CACHES_SCRIPT = (
    "import django; from django.conf import settings; django.setup(); "
    "print(settings.CACHES['default']['BACKEND'], settings.CACHES['figures']['BACKEND'], "
    "settings.SESSION_ENGINE)"
)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("", "locmem.LocMemCache dummy.DummyCache sessions.backends.db"),
        ("redis://127.0.0.1:6379/0", "redis.RedisCache redis.RedisCache backends.cached_db"),
    ],
)
def test_a_shared_cache_only_from_the_environment(tmp_path, url, expected):
    """Zero setup caches nothing across requests; KOERSVAST_CACHE_URL turns on Redis."""
    env = {
        "DJANGO_SETTINGS_MODULE": "koersvast.config.settings.production",
        "SECRET_KEY": "x" * 60,
        "KOERSVAST_CACHE_URL": url,
    }
    full = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL"}} | env
    full["KOERSVAST_VAR_DIR"] = str(tmp_path)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", CACHES_SCRIPT], env=full, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    for part, word in zip(expected.split(), result.stdout.split(), strict=True):
        assert word.endswith(part)
