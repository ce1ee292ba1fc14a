"""The request page warns before an option is picked when the options no longer hold: a newer
plan version, or figures that changed so that an option's plan no longer fits (what deciding
would refuse); while the page is open it re-checks (polled)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from koersvast.capacity.models import PoolCapacity
from koersvast.planning.services.urgency import stale_reason
from koersvast.tenancy.choices import Role

from .test_urgency_decisions import _adopt, _request

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def urgency(world, municipality, personas):
    return _request(world, municipality, personas[Role.PORTFOLIO_MANAGER], personas)


def _check(client, urgency):
    url = reverse("planning:urgency_check", args=[urgency.pk])
    return client.get(url, **HX).content.decode()


def test_options_that_hold_show_the_form_and_keep_checking(urgency, pm_client):
    assert stale_reason(urgency, data=True) == ""
    page = pm_client.get(urgency.get_absolute_url()).content.decode()
    assert "Besluit vastleggen" in page and "data-stale" not in page
    assert reverse("planning:urgency_check", args=[urgency.pk]) in page
    fragment = _check(pm_client, urgency)
    assert "data-stale" not in fragment and 'hx-trigger="every 30s"' in fragment


def test_changed_figures_warn_before_an_option_is_picked(urgency, world, pm_client):
    # Fewer project leaders than the options counted on: no option's plan fits any more.
    PoolCapacity.objects.filter(pool=world["pl"]).update(fte=Decimal("0.5"))
    assert "De gegevens van het portfolio zijn gewijzigd" in stale_reason(urgency, data=True)
    assert stale_reason(urgency) == ""  # the version alone did not change
    page = pm_client.get(urgency.get_absolute_url()).content.decode()
    assert "De gegevens van het portfolio zijn gewijzigd" in page
    assert "Opnieuw doorrekenen" in page and "Besluit vastleggen" not in page


def test_a_plan_adopted_while_the_page_is_open_is_found_by_the_check(
    urgency, world, municipality, personas, pm_client
):
    page = pm_client.get(urgency.get_absolute_url()).content.decode()
    assert "Besluit vastleggen" in page
    _adopt(world, municipality, personas[Role.PORTFOLIO_MANAGER], name="Nieuw plan")
    fragment = _check(pm_client, urgency)
    assert "Het vastgestelde plan is gewijzigd sinds de opties zijn doorgerekend" in fragment
    assert "Opnieuw doorrekenen" in fragment
    # The decision form gives way (out-of-band swap) and the polling stops.
    assert 'id="urgency-decision" hx-swap-oob="true"' in fragment
    assert "every 30s" not in fragment


def test_readers_get_no_check(urgency, personas, client_for):
    reader = client_for(personas[Role.READER])
    page = reader.get(urgency.get_absolute_url()).content.decode()
    assert reverse("planning:urgency_check", args=[urgency.pk]) not in page
    assert reader.get(reverse("planning:urgency_check", args=[urgency.pk]), **HX).status_code == 403
