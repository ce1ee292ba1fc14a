"""The weerstandsvermogen card of the dashboard: ratio, rating and the ten risks that contribute
most; a constant number of queries, and the figures cache."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from koersvast.finance.models import ResistanceCapacity, RiskEffect
from koersvast.finance.selectors import resistance as finance
from koersvast.finance.selectors.estimate import default_budget_year
from tests.factories import InitiativeFactory, RiskFactory

pytestmark = pytest.mark.django_db
URL = reverse("dashboards:index")


def risks(municipality, count, amount=100_000, prefix="R"):
    for index in range(count):
        risk = RiskFactory(
            initiative__municipality=municipality,
            title=f"{prefix}{index:02d}",
            status="opgetreden",
        )
        RiskEffect.objects.create(
            municipality=municipality,
            risk=risk,
            minimum=Decimal(amount + index * 1000),
            probability=100,
        )


def capacity(municipality, amount):
    ResistanceCapacity.objects.create(
        municipality=municipality, year=default_budget_year(), amount=Decimal(amount)
    )


def card(response):
    return response.context["weerstandsvermogen"]


def test_the_card_shows_the_ratio_its_rating_and_the_ten_largest_risks(
    municipality, pm_client
) -> None:
    risks(municipality, 12)
    # Twelve certain risks: 1.200.000 + 66.000 needed; 3.000.000 available → ratio 2,37: A.
    capacity(municipality, 3_000_000)
    response = pm_client.get(URL)
    body = response.content.decode()
    found = card(response)
    assert found.required == pytest.approx(1_266_000)
    assert found.rating[0] == "A"
    assert 'data-card="weerstandsvermogen"' in body
    assert "2,37" in body and "A: uitstekend" in body
    assert len(found.top) == 10
    # The largest first; the two smallest are not in the card.
    assert found.top[0].risk.title == "R11"
    section = body[body.index('data-card="weerstandsvermogen"') :]
    section = section[: section.index("</section>")]
    assert "R00" not in section and "R01" not in section and "R02" in section


def test_without_figures_the_card_says_what_is_missing(municipality, pm_client) -> None:
    InitiativeFactory(municipality=municipality)
    body = pm_client.get(URL).content.decode()
    assert "Niet te bepalen: voer de beschikbare capaciteit" in body


def test_the_card_costs_the_same_queries_for_3_and_30_risks(municipality, pm_client) -> None:
    capacity(municipality, 3_000_000)
    risks(municipality, 3, prefix="S")
    with CaptureQueriesContext(connection) as small:
        assert pm_client.get(URL).status_code == 200
    risks(municipality, 30, prefix="L")
    with CaptureQueriesContext(connection) as large:
        assert pm_client.get(URL).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


@pytest.mark.usefixtures("shared_cache")
def test_the_card_is_cached_and_a_new_risk_shows_on_the_next_request(
    municipality, pm_client, django_capture_on_commit_callbacks, monkeypatch
) -> None:
    capacity(municipality, 1_000_000)
    risks(municipality, 1)
    calls = []
    original = finance.weerstandsvermogen

    def counting(**kwargs):
        calls.append(kwargs)
        return original(**kwargs)

    monkeypatch.setattr(finance, "weerstandsvermogen", counting)
    assert card(pm_client.get(URL)).risk_count == 1
    assert card(pm_client.get(URL)).risk_count == 1
    assert len(calls) == 1  # the second visit reads the cache
    with django_capture_on_commit_callbacks(execute=True):
        risks(municipality, 1, prefix="N")
    assert card(pm_client.get(URL)).risk_count == 2
    assert len(calls) == 2
