"""Structured logs: a 500 in production logs one JSON line with its traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys

# A view that fails, added to the real URLconf of a production process with JSON logs.
SCRIPT = """
import django
django.setup()
from django.test import Client
from django.urls import clear_url_caches, path
import koersvast.config.urls as urls

def boom(request):
    raise RuntimeError("kapot-500")

urls.urlpatterns.append(path("boom/", boom))
clear_url_caches()
response = Client(raise_request_exception=False).get("/boom/", HTTP_HOST="localhost", secure=True)
print("STATUS", response.status_code)
"""


def test_a_500_logs_its_traceback_as_one_json_line(tmp_path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "LOG_FORMAT"}}
    env |= {
        "DJANGO_SETTINGS_MODULE": "koersvast.config.settings.production",
        "SECRET_KEY": "s" * 60,
        "KOERSVAST_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=120
    )
    assert "STATUS 500" in result.stdout, result.stderr
    entries = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    (error,) = [e for e in entries if e["logger"] == "django.request"]
    assert error["level"] == "ERROR"
    assert error["status_code"] == 500
    assert error["request"] == {"method": "GET", "path": "/boom/"}
    assert error["exception_type"] == "RuntimeError"
    assert error["exception"].startswith("Traceback (most recent call last):")
    assert "in boom\nRuntimeError: kapot-500" in error["exception"]  # the frame and the error
