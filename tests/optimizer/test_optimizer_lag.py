"""Waiting time (wachttijd) after a predecessor: ``after_lag`` in every solver and the checker."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from koersvast.optimizer import parse_problem
from koersvast.optimizer.checker import check_solution
from koersvast.optimizer.compiled import compile_problem
from koersvast.optimizer.greedy import greedy
from koersvast.optimizer.io import ProblemFormatError

from .one_pool import checked_plan as _plan
from .one_pool import one_pool_doc
from .one_pool import one_pool_item as _item
from .test_optimizer_bruteforce import solved_as_brute_force, tiny_problems


def _doc(items: list[dict[str, Any]], horizon: int = 8, capacity: float = 20.0) -> dict[str, Any]:
    return one_pool_doc(items, horizon, capacity)


def test_lag_delays_the_successor_and_is_explained() -> None:
    doc = _doc(
        [_item("A", 5, duration=2), _item("B", 5, after=["A"], after_lag={"A": 3}, decay=0.1)]
    )
    solution, plan = _plan(doc)
    assert plan == {"A": 0, "B": 5}
    why = next(e for e in solution["explanations"] if e["id"] == "B")
    assert why["reasons"][0]["kind"] == "precedence"
    assert why["reasons"][0]["after"] == "A"
    assert why["reasons"][0]["finishes_before"] == 5


def test_lag_that_does_not_fit_the_horizon_leaves_the_successor_out() -> None:
    doc = _doc([_item("A", 5, duration=4), _item("B", 5, after=["A"], after_lag={"A": 4})])
    _solution, plan = _plan(doc)
    assert plan == {"A": 0}


def test_mandatory_successor_pulls_its_predecessor_earlier() -> None:
    doc = _doc(
        [
            _item("A", 1, duration=2, earliest_start=0),
            _item("B", 1, after=["A"], after_lag={"A": 2}, mandatory=True, latest_start=4),
        ],
        horizon=6,
    )
    compiled = compile_problem(parse_problem(doc))
    # B no earlier than 0 + 2 + 2; A no later than 4 - 2 - 2.
    assert (compiled.lo[1], compiled.hi[0]) == (4, 0)
    _solution, plan = _plan(doc)
    assert plan == {"A": 0, "B": 4}


def test_greedy_respects_the_lag() -> None:
    doc = _doc([_item("A", 5, duration=2), _item("B", 5, after=["A"], after_lag={"A": 1})])
    starts = greedy(compile_problem(parse_problem(doc)))
    assert starts[1] >= starts[0] + 3


def test_checker_refuses_a_start_inside_the_lag() -> None:
    doc = _doc([_item("A", 5, duration=2), _item("B", 5, after=["A"], after_lag={"A": 2})])
    early = {"selected": [{"id": "A", "start": 0}, {"id": "B", "start": 3}], "mode": "check"}
    assert check_solution(doc, early) == ["B: starts at 3 before A has finished and waited 2"]
    late = {"selected": [{"id": "A", "start": 0}, {"id": "B", "start": 4}], "mode": "check"}
    assert check_solution(doc, late) == []


@pytest.mark.parametrize(
    ("lags", "field"),
    [
        ({"X": 1}, "initiatives[1].after_lag.X"),
        ({"A": -1}, "initiatives[1].after_lag.A"),
        ({"A": "twee"}, "initiatives[1].after_lag.A"),
    ],
)
def test_after_lag_is_validated(lags: dict[str, Any], field: str) -> None:
    doc = _doc([_item("A", 5), _item("B", 5, after=["A"], after_lag=lags)])
    with pytest.raises(ProblemFormatError) as caught:
        parse_problem(doc)
    assert caught.value.field == field


@st.composite
def lagged_problems(draw: st.DrawFn) -> dict[str, Any]:
    doc = copy.deepcopy(draw(tiny_problems()))
    horizon = len(doc["periods"])
    for item in doc["initiatives"]:
        if item.get("after"):
            item["after_lag"] = {item["after"][0]: draw(st.integers(0, max(0, horizon - 1)))}
    return doc


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)
@given(lagged_problems())
def test_lagged_problems_match_brute_force(doc: dict[str, Any]) -> None:
    solved_as_brute_force(doc)
