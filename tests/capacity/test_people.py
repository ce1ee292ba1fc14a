"""Named people in capacity pools (decision 0406): availability with part-time, leave and end of
contract; a pool's capacity derived from its people, as the optimiser reads it; allocation and
over-allocation; suggestions from the plan of record; anonymisation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from koersvast.audit.models import AuditEvent
from koersvast.capacity import selectors
from koersvast.capacity.models import Allocation, Leave, Person, PersonFte, PoolCapacity
from koersvast.planning import translate
from koersvast.planning.models import PlanItem, PlanningSettings, PlanVersion, ScenarioDecision
from tests.factories import (
    AllocationFactory,
    CapacityPoolFactory,
    DecisionBodyFactory,
    DemandFactory,
    InitiativeFactory,
    PersonFactory,
    ScenarioFactory,
    ScenarioRunFactory,
)

pytestmark = pytest.mark.django_db

Y = 2027
Q1, Q2, Q3, Q4 = (Y, 1), (Y, 2), (Y, 3), (Y, 4)


def _fresh(person: Person) -> Person:
    """The person as the pages read them (leave and fte periods prefetched)."""
    return Person.objects.prefetch_related(*selectors.PEOPLE_PREFETCH).get(pk=person.pk)


def test_quarters_count_working_days() -> None:
    assert [selectors.weekdays(*selectors.quarter_bounds(Y, q)) for q in (1, 2, 3, 4)] == [
        64,
        65,
        66,
        66,
    ]
    # 1 January 2027 is a Friday: through Friday 22 January that is 16 working days.
    assert selectors.weekdays(date(Y, 1, 1), date(Y, 1, 22)) == 16
    assert selectors.weekdays(date(Y, 1, 2), date(Y, 1, 3)) == 0  # a weekend


def test_availability_with_part_time_leave_fte_period_and_end_of_contract(municipality) -> None:
    pool = CapacityPoolFactory(municipality=municipality)
    person = PersonFactory(pool=pool, fte=Decimal("0.80"), end_date=date(Y, 9, 30))
    # Full leave for a quarter of Q1 (16 of 64 working days), half days all of Q2.
    Leave.objects.create(
        municipality=municipality, person=person, start=date(Y, 1, 1), end=date(Y, 1, 22)
    )
    Leave.objects.create(
        municipality=municipality,
        person=person,
        start=date(Y, 4, 1),
        end=date(Y, 6, 30),
        percentage=50,
    )
    # Temporarily fewer hours in Q3; the contract ends with Q3.
    PersonFte.objects.create(
        municipality=municipality, person=person, year=Y, quarter=3, fte=Decimal("0.50")
    )
    person = _fresh(person)
    assert selectors.person_fte(person, Q1) == Decimal("0.60")  # 0.8 × 48/64
    assert selectors.person_fte(person, Q2) == Decimal("0.40")  # 0.8 × 50 %
    assert selectors.person_fte(person, Q3) == Decimal("0.50")
    assert selectors.person_fte(person, Q4) == Decimal("0.00")  # after the contract


def test_a_late_start_and_overlapping_leave_never_go_below_zero(municipality) -> None:
    newcomer = PersonFactory(
        pool=CapacityPoolFactory(municipality=municipality), start_date=date(Y, 2, 15)
    )
    for start, end in ((date(Y, 3, 1), date(Y, 3, 31)), (date(Y, 3, 15), date(Y, 4, 15))):
        Leave.objects.create(municipality=municipality, person=newcomer, start=start, end=end)
    newcomer = _fresh(newcomer)
    # Employed 33 of 64 working days of Q1; the leave adds up to 23 + 13 days there.
    assert selectors.person_fte(newcomer, Q1) == Decimal("0.00")
    Leave.objects.filter(person=newcomer).delete()
    assert selectors.person_fte(_fresh(newcomer), Q1) == Decimal("0.52")  # 33/64


def test_derived_pool_capacity_is_what_the_optimiser_receives(municipality) -> None:
    PlanningSettings.objects.create(
        municipality=municipality, first_year=Y, first_quarter=1, horizon=4, headroom_pct=100
    )
    pool = CapacityPoolFactory(
        municipality=municipality, code="jur", hours_per_fte=Decimal(300), going_concern_pct=50
    )
    PoolCapacity.objects.create(municipality=municipality, pool=pool, year=Y, quarter=1, fte=5)
    full = PersonFactory(pool=pool, fte=Decimal("1.00"))
    PersonFactory(pool=pool, fte=Decimal("0.50"), end_date=date(Y, 6, 30))
    Leave.objects.create(
        municipality=municipality, person=full, start=date(Y, 1, 1), end=date(Y, 1, 22)
    )

    def capacity() -> list[float]:
        problem = translate.build_problem(municipality=municipality).problem
        return next(p["capacity"] for p in problem["pools"] if p["id"] == "jur")

    # Entered (the switch is off): 5 fte × 300 h × 50 %, carried over the horizon.
    assert capacity() == [750.0] * 4
    pool.capacity_from_people = True
    pool.save()
    # Derived: Q1 0.75 + 0.5, Q2 1 + 0.5, then 1 fte.
    assert capacity() == [188.0, 225.0, 150.0, 150.0]
    staffing = selectors.pool_staffing(municipality=municipality, periods=[Q1, Q2])
    assert staffing[0].derived and staffing[0].fte == {Q1: Decimal("1.25"), Q2: Decimal("1.50")}


def test_pool_staffing_needs_no_people_query_while_nothing_is_derived(
    municipality, django_assert_num_queries
) -> None:
    pool = CapacityPoolFactory(municipality=municipality)
    PersonFactory(pool=pool)
    with django_assert_num_queries(2):
        selectors.pool_staffing(municipality=municipality, periods=[Q1])


# --- pages: allocation, over-allocation, team ----------------------------------------------


@pytest.fixture
def team(municipality: Any) -> dict[str, Any]:
    """A pool of 330 productive hours per fte without going-concern reservation, two people
    (1 and 0.5 fte) and an admitted initiative."""
    pool = CapacityPoolFactory(
        municipality=municipality, name="Juristen", hours_per_fte=Decimal(330), going_concern_pct=0
    )
    return {
        "pool": pool,
        "anna": PersonFactory(pool=pool, name="Anna Aalbers", function="Jurist"),
        "bas": PersonFactory(pool=pool, name="Bas Brink", fte=Decimal("0.50")),
        "initiative": InitiativeFactory(
            municipality=municipality, state="opgenomen", reference="KV-001", title="Zaaksysteem"
        ),
        "other": InitiativeFactory(
            municipality=municipality, state="in_uitvoering", reference="KV-002", title="Wifi"
        ),
    }


def _now() -> tuple[int, int]:
    return selectors.next_quarters(1)[0]


def test_allocating_beyond_availability_is_saved_and_warned(team, pm_client) -> None:
    anna, (year, quarter) = team["anna"], _now()
    available = selectors.person_hours(_fresh(anna), (year, quarter))[1]
    response = pm_client.post(
        reverse("capacity:allocation_add", args=[anna.pk]),
        {
            "inzet-initiative": team["initiative"].pk,
            "inzet-period": f"{year}-{quarter}",
            "inzet-amount": str(available + 70),
            "inzet-unit": "uren",
        },
        follow=True,
    )
    page = response.text
    assert Allocation.objects.get(person=anna).hours == available + 70
    assert "overbelast" in page and "70,0 uur meer ingezet dan beschikbaar" in page
    assert "Overbelast: 70,0 uur te veel" in page  # in the workload table, as text
    team_page = pm_client.get(reverse("capacity:pool_team", args=[team["pool"].pk])).text
    assert "Anna Aalbers" in team_page and "Overbelast: 70,0 uur te veel" in team_page


def test_an_allocation_in_percent_of_an_fte_and_its_removal(team, pm_client) -> None:
    bas, (year, quarter) = team["bas"], _now()
    url = reverse("capacity:allocation_add", args=[bas.pk])
    data = {
        "inzet-initiative": team["other"].pk,
        "inzet-period": f"{year}-{quarter}",
        "inzet-amount": "25",
        "inzet-unit": "procent",
    }
    page = pm_client.post(url, data, follow=True).text
    allocation = Allocation.objects.get(person=bas)
    assert allocation.hours == Decimal("82.5")  # 25 % of 330 hours
    assert "Inzet opgeslagen." in page and "Overbelast" not in page
    assert "KV-002 Wifi" in page
    bad = pm_client.post(url, {**data, "inzet-amount": "nul"})
    assert bad.status_code == 400
    pm_client.post(reverse("capacity:allocation_delete", args=[allocation.pk]))
    assert not Allocation.objects.filter(person=bas).exists()


def test_leave_lowers_the_availability_on_the_workload_page(team, pm_client) -> None:
    anna = team["anna"]
    first, last = selectors.quarter_bounds(*_now())
    pm_client.post(
        reverse("capacity:leave_add", args=[anna.pk]),
        {
            "verlof-start": first.isoformat(),
            "verlof-end": last.isoformat(),
            "verlof-percentage": 100,
        },
    )
    page = pm_client.get(anna.get_absolute_url()).text
    assert Leave.objects.filter(person=anna).count() == 1
    assert "niet beschikbaar" in page
    refused = pm_client.post(
        reverse("capacity:leave_add", args=[anna.pk]),
        {
            "verlof-start": last.isoformat(),
            "verlof-end": first.isoformat(),
            "verlof-percentage": 100,
        },
    )
    assert refused.status_code == 400 and "Het verlof eindigt voor het begint." in refused.text


def test_person_form_creates_a_person_with_an_fte_period(team, pm_client) -> None:
    year, quarter = _now()
    response = pm_client.post(
        reverse("capacity:person_create"),
        {
            "name": "Chris Claassen",
            "function": "Inkoopjurist",
            "pool": team["pool"].pk,
            "fte": "0,8",
            "start_date": "",
            "end_date": "",
            f"fte-{year}-{quarter}": "0,4",
        },
    )
    person = Person.objects.get(name="Chris Claassen")
    assert response.status_code == 302 and response.url == person.get_absolute_url()
    assert person.fte == Decimal("0.80")
    assert person.fte_periods.get().fte == Decimal("0.40")


# --- suggestions from the plan of record ---------------------------------------------------


def _plan(municipality: Any, planned: list[tuple[Any, tuple[int, int]]]) -> PlanVersion:
    scenario = ScenarioFactory(municipality=municipality)
    run = ScenarioRunFactory(scenario=scenario, status="done")
    decision = ScenarioDecision.objects.create(
        municipality=municipality,
        scenario=scenario,
        run=run,
        body=DecisionBodyFactory(municipality=municipality),
        rationale="Begroting",
    )
    version = PlanVersion.objects.create(
        municipality=municipality,
        year=Y,
        number=1,
        scenario=scenario,
        run=run,
        decision=decision,
        is_baseline=True,
        adopted_at=timezone.now(),
    )
    for initiative, (year, quarter) in planned:
        PlanItem.objects.create(
            municipality=municipality,
            version=version,
            initiative=initiative,
            start_year=year,
            start_quarter=quarter,
            start_period=f"{year}-Q{quarter}",
        )
    return version


def test_suggestions_share_the_plans_demand_within_availability(
    municipality, team, pm_client
) -> None:
    pool, anna, bas = team["pool"], team["anna"], team["bas"]
    periods = selectors.next_quarters(4)
    now, then = periods[0], periods[1]
    _plan(municipality, [(team["initiative"], now)])
    DemandFactory(initiative=team["initiative"], pool=pool, offset=0, hours=Decimal(300))
    DemandFactory(initiative=team["initiative"], pool=pool, offset=1, hours=Decimal(100))
    # Anna is mostly taken by other work now: 30 of her 330 hours are free.
    AllocationFactory(person=anna, initiative=team["other"], year=now[0], quarter=now[1], hours=300)
    found = selectors.allocation_suggestions(pool=pool, periods=periods)
    assert found.has_plan
    proposed = {(s.person.pk, s.period): s.hours for s in found.rows}
    available = {p.pk: selectors.person_hours(_fresh(p), now)[1] for p in (anna, bas)}
    assert proposed[(anna.pk, now)] == 30
    assert proposed[(bas.pk, now)] == available[bas.pk]
    # Later, 100 hours in proportion to 330 : 165, whole hours, the rest to who has most left.
    assert proposed[(anna.pk, then)] + proposed[(bas.pk, then)] == 100
    assert proposed[(anna.pk, then)] == 67
    assert [(u.period, u.hours) for u in found.unmet] == [(now, 300 - 30 - available[bas.pk])]
    page = pm_client.get(reverse("capacity:pool_suggest", args=[pool.pk])).text
    assert "Anna Aalbers" in page and "KV-001" in page and "mist" in page
    # Take over all but Bas's share now; the page and the save compute the same proposal.
    keys = [s.key for s in found.rows if not (s.person == bas and s.period == now)]
    response = pm_client.post(reverse("capacity:pool_suggest", args=[pool.pk]), {"take": keys})
    assert response.status_code == 302
    saved = {
        (a.person_id, (a.year, a.quarter)): a.hours
        for a in Allocation.objects.filter(initiative=team["initiative"])
    }
    assert saved == {k: v for k, v in proposed.items() if k != (bas.pk, now)}
    # Nobody is pushed over their availability by a suggestion.
    for row in selectors.pool_team(pool=pool, periods=periods):
        assert not row.over


def test_without_a_plan_there_is_nothing_to_suggest(team, pm_client) -> None:
    page = pm_client.get(reverse("capacity:pool_suggest", args=[team["pool"].pk])).text
    assert "Er is nog geen vastgesteld plan" in page


# --- anonymisation -------------------------------------------------------------------------


def test_anonymising_keeps_allocations_and_leaves_no_name_in_the_audit_trail(
    team, pm_client
) -> None:
    anna = team["anna"]
    allocation = AllocationFactory(person=anna, initiative=team["initiative"])
    Leave.objects.create(
        municipality=anna.municipality, person=anna, start=date(Y, 1, 4), end=date(Y, 1, 8)
    )
    pm_client.post(
        reverse("capacity:person_edit", args=[anna.pk]),
        {
            "name": "Anna Aalbers-de Groot",
            "function": "Jurist",
            "pool": anna.pool_id,
            "fte": "1",
        },
    )
    confirm = pm_client.get(reverse("capacity:person_anonymise", args=[anna.pk]))
    assert confirm.status_code == 200
    pm_client.post(reverse("capacity:person_anonymise", args=[anna.pk]))
    anna.refresh_from_db()
    assert anna.name == "" and anna.is_anonymised and anna.function == "Jurist"
    assert Allocation.objects.filter(pk=allocation.pk).exists()
    assert not Leave.objects.filter(person=anna).exists()
    team_page = pm_client.get(reverse("capacity:pool_team", args=[team["pool"].pk])).text
    assert "Medewerker (vertrokken)" in team_page and "Aalbers" not in team_page
    events = AuditEvent.objects.filter(municipality=anna.municipality)
    assert any("anonymised_at" in e.changes for e in events if e.object_id == str(anna.pk))
    trail = " ".join(f"{e.object_repr} {e.changes}" for e in events)
    assert "Aalbers" not in trail
    # An anonymised person is no longer edited or allocated.
    assert pm_client.get(reverse("capacity:person_edit", args=[anna.pk])).status_code == 404


def test_a_persons_fte_per_quarter_is_at_most_one_and_a_half(team, pm_client) -> None:
    year, quarter = _now()
    anna = team["anna"]
    response = pm_client.post(
        reverse("capacity:person_edit", args=[anna.pk]),
        {"name": anna.name, "pool": team["pool"].pk, "fte": "1", f"fte-{year}-{quarter}": "8"},
    )
    assert response.status_code == 200
    assert f"{year}-Q{quarter}: vul 0 tot 1,5 fte in." in response.text
    assert not PersonFte.objects.exists()
