"""The register of toezeggingen, moties and amendementen: validation, overdue, audit trail,
list filters, pagination and empty states."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from koersvast.audit.models import AuditEvent
from koersvast.council import selectors
from koersvast.council.forms import CouncilItemForm
from koersvast.council.models import CouncilItem
from koersvast.tenancy.choices import Role
from tests.factories import InitiativeFactory

from .factories import CouncilItemFactory

TODAY = timezone.localdate()


def _data(initiative: Any, owner: Any, **changes: Any) -> dict[str, Any]:
    data = {
        "kind": "toezegging",
        "number": "",
        "title": "Raad informeren",
        "summary": "Per brief.",
        "dated_on": "2026-10-01",
        "owner": str(owner.pk),
        "due_on": "2026-12-01",
        "status": "open",
        "resolution": "",
        "initiatives": [str(initiative.pk)],
    }
    data.update(changes)
    return data


@pytest.fixture
def initiative(municipality: Any) -> Any:
    return InitiativeFactory(municipality=municipality, title="Nieuw zaaksysteem")


def _form(municipality: Any, data: dict[str, Any]) -> CouncilItemForm:
    return CouncilItemForm(
        data, instance=CouncilItem(municipality=municipality), municipality=municipality
    )


def test_the_form_checks_number_dates_resolution_and_initiatives(
    municipality, personas, initiative
) -> None:
    owner = personas[Role.PORTFOLIO_MANAGER]
    assert _form(municipality, _data(initiative, owner)).is_valid()
    form = _form(municipality, _data(initiative, owner, kind="motie"))
    assert not form.is_valid() and "number" in form.errors
    form = _form(municipality, _data(initiative, owner, due_on="2026-09-01"))
    assert "due_on" in form.errors
    form = _form(municipality, _data(initiative, owner, status="afgedaan"))
    assert "resolution" in form.errors
    form = _form(municipality, _data(initiative, owner, initiatives=[]))
    assert "initiatives" in form.errors


def test_owner_and_initiatives_come_from_the_municipality_only(
    municipality, other_municipality, personas, outsider, initiative
) -> None:
    elsewhere = InitiativeFactory(municipality=other_municipality)
    form = _form(municipality, _data(elsewhere, personas[Role.READER]))
    assert "initiatives" in form.errors
    form = _form(municipality, _data(initiative, outsider))
    assert "owner" in form.errors


def test_create_edit_and_the_audit_trail(municipality, personas, pm_client, initiative) -> None:
    response = pm_client.post(
        reverse("council:item_create"), _data(initiative, personas[Role.OFFICIAL_SPONSOR])
    )
    assert response.status_code == 302
    item = CouncilItem.objects.get(municipality=municipality)
    assert response["Location"] == item.get_absolute_url()
    assert item.owner == personas[Role.OFFICIAL_SPONSOR]
    assert list(item.initiatives.all()) == [initiative]
    second = InitiativeFactory(municipality=municipality)
    data = _data(
        initiative,
        personas[Role.OFFICIAL_SPONSOR],
        status="afgedaan",
        resolution="Brief verstuurd.",
        initiatives=[str(initiative.pk), str(second.pk)],
    )
    assert pm_client.post(reverse("council:item_edit", args=[item.pk]), data).status_code == 302
    item.refresh_from_db()
    assert item.status == "afgedaan"
    events = AuditEvent.objects.filter(object_id=str(item.pk), content_type__model="councilitem")
    changes = [e.changes for e in events.order_by("pk")]
    assert any(c.get("status") == ["open", "afgedaan"] for c in changes)
    assert any(
        c.get("initiatives")
        == [[initiative.reference], sorted([initiative.reference, second.reference])]
        for c in changes
    )
    page = pm_client.get(item.get_absolute_url()).content.decode()
    assert "Brief verstuurd." in page and "Geschiedenis" in page
    history = reverse("audit:object_history", args=["council", "councilitem", item.pk])
    assert history in page
    assert pm_client.get(history).status_code == 200


def test_invalid_input_is_shown_not_saved(municipality, personas, pm_client, initiative) -> None:
    data = _data(initiative, personas[Role.PORTFOLIO_MANAGER], kind="motie", number="")
    response = pm_client.post(reverse("council:item_create"), data)
    assert response.status_code == 200
    assert "nummer van de raad" in response.content.decode()
    assert not CouncilItem.objects.exists()


def test_overdue_is_open_and_past_the_due_date(municipality) -> None:
    late = CouncilItemFactory(municipality=municipality, due_on=TODAY - datetime.timedelta(days=1))
    CouncilItemFactory(municipality=municipality, due_on=TODAY)
    CouncilItemFactory(
        municipality=municipality,
        due_on=TODAY - datetime.timedelta(days=9),
        status="afgedaan",
        resolution="Klaar",
    )
    assert [i.pk for i in selectors.overdue_items(municipality=municipality)] == [late.pk]
    assert late.is_overdue()


def test_list_filters_and_pagination(municipality, personas, pm_client) -> None:
    owner = personas[Role.OFFICIAL_SPONSOR]
    for n in range(27):
        CouncilItemFactory(municipality=municipality, title=f"Toezegging {n:02d}")
    motion = CouncilItemFactory(
        municipality=municipality, kind="motie", number="M2026-07", title="Motie groen", owner=owner
    )
    url = reverse("council:items")
    first = pm_client.get(url).content.decode()
    assert "Pagina 1 van 2" in first
    page = pm_client.get(url, {"kind": "motie"}).content.decode()
    assert "Motie groen" in page and "Toezegging 01" not in page
    page = pm_client.get(url, {"owner": owner.pk}).content.decode()
    assert "Motie groen" in page and "Toezegging 01" not in page
    page = pm_client.get(url, {"q": "M2026"}).content.decode()
    assert "Motie groen" in page
    page = pm_client.get(url, {"initiative": motion.initiatives.get().pk}).content.decode()
    assert "Motie groen" in page and "Toezegging 01" not in page
    page = pm_client.get(url, {"overdue": "1"}).content.decode()
    assert "Geen toezeggingen of moties gevonden met deze filters." in page


def test_empty_states(pm_client) -> None:
    page = pm_client.get(reverse("council:items")).content.decode()
    assert "Nog geen toezeggingen aan de raad" in page
    page = pm_client.get(reverse("council:index")).content.decode()
    assert "Geen bestuurlijke momenten in de komende drie maanden" in page


def test_the_list_costs_a_constant_number_of_queries(
    municipality, pm_client, django_assert_max_num_queries
) -> None:
    for _ in range(5):
        CouncilItemFactory(municipality=municipality)
    pm_client.get(reverse("council:items"))
    with django_assert_max_num_queries(12) as few:
        pm_client.get(reverse("council:items"))
    for _ in range(10):
        CouncilItemFactory(municipality=municipality)
    with django_assert_max_num_queries(len(few.captured_queries)):
        pm_client.get(reverse("council:items"))
