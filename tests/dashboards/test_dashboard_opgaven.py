"""The dashboard filters and groups by opgave (issue 17), at a fixed number of queries."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from koersvast.dashboards.selectors import Scope, by_opgave, portfolio_dashboard
from koersvast.monitoring.models import Opgave

from .conftest import build_portfolio

URL = reverse("dashboards:index")
TODAY = datetime.date(2026, 5, 1)


@pytest.fixture
def two_opgaven(municipality):
    """Two portfolios; the first's programme serves 'Wonen', the second's 'Energie'."""
    wonen = build_portfolio(municipality, 6, prefix="W")
    energie = build_portfolio(municipality, 6, prefix="E")
    for portfolio, name in ((wonen, "Wonen"), (energie, "Energie")):
        portfolio.programme.opgave = Opgave.objects.create(municipality=municipality, name=name)
        portfolio.programme.save()
    return wonen, energie


def test_by_opgave_counts_budget_and_worst_colour(municipality, two_opgaven):
    rows = {row.label: row for row in by_opgave(municipality=municipality, scope=Scope())}
    assert sorted(rows) == ["Energie", "Wonen"]
    # Even initiatives (0, 2, 4) are in the programme: budgets 1000n + 1100.
    assert rows["Wonen"].count == 3
    assert rows["Wonen"].budget == Decimal(1100 + 3100 + 5100)
    # Initiative 0 runs with a green report, initiative 3 (not in the programme) orange.
    assert rows["Wonen"].worst == "groen"
    assert rows["Wonen"].programmes == 1


def test_opgave_filter_restricts_the_figures(municipality, two_opgaven):
    wonen, _energie = two_opgaven
    scope = Scope.from_params({"opgave": str(wonen.programme.opgave_id)})
    data = portfolio_dashboard(
        municipality=municipality, scope=scope, today=TODAY, with_capacity=False
    )
    assert data.composition.total == 3
    assert [row.label for row in data.programmes] == [wonen.programme.name]
    assert [row.label for row in data.opgaven] == ["Wonen"]
    assert data.risks.active == 3


def test_malformed_opgave_is_dropped():
    assert Scope.from_params({"opgave": "1 OR 1=1"}).opgave == ""


def test_page_shows_the_opgave_filter_and_table(municipality, two_opgaven, pm_client):
    html = pm_client.get(URL).content.decode()
    assert 'name="opgave"' in html and "Per opgave" in html
    wonen = two_opgaven[0]
    html = pm_client.get(URL, {"opgave": wonen.programme.opgave_id}).content.decode()
    assert f"opgave={wonen.programme.opgave_id}" in html  # drill-down links keep the scope


def test_portfolio_list_follows_the_opgave_drill_down(municipality, two_opgaven, pm_client):
    wonen = two_opgaven[0]
    response = pm_client.get(reverse("portfolio:list"), {"opgave": wonen.programme.opgave_id})
    assert response.context["page"].paginator.count == 3


@pytest.mark.parametrize("with_filter", [False, True])
def test_query_count_with_opgaven_does_not_grow(municipality, pm_client, with_filter):
    small_portfolio = build_portfolio(municipality, 3, prefix="S")
    opgave = Opgave.objects.create(municipality=municipality, name="Wonen")
    small_portfolio.programme.opgave = opgave
    small_portfolio.programme.save()
    params = {"opgave": opgave.pk} if with_filter else {}
    with CaptureQueriesContext(connection) as small:
        assert pm_client.get(URL, params).status_code == 200
    large = build_portfolio(municipality, 30, prefix="L")
    large.programme.opgave = Opgave.objects.create(municipality=municipality, name="Energie")
    large.programme.save()
    with CaptureQueriesContext(connection) as big:
        assert pm_client.get(URL, params).status_code == 200
    assert len(big.captured_queries) == len(small.captured_queries)
