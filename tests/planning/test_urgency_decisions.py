"""Urgency decisions take effect: niet doen parks or rejects, faseren, extra middelen and faseren
van het verzoek write a new plan version exactly as the option showed, in one transaction, and
options computed against an older plan are refused."""

from __future__ import annotations

from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied

from koersvast.audit.models import AuditEvent
from koersvast.capacity.models import BudgetCapacity, DecidedChange, PoolCapacity
from koersvast.intake.models import Decision, Transition
from koersvast.notifications.models import Notification
from koersvast.planning.choices import LeverKind, RunStatus, UrgencyOption
from koersvast.planning.errors import PlanningError
from koersvast.planning.models import PlanItem, PlanVersion, ScenarioRun, UrgencyRequest
from koersvast.planning.selectors.plan import current_version
from koersvast.planning.selectors.urgency import urgency_document, urgency_for_initiative
from koersvast.planning.services import adoption
from koersvast.planning.services import urgency as urgency_services
from koersvast.planning.services.adoption import scenario_adopt
from koersvast.planning.services.runs import scenario_run_now
from koersvast.planning.services.scenarios import lever_add, scenario_create
from koersvast.planning.services.urgency import (
    StaleOptions,
    stale_reason,
    urgency_decide,
    urgency_recompute,
    urgency_request_start,
)
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.choices import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def pm(personas):
    return personas[Role.PORTFOLIO_MANAGER]


def _adopt(world, municipality, pm, name="Plan"):
    plan = scenario_create(municipality=municipality, name=name, by=pm)
    lever_add(scenario=plan, by=pm, kind=LeverKind.HEADROOM, headroom_pct=90)
    run = scenario_run_now(scenario=plan, by=pm)
    assert run.status == RunStatus.DONE, run.failure_reason
    scenario_adopt(scenario=plan, body=world["body"], rationale="Begroting", by=pm)
    return plan


def _urgent(world, personas, hours=120, state="besluitvorming", **values):
    """Echo, on the college's agenda, asked for with many project-leader hours."""
    echo = world["e"]
    Initiative.objects.filter(pk=echo.pk).update(
        has_political_urgency=True,
        state=state,
        political_sponsor=personas[Role.POLITICAL_SPONSOR],
        **values,
    )
    echo.refresh_from_db()
    echo.demands.update(hours=Decimal(hours))
    return echo


def _request(world, municipality, pm, personas, quarter=1, **values):
    _adopt(world, municipality, pm)
    echo = _urgent(world, personas, **values)
    request = urgency_request_start(initiative=echo, by=pm, year=2027, quarter=quarter)
    request.refresh_from_db()
    assert request.status == RunStatus.DONE, request.failure_reason
    return request


def _starts(version):
    return {
        item.initiative.reference: item.start_period
        for item in version.items.select_related("initiative")
    }


def _snapshot():
    """Everything an urgency decision may write."""
    return {
        "states": dict(Initiative.objects.values_list("reference", "state")),
        "versions": list(PlanVersion.objects.values_list("pk", flat=True)),
        "items": PlanItem.objects.count(),
        "runs": ScenarioRun.objects.count(),
        "transitions": Transition.objects.count(),
        "decisions": Decision.objects.count(),
        "changes": DecidedChange.objects.count(),
        "capacity": sorted(PoolCapacity.objects.values_list("pool_id", "year", "quarter", "fte")),
        "budget": sorted(BudgetCapacity.objects.values_list("kind", "year", "amount")),
        "notifications": Notification.objects.count(),
        "requests": list(UrgencyRequest.objects.values_list("pk", "chosen", "outcome")),
    }


# --- the options -------------------------------------------------------------------------------


def test_options_keep_the_plan_they_were_computed_against(world, municipality, pm, personas):
    request = _request(world, municipality, pm, personas)
    assert request.plan_version == current_version(municipality.pk)
    assert set(request.plans) == {UrgencyOption.PHASE, UrgencyOption.EXTRA, UrgencyOption.LATER}
    # The fourth variant: Echo itself starts later, at the earliest start that moves nothing.
    later = request.options[UrgencyOption.LATER]
    assert later["possible"] and later["start"] == "2028-Q1" and later["by"] == 4
    extra = request.options[UrgencyOption.EXTRA]["pools"][0]
    assert extra["quarters"] == [{"period": "2027-Q1", "fte": 1.0}]


