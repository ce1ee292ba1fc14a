"""/metrics: request latency and errors per route, job durations; only for allowed scrapers."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from koersvast.planning.services.runs import scenario_run_start
from koersvast.planning.services.scenarios import scenario_create
from koersvast.tenancy.choices import Role

pytestmark = pytest.mark.django_db


def _scrape(client: Client, **extra: str) -> str:
    response = client.get("/metrics", **extra)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    return response.text


def test_requests_are_timed_and_counted_per_route(pm_client):
    pm_client.get(reverse("home"))
    pm_client.get("/bestaat-niet/")
    text = _scrape(Client(REMOTE_ADDR="127.0.0.1"))
    assert (
        'koersvast_http_request_duration_seconds_bucket{le="0.3",method="GET",route="home"}' in text
    )
    assert 'koersvast_http_responses_total{method="GET",route="home",status="2xx"}' in text
    assert 'route="unmatched",status="4xx"' in text
    assert "bestaat-niet" not in text  # routes, never raw paths (they hold ids)


def test_only_loopback_or_the_token_may_scrape(settings, monkeypatch):
    assert Client(REMOTE_ADDR="198.51.100.1").get("/metrics").status_code == 404
    monkeypatch.setenv("METRICS_TOKEN", "geheim-token")
    assert Client(REMOTE_ADDR="127.0.0.1").get("/metrics").status_code == 404
    _scrape(Client(REMOTE_ADDR="198.51.100.1"), HTTP_AUTHORIZATION="Bearer geheim-token")


def test_loopback_behind_a_proxy_or_in_production_needs_the_token(settings):
    # A reverse proxy on the same host: the visitor arrives from loopback with a forwarding header.
    proxied = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert proxied.get("/metrics").status_code == 404
    assert (
        Client(REMOTE_ADDR="127.0.0.1", HTTP_FORWARDED="for=198.51.100.1")
        .get("/metrics")
        .status_code
        == 404
    )
    settings.KOERSVAST_METRICS_LOOPBACK = False  # as production sets it
    assert Client(REMOTE_ADDR="127.0.0.1").get("/metrics").status_code == 404


def test_job_durations_are_recorded(municipality, personas):
    from tests.factories import CapacityPoolFactory

    CapacityPoolFactory(municipality=municipality)
    scenario = scenario_create(
        municipality=municipality, name="S", by=personas[Role.PORTFOLIO_MANAGER]
    )
    scenario_run_start(scenario=scenario, by=personas[Role.PORTFOLIO_MANAGER])
    text = _scrape(Client(REMOTE_ADDR="127.0.0.1"))
    assert 'koersvast_job_duration_seconds_count{kind="scenario_run",result=' in text
