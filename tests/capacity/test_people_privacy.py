"""Per-person data is for the roles that manage capacity only (decision 0406): every other role
sees pools and their totals, gets 403 on the people pages and the API, and is shown no link."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from koersvast.capacity.models import Leave, Person
from koersvast.tenancy.choices import Role
from koersvast.tenancy.policy import Action, role_allows
from tests.api.conftest import ApiClient
from tests.factories import AllocationFactory, CapacityPoolFactory, InitiativeFactory, PersonFactory

pytestmark = pytest.mark.django_db

NAME = "Geheime Gerda"
MANAGERS = {role for role in Role if role_allows(role, Action.CAPACITY_MANAGE)}
OTHERS = sorted(set(Role) - MANAGERS)


@pytest.fixture
def person(municipality: Any) -> Person:
    pool = CapacityPoolFactory(
        municipality=municipality, name="Juristen", capacity_from_people=True
    )
    person = PersonFactory(pool=pool, name=NAME, function="Jurist")
    AllocationFactory(
        person=person, initiative=InitiativeFactory(municipality=municipality, state="opgenomen")
    )
    Leave.objects.create(
        municipality=municipality, person=person, start="2027-01-04", end="2027-01-08"
    )
    return person


def _people_urls(person: Person) -> list[str]:
    allocation, leave = person.allocations.get(), person.leaves.get()
    return [
        reverse("capacity:people"),
        reverse("capacity:person_create"),
        reverse("capacity:person_detail", args=[person.pk]),
        reverse("capacity:person_edit", args=[person.pk]),
        reverse("capacity:person_anonymise", args=[person.pk]),
        reverse("capacity:allocation_add", args=[person.pk]),
        reverse("capacity:leave_add", args=[person.pk]),
        reverse("capacity:allocation_delete", args=[allocation.pk]),
        reverse("capacity:leave_delete", args=[leave.pk]),
        reverse("capacity:pool_team", args=[person.pool_id]),
        reverse("capacity:pool_suggest", args=[person.pool_id]),
        reverse("audit:object_history", args=["capacity", "person", person.pk]),
    ]


def test_the_capacity_managers_are_the_portfolio_manager_and_the_official_sponsor() -> None:
    assert {Role.PORTFOLIO_MANAGER, Role.OFFICIAL_SPONSOR} == MANAGERS


@pytest.mark.parametrize("role", sorted(MANAGERS))
def test_capacity_managers_see_people_and_are_linked_to_them(
    role, person, personas, client_for
) -> None:
    client = client_for(personas[role])
    index = client.get(reverse("capacity:index")).text
    assert reverse("capacity:people") in index
    pool_page = client.get(reverse("capacity:pool_detail", args=[person.pool_id])).text
    assert reverse("capacity:pool_team", args=[person.pool_id]) in pool_page
    team = client.get(reverse("capacity:pool_team", args=[person.pool_id])).text
    assert NAME in team
    assert client.get(person.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("role", OTHERS)
def test_other_roles_get_no_people_page_and_no_link(role, person, personas, client_for) -> None:
    client = client_for(personas[role])
    for url in _people_urls(person):
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            # 403 inside their own municipality (never a page with names); the object history
            # answers 404, as for any object the role may not see.
            assert response.status_code in (403, 404), (method, url)
            assert NAME not in response.text
    if not role_allows(role, Action.CAPACITY_VIEW):
        return
    # They do see the pools, with the derived totals, but no person and no link to one.
    for url in (reverse("capacity:index"), reverse("capacity:pool_detail", args=[person.pool_id])):
        page = client.get(url).text
        assert "Juristen" in page
        assert NAME not in page
        for target in ("/planning/medewerkers/", "/team/", "/voorstel/"):
            assert target not in page, (url, target)
    pool_page = client.get(reverse("capacity:pool_detail", args=[person.pool_id])).text
    assert "fte uit medewerkers" in pool_page  # an aggregate, not a person


@pytest.mark.parametrize("role", OTHERS)
def test_the_api_keeps_people_and_allocations_from_other_roles(
    role, person, personas, api_for
) -> None:
    if role == Role.ADMINISTRATOR:
        pytest.skip("an administrator holds no portfolio rights at all (tested in tests/api)")
    api: ApiClient = api_for(personas[role])
    allocation = person.allocations.get()
    for url in (
        "/api/v1/people",
        f"/api/v1/people/{person.pk}",
        "/api/v1/allocations",
        f"/api/v1/allocations/{allocation.pk}",
    ):
        response = api.get(url)
        assert response.status_code == 403, url
        assert NAME not in response.content.decode()
    assert api.post_json("/api/v1/people", {"name": "X"}).status_code == 403
    assert api.delete(f"/api/v1/allocations/{allocation.pk}").status_code == 403


def test_the_api_serves_capacity_managers(person, personas, api_for) -> None:
    api: ApiClient = api_for(personas[Role.OFFICIAL_SPONSOR])
    listed = api.get("/api/v1/people").json()
    assert [row["name"] for row in listed["results"]] == [NAME]
    created = api.post_json(
        "/api/v1/people",
        {"name": "Nieuwe Nina", "function": "Jurist", "pool": person.pool_id, "fte": "0.8"},
    )
    assert created.status_code == 201, created.content
    nina = Person.objects.get(name="Nieuwe Nina")
    assert nina.fte == Decimal("0.80") and created.json()["anonymised"] is False
    allocation = api.post_json(
        "/api/v1/allocations",
        {
            "person": nina.pk,
            "initiative": person.allocations.get().initiative_id,
            "year": 2027,
            "quarter": 2,
            "hours": "120.0",
        },
    )
    assert allocation.status_code == 201, allocation.content
    assert nina.allocations.get().hours == Decimal(120)
    assert api.delete(f"/api/v1/allocations/{allocation.json()['id']}").status_code == 204
    assert not nina.allocations.exists()
