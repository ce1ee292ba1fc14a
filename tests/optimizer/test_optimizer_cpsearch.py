"""Constraint-propagation search for must-run work (the exact fallback of schedule generation)."""

from __future__ import annotations

import csv
import time
from pathlib import Path
from types import ModuleType
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from koersvast.optimizer import parse_problem
from koersvast.optimizer.checker import check_solution
from koersvast.optimizer.compiled import compile_problem
from koersvast.optimizer.cpsearch import CpScheduler, cp_schedule_must_run
from tests.optimizer.test_optimizer_scheduling import brute_force_feasible


@st.composite
def constant_capacity_problems(draw: st.DrawFn) -> dict[str, Any]:
    """Small all-mandatory RCPSP-like problems: constant capacity, flat or ramped demand."""
    horizon = draw(st.integers(2, 6))
    pools = ["A", "B"][: draw(st.integers(1, 2))]
    capacity = {p: draw(st.integers(2, 5)) for p in pools}
    items: list[dict[str, Any]] = []
    for i in range(draw(st.integers(1, 4))):
        duration = draw(st.integers(1, min(3, horizon)))
        demand: dict[str, Any] = {}
        for p in pools:
            if draw(st.booleans()):
                demand[p] = draw(st.integers(0, capacity[p]))
            else:
                demand[p] = [draw(st.integers(0, capacity[p])) for _ in range(duration)]
        item: dict[str, Any] = {
            "id": f"J{i}",
            "value": 1.0,
            "duration": duration,
            "demand": demand,
            "mandatory": True,
        }
        if i > 0 and draw(st.booleans()):
            item["after"] = [f"J{draw(st.integers(0, i - 1))}"]
        if draw(st.integers(0, 3)) == 0:
            item["latest_start"] = draw(st.integers(0, horizon - 1))
        items.append(item)
    return {
        "format": "koersvast.portfolio-problem/1",
        "periods": [f"T{t}" for t in range(horizon)],
        "pools": [{"id": p, "capacity": [capacity[p]] * horizon} for p in pools],
        "initiatives": items,
    }


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)
@given(constant_capacity_problems())
def test_search_is_complete_for_constant_capacity(doc: dict[str, Any]) -> None:
    c = compile_problem(parse_problem(doc))
    outcome = CpScheduler(c).search(deadline=time.perf_counter() + 30)
    expected = brute_force_feasible(doc)
    if outcome.starts is None:
        assert outcome.exhausted
        assert not expected
        return
    plan = [{"id": c.problem.initiatives[i].id, "start": s} for i, s in outcome.starts.items()]
    assert check_solution(doc, {"selected": plan, "mode": "check"}) == []
    assert expected


def test_pairs_that_cannot_overlap_are_ordered() -> None:
    # A and B each need 2 of 3 units: they can never run side by side. With the horizon at 4
    # and A taking 3 periods, B must come last, so propagation alone fixes both.
    doc = {
        "format": "koersvast.portfolio-problem/1",
        "periods": [f"T{t}" for t in range(4)],
        "pools": [{"id": "R", "capacity": [3] * 4}],
        "initiatives": [
            {"id": "A", "value": 1, "duration": 3, "demand": {"R": 2}, "mandatory": True},
            {
                "id": "B",
                "value": 1,
                "duration": 1,
                "demand": {"R": 2},
                "mandatory": True,
                "earliest_start": 1,
            },
        ],
    }
    c = compile_problem(parse_problem(doc))
    searcher = CpScheduler(c)
    assert searcher.pairs == [(0, 1)]
    es, ls = searcher.lo[:], searcher.hi[:]
    assert searcher.propagate(es, ls)
    assert (es, ls) == ([0, 3], [0, 3])


def test_search_places_a_hard_psplib_instance(bench_data: Path, converters: ModuleType) -> None:
    # j3021_5 at its optimal makespan: schedule generation often ends late, the search finds
    # it in well under a hundred nodes (a node limit keeps this test independent of speed).
    folder = bench_data / "rcpsp/j30"
    with (folder / "optimum.csv").open() as handle:
        optimum = {row["problem"]: int(row["optimum"]) for row in csv.DictReader(handle)}
    doc = converters.rcpsp_problem(folder / "j3021_5.sm", optimum["j3021_5.sm"])
    c = compile_problem(parse_problem(doc))
    starts = cp_schedule_must_run(c, deadline=time.perf_counter() + 600, max_nodes=2000)
    assert starts is not None
    plan = [{"id": c.problem.initiatives[i].id, "start": s} for i, s in starts.items()]
    assert check_solution(doc, {"selected": plan, "mode": "check"}) == []
    assert len(plan) == len(doc["initiatives"])
