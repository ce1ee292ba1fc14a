"""Prometheus metrics: request latency and errors per route, and background job durations.

`/metrics` answers anyone with `Authorization: Bearer METRICS_TOKEN`. Without a token only a
direct loopback scraper is let in, and never in production: behind a reverse proxy on the same
host every visitor arrives from loopback, so the address alone proves nothing.
Under gunicorn with several workers set PROMETHEUS_MULTIPROC_DIR (an empty directory) so the
figures of all workers are collected together.
"""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

REQUEST_SECONDS = Histogram(
    "koersvast_http_request_duration_seconds",
    "Server time per request, by route and method.",
    ["route", "method"],
    buckets=(0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 5, 10),
)
RESPONSES = Counter(
    "koersvast_http_responses_total",
    "Responses by route, method and status class (2xx, 3xx, 4xx, 5xx).",
    ["route", "method", "status"],
)
JOB_SECONDS = Histogram(
    "koersvast_job_duration_seconds",
    "Duration of background jobs (optimisation runs, analyses, report PDFs) by kind/result.",
    ["kind", "result"],
    buckets=(0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300),
)
LOOPBACK = {"127.0.0.1", "::1"}
# Headers a reverse proxy adds: a request carrying one came from somewhere else.
FORWARDING_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_FORWARDED", "HTTP_X_REAL_IP")


def observe_job(kind: str, job: Callable[[], Any], succeeded: Callable[[Any], bool]) -> Any:
    """Run a background job and record its duration, labelled ok / failed / crashed."""
    started = time.perf_counter()
    result = "crashed"
    try:
        outcome = job()
        result = "ok" if succeeded(outcome) else "failed"
        return outcome
    finally:
        JOB_SECONDS.labels(kind, result).observe(time.perf_counter() - started)


class MetricsMiddleware:
    """Times every request; the route is the URL pattern's name, never the raw path (ids)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        route = (match.view_name if match else "") or "unmatched"
        REQUEST_SECONDS.labels(route, request.method).observe(time.perf_counter() - started)
        RESPONSES.labels(route, request.method, f"{response.status_code // 100}xx").inc()
        return response


def _allowed(request: HttpRequest) -> bool:
    token = os.environ.get("METRICS_TOKEN", "")
    if token:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        return secrets.compare_digest(given, token)
    if not settings.KOERSVAST_METRICS_LOOPBACK:
        return False
    forwarded = any(request.META.get(header) for header in FORWARDING_HEADERS)
    return not forwarded and request.META.get("REMOTE_ADDR") in LOOPBACK


def metrics_view(request: HttpRequest) -> HttpResponse:
    """The metrics in Prometheus' text format (404 to anyone not allowed: nothing to see)."""
    if not _allowed(request):
        raise Http404
    registry = REGISTRY
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
