"""Capacity pools: create, edit, the formation per quarter; rights, validation, isolation."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from koersvast.capacity.models import CapacityPool, PoolCapacity
from koersvast.tenancy.choices import Role
from tests.factories import CapacityPoolFactory

pytestmark = pytest.mark.django_db

# The grid shows 16 quarters from this year on; the tests use next year, whatever today is.
Y = timezone.localdate().year + 1


def _form(**extra: str) -> dict[str, str]:
    data = {
        "name": "Juristen",
        "code": "jur",
        "description": "",
        "hours_per_fte": "330",
        "going_concern_pct": "40",
    }
    data.update(extra)
    return data


def test_portfolio_manager_creates_a_pool_with_its_formation(municipality, pm_client):
    index = pm_client.get(reverse("capacity:index")).text
    assert reverse("capacity:pool_create") in index
    response = pm_client.post(
        reverse("capacity:pool_create"), _form(**{f"fte-{Y}-1": "2,5", f"fte-{Y}-2": "3"})
    )
    pool = CapacityPool.objects.get(code="jur")
    assert response.status_code == 302 and response.url == pool.get_absolute_url()
    assert pool.municipality == municipality
    assert {(c.year, c.quarter, c.fte) for c in pool.capacities.all()} == {
        (Y, 1, Decimal("2.50")),
        (Y, 2, Decimal("3.00")),
    }
    # 2.5 fte × 330 h × 60 % for the portfolio
    assert pool.capacities.get(quarter=1).hours == Decimal("495")


def test_editing_changes_adds_and_clears_quarters(municipality, pm_client):
    pool = CapacityPoolFactory(municipality=municipality, code="pl", name="Projectleiders")
    PoolCapacity.objects.create(municipality=municipality, pool=pool, year=Y, quarter=1, fte=4)
    PoolCapacity.objects.create(municipality=municipality, pool=pool, year=Y, quarter=2, fte=4)
    url = reverse("capacity:pool_edit", args=[pool.pk])
    page = pm_client.get(url).text
    assert f'name="fte-{Y}-1" value="4,00"' in page  # Dutch decimal comma, read back as such
    pm_client.post(
        url,
        _form(name="Projectleiders", code="pl", **{f"fte-{Y}-1": "5", f"fte-{Y}-3": "1"}),
    )
    assert {(c.quarter, c.fte) for c in pool.capacities.all()} == {
        (1, Decimal("5.00")),
        (3, Decimal("1.00")),
    }


def test_bad_input_is_explained_and_nothing_is_saved(municipality, pm_client):
    CapacityPoolFactory(municipality=municipality, code="jur")
    response = pm_client.post(
        reverse("capacity:pool_create"),
        _form(hours_per_fte="0", **{f"fte-{Y}-1": "veel", f"fte-{Y}-2": "-1"}),
    )
    assert response.status_code == 200
    page = response.text
    assert "Er is al een pool met deze code." in page
    assert "Vul 1 tot 600 uur per fte per kwartaal in." in page
    assert f"{Y}-Q1: &#x27;veel&#x27; is geen aantal fte." in page
    assert f"{Y}-Q2: vul 0 tot 10.000 fte in." in page
    assert 'value="veel"' in page  # the user's input is kept
    assert CapacityPool.objects.count() == 1
    assert not PoolCapacity.objects.exists()


def test_rights_and_isolation(municipality, personas, client_for, outsider):
    pool = CapacityPoolFactory(municipality=municipality)
    reader = client_for(personas[Role.READER])
    assert reader.get(reverse("capacity:pool_create")).status_code == 403
    assert reader.get(reverse("capacity:pool_edit", args=[pool.pk])).status_code == 403
    assert reader.post(reverse("capacity:pool_edit", args=[pool.pk]), _form()).status_code == 403
    assert (
        reverse("capacity:pool_edit", args=[pool.pk])
        not in reader.get(reverse("capacity:pool_detail", args=[pool.pk])).text
    )
    sponsor = client_for(personas[Role.OFFICIAL_SPONSOR])  # capacity.manage
    assert sponsor.get(reverse("capacity:pool_edit", args=[pool.pk])).status_code == 200
    outside = client_for(outsider).get(reverse("capacity:pool_edit", args=[pool.pk]))
    assert outside.status_code == 404
