"""The demo municipality's finance: every finance page has figures, and a reload changes nothing."""

from __future__ import annotations

import pytest

from koersvast.finance import selectors
from koersvast.finance.models import Funding, Investment, RiskEffect
from tests.demo_snapshot import load_demo

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_demo_finance_fills_the_pages():
    municipality, _logins = load_demo()
    counts = (Investment.objects.count(), Funding.objects.count(), RiskEffect.objects.count())
    assert Investment.objects.filter(municipality=municipality).count() >= 10
    sources = set(
        Funding.objects.filter(municipality=municipality).values_list("source", flat=True)
    )
    assert {"bestemmingsreserve", "spuk", "algemene_middelen"} <= sources
    raming = selectors.meerjarenraming(municipality=municipality, budget_year=2028, filters={})
    assert not raming.is_empty
    assert all(value > 0 for value in raming["kapitaallasten"].values)
    _years, rows = selectors.mip(municipality=municipality, budget_year=2028, filters={})
    counted = Investment.objects.filter(municipality=municipality).exclude(
        initiative__state__in=selectors.EXCLUDED_STATES
    )
    assert len(rows) == counted.count()
    result = selectors.weerstandsvermogen(municipality=municipality, year=2028)
    assert result.risk_count > 10
    assert result.required > 0
    assert result.rating is not None
    load_demo()
    assert (
        Investment.objects.count(),
        Funding.objects.count(),
        RiskEffect.objects.count(),
    ) == counts