def test_no_later_variant_when_the_request_fits_as_asked(world, municipality, pm, personas):
    request = _request(world, municipality, pm, personas, hours=10)
    later = request.options[UrgencyOption.LATER]
    assert not later["possible"] and not later["needed"]
    assert not request.options[UrgencyOption.PHASE]["moved"]


# --- niet doen -----------------------------------------------------------------------------------


def test_niet_doen_parks_the_initiative_and_leaves_the_plan(world, municipality, pm, personas):
    request = _request(world, municipality, pm, personas)
    before = _snapshot()
    decider = personas[Role.OFFICIAL_SPONSOR]
    decided = urgency_decide(
        request=request,
        option=UrgencyOption.DO_NOTHING,
        body=world["body"],
        rationale="Geen ruimte dit jaar",
        by=decider,
    )
    echo = Initiative.objects.get(pk=world["e"].pk)
    assert echo.state == "geparkeerd"
    assert decided.chosen == UrgencyOption.DO_NOTHING and decided.decision is None
    assert decided.state_change == ("Besluitvorming", "Geparkeerd")
    # Recorded in the decision log and as a lifecycle transition, with the rationale.
    decision = Decision.objects.get(initiative=echo)
    assert decision.outcome == "park" and "Geen ruimte dit jaar" in decision.rationale
    assert Transition.objects.filter(initiative=echo, to_state="geparkeerd").exists()
    # The requester (who asked for the options) and the wethouder hear of it.
    told = Notification.objects.filter(initiative=echo, message__contains="urgente verzoek")
    assert {n.recipient for n in told} == {pm, personas[Role.POLITICAL_SPONSOR]}
    # The plan is unchanged.
    assert list(PlanVersion.objects.values_list("pk", flat=True)) == before["versions"]
    assert DecidedChange.objects.count() == 0
    # The decision is audited on the request.
    assert AuditEvent.objects.filter(
        object_id=str(request.pk), changes__chosen__1=UrgencyOption.DO_NOTHING
    ).exists()


def test_niet_doen_may_reject_or_leave_the_state(world, municipality, pm, personas):
    request = _request(world, municipality, pm, personas)
    urgency_decide(
        request=request,
        option=UrgencyOption.DO_NOTHING,
        body=world["body"],
        rationale="Past niet in het coalitieakkoord",
        by=pm,
        not_done="afgewezen",
    )
    assert Initiative.objects.get(pk=world["e"].pk).state == "afgewezen"


def test_niet_doen_cannot_park_an_idea_but_may_leave_it(world, municipality, pm, personas):
    request = _request(world, municipality, pm, personas, state="idee")
    with pytest.raises(PlanningError, match="status ongewijzigd"):
        urgency_decide(
            request=request,
            option=UrgencyOption.DO_NOTHING,
            body=world["body"],
            rationale="Niet nu",
            by=pm,
        )
    decided = urgency_decide(
        request=request,
        option=UrgencyOption.DO_NOTHING,
        body=world["body"],
        rationale="Niet nu",
        by=pm,
        not_done="",
    )
    assert decided.chosen == UrgencyOption.DO_NOTHING and decided.state_change is None
    assert Initiative.objects.get(pk=world["e"].pk).state == "idee"


# --- faseren ---------------------------------------------------------------------------------


def test_faseren_writes_a_new_plan_version_with_the_moves_shown(world, municipality, pm, personas):
    request = _request(world, municipality, pm, personas)
    old = current_version(municipality.pk)
    old_starts = _starts(old)
    moved = request.options[UrgencyOption.PHASE]["moved"]
    assert moved, request.options
    decided = urgency_decide(
        request=request,
        option=UrgencyOption.PHASE,
        body=world["body"],
        rationale="Opvang gaat voor",
        by=pm,
    )
    version = current_version(municipality.pk)
    assert version.pk != old.pk and version.label == "Plan 2027-2" and not version.is_baseline
    assert decided.decision == version.decision and version.decision.body == world["body"]
    assert version.scenario == old.scenario and version.scenario.is_plan_of_record
    starts = _starts(version)
    # The urgent initiative is admitted (a recorded decision) and planned at its start.
    echo = Initiative.objects.get(pk=world["e"].pk)
    assert echo.state == "gepland" and starts["E"] == "2027-Q1"
    assert Decision.objects.get(initiative=echo).outcome == "admit"
    # The displaced initiatives moved exactly as the option showed; the others stayed.
    for move in moved:  # the optimiser's id is the reference
        assert (old_starts[move["id"]], starts[move["id"]]) == (move["from"], move["to"])
    unmoved = set(old_starts) - {m["id"] for m in moved}
    assert {ref: starts[ref] for ref in unmoved} == {ref: old_starts[ref] for ref in unmoved}
    # The decision names each move (with the initiative it moved).
    assert [(m["id"], m["from"], m["to"]) for m in decided.outcome["moved"]] == [
        (m["id"], m["from"], m["to"]) for m in moved
    ]
    assert decided.outcome["version"] == "Plan 2027-2" and decided.outcome["start"] == "2027-Q1"
    # Visible on the displaced initiative's page (its selector) and on Echo's.
    bravo = Initiative.objects.get(reference=moved[0]["id"])
    [about_bravo] = urgency_for_initiative(initiative=bravo)
    assert about_bravo["moved"]["to"] == moved[0]["to"] and not about_bravo["own"]
    [about_echo] = urgency_for_initiative(initiative=echo)
    assert about_echo["own"]


