"""Budget room per year (krediet / exploitatie): the grid, validation, rights and isolation."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from koersvast.audit.models import AuditEvent
from koersvast.capacity.models import BudgetCapacity
from koersvast.planning.models import PlanningSettings
from koersvast.tenancy.choices import Role

pytestmark = pytest.mark.django_db

URL = reverse("capacity:budget_edit")


@pytest.fixture(autouse=True)
def horizon(municipality):
    PlanningSettings.objects.create(
        municipality=municipality, first_year=2027, first_quarter=1, horizon=8
    )


def _amounts(municipality) -> set[tuple[str, int, Decimal]]:
    return {
        (b.kind, b.year, b.amount) for b in BudgetCapacity.objects.filter(municipality=municipality)
    }


def test_empty_state_then_the_grid_covers_the_planning_years(pm_client):
    index = pm_client.get(reverse("capacity:index")).text
    assert "Nog geen budgetruimte ingevoerd" in index
    assert URL in index
    form = pm_client.get(URL).text
    for year in (2027, 2028):
        assert f'name="budget-krediet-{year}"' in form
        assert f'name="budget-exploitatie-{year}"' in form
    assert 'name="budget-krediet-2029"' not in form


def test_dutch_amounts_are_saved_changed_and_cleared(municipality, pm_client):
    response = pm_client.post(
        URL,
        {
            "budget-krediet-2027": "1.250.000",
            "budget-krediet-2028": "€ 1 500 000",
            "budget-exploitatie-2027": "400000,00",
        },
    )
    assert response.status_code == 302
    assert _amounts(municipality) == {
        ("krediet", 2027, Decimal(1_250_000)),
        ("krediet", 2028, Decimal(1_500_000)),
        ("exploitatie", 2027, Decimal(400_000)),
    }
    index = pm_client.get(reverse("capacity:index")).text
    assert "€ 1.250.000" in index
    assert 'value="1250000"' in pm_client.get(URL).text
    pm_client.post(URL, {"budget-krediet-2027": "1.000.000", "budget-exploitatie-2027": "400000"})
    assert _amounts(municipality) == {
        ("krediet", 2027, Decimal(1_000_000)),
        ("exploitatie", 2027, Decimal(400_000)),
    }
    changes = AuditEvent.objects.filter(municipality_id=municipality.pk).values_list(
        "action", flat=True
    )
    assert {"create", "update", "delete"} <= set(changes)


def test_bad_amounts_are_explained_and_nothing_is_saved(municipality, pm_client):
    response = pm_client.post(
        URL,
        {
            "budget-krediet-2027": "veel",
            "budget-krediet-2028": "-5",
            "budget-exploitatie-2027": "100",
        },
    )
    assert response.status_code == 200
    page = response.text
    assert "Krediet 2027: &#x27;veel&#x27;" in page
    assert "Krediet 2028: &#x27;-5&#x27;" in page
    assert 'value="veel"' in page  # the input is kept
    assert not BudgetCapacity.objects.exists()


def test_rights_and_isolation(municipality, personas, client_for, outsider, other_municipality):
    reader = client_for(personas[Role.READER])
    assert reader.get(URL).status_code == 403
    assert reader.post(URL, {"budget-krediet-2027": "1"}).status_code == 403
    assert URL not in reader.get(reverse("capacity:index")).text
    BudgetCapacity.objects.create(
        municipality=municipality, kind="krediet", year=2027, amount=Decimal(777_000)
    )
    # The other municipality's manager sees and edits only their own budget.
    outside = client_for(outsider)
    assert "777" not in outside.get(reverse("capacity:index")).text
    assert "777000" not in outside.get(URL).text
    outside.post(URL, {"budget-krediet-2027": "5"})
    assert _amounts(municipality) == {("krediet", 2027, Decimal(777_000))}
    assert _amounts(other_municipality) == {("krediet", 2027, Decimal(5))}
