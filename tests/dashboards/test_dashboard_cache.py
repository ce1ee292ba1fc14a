"""The cached figures of the dashboard, the monitoring overview, the live report and the home
page: a change shows on the next request, and no municipality ever sees another's figures.

Production caches them in a cache every process shares (KOERSVAST_CACHE_URL); a memory cache
stands in for it here.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from koersvast.monitoring.models import ProgressReport
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.choices import Role
from tests.factories import InitiativeFactory, ProgressReportFactory

from .conftest import build_portfolio

URL = reverse("dashboards:index")
pytestmark = pytest.mark.usefixtures("shared_cache")

REPORT = {"kind": "portfolio", "moment": "najaarsnota", "year": "2026", "group_by": "taakveld"}


def _total(client: Any) -> int:
    response = client.get(URL)
    assert response.status_code == 200
    return response.context["page"].data.composition.total


def test_a_second_visit_reads_the_figures_from_the_cache(portfolio, pm_client) -> None:
    with CaptureQueriesContext(connection) as first:
        pm_client.get(URL)
    with CaptureQueriesContext(connection) as second:
        body = pm_client.get(URL).content.decode()
    assert len(second.captured_queries) < len(first.captured_queries) - 10
    assert "€ 79.200" in body and "D-0000" in body  # the same page as from the database


def test_a_new_initiative_shows_on_the_next_request(
    portfolio, municipality, pm_client, django_capture_on_commit_callbacks
) -> None:
    assert _total(pm_client) == 12
    with django_capture_on_commit_callbacks(execute=True):
        InitiativeFactory(municipality=municipality, domain=portfolio.domains[0])
    assert _total(pm_client) == 13


def test_a_submitted_progress_report_shows_everywhere_on_the_next_request(
    portfolio, municipality, personas, client_for, django_capture_on_commit_callbacks
) -> None:
    """Submitted through the page, as a project leader does (the load test's only write)."""
    leader = personas[Role.PROJECT_LEADER]
    client = client_for(leader)
    initiative = InitiativeFactory(
        municipality=municipality, state="in_uitvoering", contractor=leader
    )
    before = {row.key: row.count for row in client.get(URL).context["page"].data.rag}
    overview = client.get(reverse("monitoring:index")).context["overview"]
    assert overview.colours.get("rood", 0) == before["rood"]
    aspects = ["time", "money", "scope", "quality", "risks", "capacity", "support"]
    data = {f"rag_{aspect}": "rood" for aspect in aspects}
    data |= {"year": "2026", "quarter": "2", "narrative": "Vertraagd.", "submit": "1"}
    data |= {"forecast": "Oplevering een kwartaal later.", "decisions_needed": ""}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("monitoring:report_create", args=[initiative.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    assert ProgressReport.objects.filter(initiative=initiative, status="ingediend").exists()
    after = {row.key: row.count for row in client.get(URL).context["page"].data.rag}
    assert after["rood"] == before["rood"] + 1
    overview = client.get(reverse("monitoring:index")).context["overview"]
    assert overview.colours["rood"] == before["rood"] + 1


def test_a_bulk_update_shows_on_the_next_request(
    portfolio, municipality, pm_client, django_capture_on_commit_callbacks
) -> None:
    page = pm_client.get(URL).context["page"]
    assert {r.key: r.count for r in page.data.composition.by_state}["afgerond"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        Initiative.objects.filter(municipality=municipality, state="gepland").update(
            state="afgerond"
        )
    page = pm_client.get(URL).context["page"]
    assert {r.key: r.count for r in page.data.composition.by_state}["afgerond"] == 4


def test_a_renamed_owner_shows_in_the_filter(
    portfolio, pm_client, django_capture_on_commit_callbacks
) -> None:
    assert "Eigenaar D" in pm_client.get(URL).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        portfolio.owner.last_name = "Hernoemd"
        portfolio.owner.save()
    body = pm_client.get(URL).content.decode()
    assert "Olga Hernoemd" in body and "Eigenaar D" not in body


def test_the_live_report_and_home_show_a_change_on_the_next_request(
    municipality, pm_client, django_capture_on_commit_callbacks
) -> None:
    initiative = InitiativeFactory(municipality=municipality, state="in_uitvoering")
    ProgressReportFactory(initiative=initiative, status="ingediend", rag_overall="groen")
    report_url = reverse("reports:report")
    assert initiative.title in pm_client.get(report_url, REPORT).content.decode()
    assert pm_client.get(reverse("home")).context["overview"].total == 1
    with django_capture_on_commit_callbacks(execute=True):
        initiative.title = "Nieuwe titel"
        initiative.save()
        InitiativeFactory(municipality=municipality, domain=initiative.domain)
    assert "Nieuwe titel" in pm_client.get(report_url, REPORT).content.decode()
    assert pm_client.get(reverse("home")).context["overview"].total == 2


def test_municipalities_never_see_each_others_cached_figures(
    portfolio,
    municipality,
    other_municipality,
    pm_client,
    outsider,
    client_for,
    django_capture_on_commit_callbacks,
) -> None:
    build_portfolio(other_municipality, 2, prefix="A")
    other = client_for(outsider)
    for _ in range(2):  # cold, then from the cache
        assert _total(pm_client) == 12
        assert _total(other) == 2
        own = other.get(URL).content.decode()
        assert "D-0000" not in own and "D Programma" not in own
        assert "D-0000" not in other.get(reverse("reports:report"), REPORT).content.decode()
        assert other.get(reverse("home")).context["overview"].total == 2
        overview = other.get(reverse("monitoring:index")).context["overview"]
        assert all(i.municipality_id == other_municipality.pk for i in overview.overdue)
    with django_capture_on_commit_callbacks(execute=True):
        InitiativeFactory(municipality=municipality, domain=portfolio.domains[0])
    assert _total(pm_client) == 13
    assert _total(other) == 2


def test_the_language_is_kept_apart(portfolio, pm_client) -> None:
    dutch = pm_client.get(URL).content.decode()
    pm_client.cookies["django_language"] = "en"
    english = pm_client.get(URL).content.decode()
    assert "In uitvoering" in dutch
    assert "In uitvoering" not in english