def test_faseren_van_het_verzoek_moves_nothing_else(world, municipality, pm, personas):
    request = _request(world, municipality, pm, personas)
    old_starts = _starts(current_version(municipality.pk))
    urgency_decide(
        request=request,
        option=UrgencyOption.LATER,
        body=world["body"],
        rationale="Het kan wachten tot 2028",
        by=pm,
    )
    starts = _starts(current_version(municipality.pk))
    assert starts.pop("E") == "2028-Q1"
    assert starts == old_starts
    assert Initiative.objects.get(pk=world["e"].pk).state == "gepland"


def test_an_idea_cannot_be_taken_into_the_plan(world, municipality, pm, personas):
    request = _request(world, municipality, pm, personas, state="idee")
    before = _snapshot()
    with pytest.raises(PlanningError, match="agenda voor besluitvorming"):
        urgency_decide(
            request=request, option=UrgencyOption.PHASE, body=world["body"], rationale="x", by=pm
        )
    assert _snapshot() == before


# --- extra middelen ----------------------------------------------------------------------------


def test_extra_middelen_become_decided_changes_for_their_period(world, municipality, pm, personas):
    world["pl"].cost_per_fte = Decimal(100_000)
    world["pl"].save()
    request = _request(world, municipality, pm, personas)
    old_starts = _starts(current_version(municipality.pk))
    fte = {(c.year, c.quarter): c.fte for c in PoolCapacity.objects.filter(pool=world["pl"])}
    decided = urgency_decide(
        request=request,
        option=UrgencyOption.EXTRA,
        body=world["body"],
        rationale="Rijksgeld",
        by=pm,
    )
    change = DecidedChange.objects.get()
    assert change.decision == decided.decision and change.pool == world["pl"]
    assert (change.year, change.quarter, change.fte) == (2027, 1, Decimal("1.00"))
    after = {(c.year, c.quarter): c.fte for c in PoolCapacity.objects.filter(pool=world["pl"])}
    # Only the quarter that needs it rises, by the computed fte.
    assert after[(2027, 1)] == fte[(2027, 1)] + 1
    assert {k: v for k, v in after.items() if k != (2027, 1)} == {
        k: v for k, v in fte.items() if k != (2027, 1)
    }
    # With its cost (a quarter of the yearly cost per fte).
    assert decided.outcome["changes"] == [
        {"pool": "Projectleiders", "period": "2027-Q1", "fte": 1.0, "euro": 25000}
    ]
    starts = _starts(current_version(municipality.pk))
    assert starts.pop("E") == "2027-Q1"
    assert starts == old_starts  # nothing displaced


def test_extra_budget_per_year_becomes_budget_room(world, municipality, pm, personas):
    for year in (2027, 2028):
        BudgetCapacity.objects.create(
            municipality=municipality, kind="exploitatie", year=year, amount=Decimal(100_000)
        )
    request = _request(world, municipality, pm, personas, hours=10, budget_operating=400_000)
    extra = request.options[UrgencyOption.EXTRA]
    assert extra["budget"] == [
        {
            "pool": "Exploitatie",
            "kind": "exploitatie",
            "euro": 300_000,
            "cells": [{"year": "2027", "euro": 300_000}],
        }
    ]
    decided = urgency_decide(
        request=request, option=UrgencyOption.EXTRA, body=world["body"], rationale="x", by=pm
    )
    room = dict(BudgetCapacity.objects.filter(kind="exploitatie").values_list("year", "amount"))
    assert room == {2027: Decimal(400_000), 2028: Decimal(100_000)}
    change = DecidedChange.objects.get()
    assert (change.budget_kind, change.year, change.amount) == ("exploitatie", 2027, 300_000)
    assert change.decision == decided.decision


