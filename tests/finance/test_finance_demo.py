"""The demo municipality's finance: every finance page has figures, and a reload changes nothing."""

from __future__ import annotations

import pytest

from koersvast.finance.models import Funding, Investment, RiskEffect
from koersvast.finance.selectors.amendment import amendment_draft
from koersvast.finance.selectors.estimate import (
    EXCLUDED_STATES,
    default_budget_year,
    meerjarenraming,
)
from koersvast.finance.selectors.investments import mip
from koersvast.finance.selectors.resistance import weerstandsvermogen
from koersvast.finance.selectors.versions import budget_versions, versioned_raming
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
    raming = meerjarenraming(municipality=municipality, budget_year=2028, filters={})
    assert not raming.is_empty
    assert all(value > 0 for value in raming["kapitaallasten"].values)
    _years, rows = mip(municipality=municipality, budget_year=2028, filters={})
    counted = Investment.objects.filter(municipality=municipality).exclude(
        initiative__state__in=EXCLUDED_STATES
    )
    assert len(rows) == counted.count()
    result = weerstandsvermogen(municipality=municipality, year=2028)
    assert result.risk_count > 10
    assert result.required > 0
    assert result.rating is not None
    # a primitieve begroting and one begrotingswijziging, and a change since (the draft)
    budget_year = default_budget_year()
    versions = budget_versions(municipality=municipality, budget_year=budget_year)
    assert [v.kind for v in versions] == ["primitief", "wijziging"]
    assert all(v.body.kind == "raad" for v in versions)
    actual = versioned_raming(
        municipality=municipality,
        budget_year=budget_year,
        filters={},
        choice=str(versions[-1].pk),
    )
    assert actual.difference is not None and not actual.difference.is_zero
    draft = amendment_draft(
        municipality=municipality, budget_year=budget_year, moment="voorjaarsnota"
    )
    assert not draft.is_empty
    load_demo()
    assert (
        Investment.objects.count(),
        Funding.objects.count(),
        RiskEffect.objects.count(),
    ) == counts
