"""Begroting and prognose per year: who may set what, validation, nothing half-saved."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from koersvast.monitoring.models import BudgetLine
from koersvast.tenancy.choices import Role
from tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(municipality, personas):
    return InitiativeFactory(
        municipality=municipality,
        state="in_uitvoering",
        contractor=personas[Role.PROJECT_LEADER],
        start_year=2027,
        start_quarter=3,
        duration_quarters=4,
    )


def _figures(initiative):
    return {
        (line.year, line.kind): (line.planned, line.actual, line.forecast)
        for line in BudgetLine.objects.filter(initiative=initiative)
    }


def test_the_grid_shows_the_years_the_initiative_runs(running, pm_client):
    page = pm_client.get(reverse("monitoring:budget_plan", args=[running.pk])).content.decode()
    for year in (2027, 2028):
        assert f'name="planned-{year}-krediet"' in page
        assert f'name="forecast-{year}-exploitatie"' in page


def test_portfolio_manager_sets_begroting_and_prognose(running, pm_client):
    BudgetLine.objects.create(
        municipality=running.municipality,
        initiative=running,
        year=2027,
        kind="exploitatie",
        actual=Decimal("5000"),
    )
    url = reverse("monitoring:budget_plan", args=[running.pk])
    response = pm_client.post(
        url,
        {
            "planned-2027-exploitatie": "120.000,50",
            "forecast-2027-exploitatie": "€ 130 000",
            "planned-2028-krediet": "1000000",
        },
    )
    assert response.status_code == 302
    figures = _figures(running)
    assert figures[(2027, "exploitatie")] == (
        Decimal("120000.50"),
        Decimal("5000.00"),  # actuals are the financial system's, untouched
        Decimal("130000.00"),
    )
    assert figures[(2028, "krediet")][0] == Decimal("1000000.00")


def test_project_leader_updates_only_the_prognose(running, personas, client_for):
    BudgetLine.objects.create(
        municipality=running.municipality,
        initiative=running,
        year=2027,
        kind="krediet",
        planned=Decimal("400000"),
    )
    client = client_for(personas[Role.PROJECT_LEADER])
    url = reverse("monitoring:budget_plan", args=[running.pk])
    assert 'name="planned-' not in client.get(url).content.decode()
    client.post(url, {"planned-2027-krediet": "1", "forecast-2027-krediet": "450000"})
    planned, _actual, forecast = _figures(running)[(2027, "krediet")]
    assert planned == Decimal("400000.00")  # a posted begroting is ignored
    assert forecast == Decimal("450000.00")


def test_bad_amounts_are_explained_and_nothing_is_saved(running, pm_client):
    url = reverse("monitoring:budget_plan", args=[running.pk])
    response = pm_client.post(
        url, {"planned-2027-krediet": "veel", "forecast-2028-krediet": "-5", "new_year": "3000"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "2027 Krediet, begroot: &#x27;veel&#x27; is geen bedrag." in page
    assert "2028 Krediet, prognose: een bedrag kan niet negatief zijn." in page
    assert "Jaar toevoegen: vul een jaar tussen 2000 en 2100 in." in page
    assert 'value="veel"' in page  # the user's input is kept
    assert not BudgetLine.objects.exists()


def test_adding_a_year_shows_it_without_saving(running, pm_client):
    url = reverse("monitoring:budget_plan", args=[running.pk])
    page = pm_client.post(url, {"new_year": "2030", "add_year": "1"}).content.decode()
    assert 'name="planned-2030-krediet"' in page
    assert not BudgetLine.objects.exists()


def test_rights_and_isolation(running, personas, client_for, outsider):
    url = reverse("monitoring:budget_plan", args=[running.pk])
    assert client_for(personas[Role.READER]).get(url).status_code == 403
    assert client_for(personas[Role.READER]).post(url, {}).status_code == 403
    assert client_for(outsider).get(url).status_code == 404