# --- stale options ---------------------------------------------------------------------------


def test_options_computed_against_an_older_plan_are_refused(world, municipality, pm, personas):
    request = _request(world, municipality, pm, personas)
    _adopt(world, municipality, pm, name="Nieuw plan")
    assert "Reken de opties opnieuw door" in stale_reason(request)
    before = _snapshot()
    with pytest.raises(StaleOptions, match=r"toen: Plan 2027-1, nu: Plan 2027-2"):
        urgency_decide(
            request=request, option=UrgencyOption.PHASE, body=world["body"], rationale="x", by=pm
        )
    assert _snapshot() == before
    # Computed again against the current plan, the decision goes through.
    urgency_recompute(request=request, by=pm)
    request.refresh_from_db()
    assert request.status == RunStatus.DONE and not stale_reason(request)
    urgency_decide(
        request=request, option=UrgencyOption.PHASE, body=world["body"], rationale="x", by=pm
    )
    assert current_version(municipality.pk).label == "Plan 2027-3"


def test_changed_data_since_the_computation_is_refused(world, municipality, pm, personas):
    request = _request(world, municipality, pm, personas)
    # Less project leaders than the options counted on: the plan no longer fits.
    PoolCapacity.objects.filter(pool=world["pl"]).update(fte=Decimal("0.5"))
    with pytest.raises(StaleOptions, match="gewijzigd"):
        urgency_decide(
            request=request, option=UrgencyOption.PHASE, body=world["body"], rationale="x", by=pm
        )


def test_only_deciders_decide(world, municipality, pm, personas):
    request = _request(world, municipality, pm, personas)
    with pytest.raises(PermissionDenied):
        urgency_decide(
            request=request,
            option=UrgencyOption.PHASE,
            body=world["body"],
            rationale="x",
            by=personas[Role.READER],
        )
    with pytest.raises(PermissionDenied):
        urgency_recompute(request=request, by=personas[Role.READER])


# --- atomicity ---------------------------------------------------------------------------------


FAILURES = {
    # The plan version, its items and the state moves are written; then the moves fail.
    UrgencyOption.PHASE: ("plan", adoption, "_move_states"),
    UrgencyOption.LATER: ("plan", adoption, "_move_states"),
    # The new plan is written; then the capacity change fails.
    UrgencyOption.EXTRA: (
        "capacity",
        urgency_services.capacity_services,
        "decided_capacity_change",
    ),
    # The initiative is parked; then telling the requester fails.
    UrgencyOption.DO_NOTHING: ("notify", urgency_services, "_tell_requester"),
}


@pytest.mark.parametrize("option", list(FAILURES))
def test_a_failure_halfway_leaves_everything_as_it_was(option, world, municipality, pm, personas):
    request = _request(world, municipality, pm, personas)
    before = _snapshot()
    plan_before = _starts(current_version(municipality.pk))
    _label, target, name = FAILURES[option]
    original = getattr(target, name)
    calls = []

    def fail(*args, **kwargs):
        calls.append(name)
        original(*args, **kwargs)  # the write happens, then the step fails
        raise RuntimeError("boem")

    with mock.patch.object(target, name, side_effect=fail), pytest.raises(RuntimeError):
        urgency_decide(request=request, option=option, body=world["body"], rationale="x", by=pm)
    assert calls, "the failure was not injected"
    assert _snapshot() == before
    assert _starts(current_version(municipality.pk)) == plan_before


# --- the decision document -----------------------------------------------------------------


def test_the_document_puts_the_options_side_by_side(world, municipality, pm, personas):
    world["pl"].cost_per_fte = Decimal(100_000)
    world["pl"].save()
    request = _request(world, municipality, pm, personas)
    document = urgency_document(urgency=request)
    columns = {column.key: column for column in document["columns"]}
    assert list(columns) == [
        UrgencyOption.DO_NOTHING,
        UrgencyOption.PHASE,
        UrgencyOption.EXTRA,
        UrgencyOption.LATER,
    ]
    assert columns[UrgencyOption.PHASE].moved and columns[UrgencyOption.PHASE].start == "2027-Q1"
    assert columns[UrgencyOption.EXTRA].extra_fte == {"2027": 1.0}
    assert columns[UrgencyOption.EXTRA].extra_euro == {"2027": 25000}
    assert columns[UrgencyOption.LATER].start == "2028-Q1"
    assert document["years"] == ["2027"]
