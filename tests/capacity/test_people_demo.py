"""The demo's people: a handful in two pools, with leave, an end of contract, a leaver and
allocations from the plan of record, one of them beyond availability (decision 0406)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from koersvast.capacity import selectors
from koersvast.capacity.models import Allocation, Person
from koersvast.demo import content
from koersvast.demo.people_demo import LEAVE, PEOPLE
from tests.demo_snapshot import load_demo

pytestmark = pytest.mark.django_db


def test_the_demo_has_people_with_allocations_in_two_pools(client) -> None:
    municipality, _logins = load_demo()
    people = Person.objects.in_municipality(municipality).select_related("pool")
    assert {p.pool.code for p in people} == {"pl", "jur"}
    assert people.filter(anonymised_at__isnull=True).count() == len(PEOPLE)
    leaver = people.get(anonymised_at__isnull=False)
    assert leaver.name == "" and leaver.allocations.exists()
    assert Person.objects.get(name=LEAVE[0]).leaves.count() == 1
    first = [(content.FIRST_YEAR, q) for q in (1, 2, 3, 4)]
    over = []
    for code in ("pl", "jur"):
        pool = people.filter(pool__code=code).first().pool
        rows = selectors.pool_team(pool=pool, periods=first)
        assert any(load.allocations for row in rows for load in row.loads), code
        over += [row.person.name for row in rows if row.over]
    assert over == ["Ruud Kramer"]
    assert Allocation.objects.filter(municipality=municipality).count() > 10
    # The portfolio manager opens the team of the juristen.
    client.force_login(get_user_model().objects.get(username="portfoliomanager"))
    pool = people.filter(pool__code="jur").first().pool
    page = client.get(reverse("capacity:pool_team", args=[pool.pk])).text
    assert "Eva Dijkstra" in page and "Medewerker (vertrokken)" in page
