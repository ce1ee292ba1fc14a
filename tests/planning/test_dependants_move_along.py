"""Dependants move along: in plan drift and in the urgency options (decision 0404)."""

from __future__ import annotations

import pytest

from koersvast.planning.selectors.dependants import Link, problem_links, push_along
from koersvast.planning.selectors.drift import index_label, plan_drift
from koersvast.portfolio.choices import DependencyKind
from koersvast.portfolio.models import Dependency

from .test_plan_drift import NOW, TODAY, _planned, _quarter_start, _version

pytestmark = pytest.mark.django_db


def test_push_along_moves_dependants_transitively_and_as_little_as_needed():
    starts = {"A": 0, "B": 2, "C": 5, "D": 9}
    durations = {"A": 2, "B": 2, "C": 1, "D": 1}
    links = [Link("A", "B"), Link("B", "C", lag=1), Link("C", "D")]
    assert push_along(starts, durations, links, {"A": 2}) == {"B": 4, "C": 7}
    assert push_along(starts, durations, [Link("A", "B", together=True)], {"A": 3}) == {"B": 3}
    assert push_along(starts, durations, links, {"A": 0}) == {}


def test_problem_links_reads_after_lags_and_start_together():
    problem = {
        "initiatives": [
            {"id": "A"},
            {"id": "B", "after": ["A"], "after_lag": {"A": 2}},
            {"id": "C", "x-together": ["B"]},
        ]
    }
    assert problem_links(problem) == [Link("A", "B", 2), Link("B", "C", together=True)]


def test_drift_names_the_dependants_that_must_move_along(municipality):
    from tests.factories import MilestoneFactory

    version = _version(municipality)
    slow = _planned(version, "SLOW", "in_uitvoering", NOW - 1, NOW + 2)
    MilestoneFactory(
        initiative=slow,
        baseline_date=_quarter_start(NOW + 2),
        forecast_date=_quarter_start(NOW + 4),
    )
    after = _planned(version, "AFTER", "gepland", NOW + 3, NOW + 4)
    far = _planned(version, "FAR", "gepland", NOW + 9, NOW + 9)
    for successor, lag in ((after, 1), (far, 0)):
        Dependency.objects.create(
            municipality=municipality,
            predecessor=slow,
            successor=successor,
            kind=DependencyKind.FINISH_TO_START,
            lag_quarters=lag,
        )
    drift = plan_drift(municipality_id=municipality.pk, today=TODAY)
    row = next(r for r in drift.rows if r.reference == "SLOW")
    # SLOW now ends NOW + 4; AFTER waits one quarter more: NOW + 6. FAR is late enough.
    assert row.dependants == [("AFTER", index_label(NOW + 3), index_label(NOW + 6))]


def test_faseren_moves_what_waits_along_and_says_so(world, municipality, personas):
    from koersvast.planning.choices import UrgencyOption
    from koersvast.tenancy.choices import Role

    from .test_urgency_decisions import _request

    Dependency.objects.create(
        municipality=municipality, predecessor=world["a"], successor=world["b"]
    )
    pm = personas[Role.PORTFOLIO_MANAGER]
    # The plan has A in 2027-Q3..Q4 and B after it; Echo asks 130 project-leader hours in
    # 2027-Q3, where A takes 150 of the 180.
    request = _request(world, municipality, pm, personas, quarter=3, hours=130)
    phase = request.options[UrgencyOption.PHASE]
    assert phase.get("possible"), phase
    moved = {m["id"]: m for m in phase["moved"]}
    assert "A" in moved, phase
    assert moved["B"]["along"] == "A", phase
    later = int(moved["B"]["to"][-1]) + 4 * int(moved["B"]["to"][:4])
    a_end = int(moved["A"]["to"][-1]) + 4 * int(moved["A"]["to"][:4]) + 1  # A lasts 2 quarters
    assert later > a_end
