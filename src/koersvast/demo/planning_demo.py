"""Planning content of the demo municipality: a plan of record, three alternatives, one urgency.

Idempotent (scenarios by name, levers by content) and deterministic (node-limited solver runs,
computed synchronously through the services, not via the queue).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from koersvast.capacity.models import CapacityPool
from koersvast.intake.models import DecisionBody
from koersvast.intake.services.scoring import published_framework
from koersvast.planning.choices import RunStatus
from koersvast.planning.levers.budget import Budget
from koersvast.planning.levers.capacity import Capacity
from koersvast.planning.levers.force_out import ForceOut
from koersvast.planning.models import (
    Lever,
    PlanningSettings,
    PlanVersion,
    Scenario,
    UrgencyRequest,
)
from koersvast.planning.services.adoption import scenario_adopt
from koersvast.planning.services.runs import scenario_run_now
from koersvast.planning.services.urgency import urgency_request_start
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.models import Municipality

PLAN = "Vastgesteld plan 2027–2030"
EXTRA_FTE = "+1 fte juristen vanaf 2027-Q3"
NO_PARKING = "Zonder parkeerbeleid"
MORE_CREDIT = "+1 fte juristen en +€ 2 mln krediet vanaf 2029"
URGENT_TITLE = "Opvang ontheemden uit Oekraïne"
# The demo's running work needs a little more than 85 % of the juristen in 2028.
DEMO_HEADROOM = 90


def load_planning(municipality: Municipality, *, users: dict[str, Any]) -> None:
    """Create or complete the planning content; running it again changes nothing."""
    manager = users["portfoliomanager"]
    PlanningSettings.objects.update_or_create(
        municipality=municipality,
        defaults={
            "first_year": 2027,
            "first_quarter": 1,
            "horizon": 16,
            "headroom_pct": DEMO_HEADROOM,
        },
    )
    plan = _scenario(
        municipality,
        PLAN,
        "Het door het college vastgestelde portfolio: lopend werk op zijn start, "
        "wettelijke taken verplicht.",
        manager,
        based_on=None,
    )
    _ensure_run(plan, manager)
    if not PlanVersion.objects.filter(municipality=municipality).exists():
        body = DecisionBody.objects.in_municipality(municipality).order_by("order").first()
        if body is not None:
            scenario_adopt(
                scenario=plan,
                body=body,
                rationale="Vastgesteld bij de begroting 2027.",
                by=manager,
            )
    extra = _scenario(
        municipality,
        EXTRA_FTE,
        "Wat levert een extra jurist op vanaf het derde kwartaal van 2027?",
        manager,
        based_on=plan,
    )
    juristen = CapacityPool.objects.filter(municipality=municipality, code="jur").first()
    if juristen is not None:
        _lever(extra, kind=Capacity.key, pool=juristen, year=2027, quarter=3, fte=1)
    _ensure_run(extra, manager)
    no_parking = _scenario(
        municipality,
        NO_PARKING,
        "Het parkeerbeleid voor het centrum schuift door naar de volgende raadsperiode.",
        manager,
        based_on=plan,
    )
    parking = Initiative.objects.filter(
        municipality=municipality, title="Parkeerbeleid centrum"
    ).first()
    if parking is not None:
        _lever(no_parking, kind=ForceOut.key, initiative=parking)
    _ensure_run(no_parking, manager)
    credit = _scenario(
        municipality,
        MORE_CREDIT,
        "De extra jurist alleen levert niets op zolang het krediet knelt: wat als de "
        "grondexploitatie vanaf 2029 ook investeringsruimte geeft?",
        manager,
        based_on=plan,
    )
    if juristen is not None:
        _lever(credit, kind=Capacity.key, pool=juristen, year=2027, quarter=3, fte=1)
    _lever(
        credit,
        kind=Budget.key,
        budget_kind="krediet",
        amount=Decimal(2_000_000),
        year=2029,
        quarter=1,
    )
    _ensure_run(credit, manager)
    _urgency(municipality, manager)


def _scenario(
    municipality: Municipality, name: str, description: str, by: Any, based_on: Scenario | None
) -> Scenario:
    scenario, _created = Scenario.objects.get_or_create(
        municipality=municipality,
        name=name,
        defaults={
            "description": description,
            "based_on": based_on,
            "framework": published_framework(municipality.pk),
            # The backlog on the college's agenda comes along as candidates, so each run shows
            # which of them would fit and the marginal value of extra capacity names the
            # initiatives it brings in (decision 0407); the admitted plan is the same as without.
            "include_candidates": True,
            "created_by": by,
        },
    )
    return scenario


def _lever(scenario: Scenario, **values: Any) -> None:
    if "fte" in values:
        values["fte"] = Decimal(values["fte"])
    Lever.objects.get_or_create(
        municipality_id=scenario.municipality_id, scenario=scenario, **values
    )


def _ensure_run(scenario: Scenario, by: Any) -> None:
    if not scenario.runs.filter(status=RunStatus.DONE).exists():
        scenario_run_now(scenario=scenario, by=by)


def _urgency(municipality: Municipality, by: Any) -> None:
    initiative = Initiative.objects.filter(municipality=municipality, title=URGENT_TITLE).first()
    if initiative is None:
        return
    done = UrgencyRequest.objects.filter(
        municipality=municipality, initiative=initiative, status=RunStatus.DONE
    )
    if not done.exists():
        # "Binnen drie maanden": the wethouder asks for a start in the second quarter of 2027.
        urgency_request_start(initiative=initiative, by=by, year=2027, quarter=2, run_now=True)
