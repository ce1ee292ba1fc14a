"""Bucketed (budget) pools: capacity that limits a sum over a group of periods, e.g. a year."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from koersvast.optimizer import (
    Placement,
    ProblemFormatError,
    SolveOptions,
    parse_problem,
    solution_to_json,
    solve,
)
from koersvast.optimizer.checker import check_solution
from koersvast.optimizer.compiled import compile_problem
from koersvast.optimizer.greedy import greedy

from .test_optimizer_bruteforce import brute_force

YEARS = [0, 0, 1, 1]  # four periods, two "years" of two periods each


def budget_doc(
    initiatives: list[dict[str, Any]], budget: list[float], hours: float = 100.0
) -> dict[str, Any]:
    return {
        "format": "koersvast.portfolio-problem/1",
        "periods": ["2027-H1", "2027-H2", "2028-H1", "2028-H2"],
        "pools": [
            {"id": "PL", "name": "Projectleiders", "capacity": hours},
            {"id": "KR", "name": "Krediet", "capacity": budget, "buckets": YEARS},
        ],
        "initiatives": initiatives,
    }


def item(item_id: str, value: float, duration: int, money: list[float], **extra: Any) -> dict:
    return {
        "id": item_id,
        "value": value,
        "duration": duration,
        "demand": {"PL": 10, "KR": money},
        **extra,
    }


def test_a_yearly_budget_limits_the_sum_over_the_year_not_each_period() -> None:
    # Each costs 60 in one period; a year holds 100, so two cannot share a year even though
    # they would fit side by side in separate periods of a per-period budget of 100.
    doc = budget_doc(
        [item("A", 10, 1, [60]), item("B", 9, 1, [60]), item("C", 8, 1, [60])],
        budget=[100, 100],
    )
    solution = solve(parse_problem(doc), SolveOptions(time_limit=5))
    document = solution_to_json(solution, parse_problem(doc))
    assert solution.status == "optimal"
    assert check_solution(doc, document) == []
    years = sorted(YEARS[p.start] for p in solution.selected)
    assert years == [0, 1]  # one per year
    assert {p.id for p in solution.selected} == {"A", "B"}
    # Utilisation of a bucketed pool is reported per bucket.
    assert document["utilisation"]["KR"] == [60.0, 60.0]
    assert len(document["utilisation"]["PL"]) == 4


def test_a_run_across_two_years_takes_its_spending_from_each_year() -> None:
    # 2 periods, 50 per period: started in H2 it spends 50 in 2027 and 50 in 2028.
    doc = budget_doc([item("A", 10, 2, [50, 50], earliest_start=1)], budget=[40, 200])
    solution = solve(parse_problem(doc), SolveOptions(time_limit=5))
    assert solution.status == "optimal"
    # 2027 holds only 40, so A must start in 2028-H1 (index 2), spending 100 in 2028.
    assert [(p.id, p.start) for p in solution.selected] == [("A", 2)]
    assert check_solution(doc, solution_to_json(solution, parse_problem(doc))) == []


def test_the_checker_counts_a_bucket_as_one_limit() -> None:
    doc = budget_doc([item("A", 1, 1, [60]), item("B", 1, 1, [60])], budget=[100, 100])
    same_year = {"selected": [{"id": "A", "start": 0}, {"id": "B", "start": 1}], "mode": "check"}
    errors = check_solution(doc, same_year)
    assert errors == ["KR 2027-H1..2027-H2: load 120 exceeds 100"]
    apart = {"selected": [{"id": "A", "start": 0}, {"id": "B", "start": 2}], "mode": "check"}
    assert check_solution(doc, apart) == []


def test_greedy_respects_the_budget() -> None:
    doc = budget_doc([item(f"I{k}", 10 - k, 1, [45]) for k in range(6)], budget=[100, 100])
    c = compile_problem(parse_problem(doc))
    starts = greedy(c)
    assert c.is_feasible(starts)
    assert len(starts) == 4  # two per year
    plan = {"selected": [{"id": f"I{i}", "start": s} for i, s in starts.items()], "mode": "x"}
    assert check_solution(doc, plan) == []


def test_left_out_for_budget_names_the_budget_and_the_year() -> None:
    doc = budget_doc(
        [item("BIG", 10, 1, [90], latest_start=1), item("LATE", 5, 1, [30], latest_start=1)],
        budget=[100, 1000],
    )
    solution = solve(parse_problem(doc), SolveOptions(time_limit=5))
    assert [p.id for p in solution.selected] == ["BIG"]
    (why,) = [e for e in solution.explanations if e["id"] == "LATE"]
    capacity = [r for r in why["reasons"] if r["kind"] == "capacity"]
    assert capacity, why
    assert capacity[0]["pool"] == "KR"
    assert capacity[0]["period"] == "2027-H1..2027-H2"
    assert capacity[0]["shortfall"] == pytest.approx(20.0)
    assert capacity[0]["used_by"] == ["BIG"]


def test_cost_of_yes_asks_for_extra_budget_per_year() -> None:
    doc = budget_doc(
        [
            item("A", 10, 1, [80], fixed_start=0),
            item("URGENT", 1, 1, [50], fixed_start=1),
        ],
        budget=[100, 100],
    )
    problem = parse_problem(doc)
    solution = solve(
        problem,
        SolveOptions(time_limit=5, yes=("URGENT",)),
        mode="cost-of-yes",
        baseline=[Placement("A", 0)],
    )
    extra = solution.extra["cost_of_yes"]["extra_capacity"]
    assert extra["KR"] == pytest.approx([30.0, 0.0])  # per year
    assert extra["PL"] == pytest.approx([0.0] * 4)


def test_infeasible_budget_names_the_year() -> None:
    doc = budget_doc(
        [
            item("A", 1, 1, [80], mandatory=True, latest_start=1),
            item("B", 1, 1, [80], mandatory=True, latest_start=1),
        ],
        budget=[100, 100],
    )
    solution = solve(parse_problem(doc), SolveOptions(time_limit=5))
    assert solution.status == "infeasible"
    (conflict,) = solution.conflicts
    assert conflict["pool"] == "KR"
    assert conflict["period"] == "2027-H1..2027-H2"
    assert conflict["shortfall"] == pytest.approx(60.0)
    assert sorted(conflict["initiatives"]) == ["A", "B"]


def test_marginal_value_of_extra_budget() -> None:
    doc = budget_doc([item(f"I{k}", 10, 1, [50]) for k in range(4)], budget=[50, 50])
    solution = solve(parse_problem(doc), SolveOptions(time_limit=5), mode="marginal")
    rows = {row["pool"]: row for row in solution.extra["marginal"]}
    # 10 % of 50 per year does not buy a second initiative; the frontier at 100 % would.
    assert rows["KR"]["extra_per_period"] == pytest.approx(5.0)
    assert rows["KR"]["value"] == pytest.approx(20.0)
    assert solution.objective == pytest.approx(20.0)


@pytest.mark.parametrize(
    ("buckets", "capacity", "message"),
    [
        ([0, 0, 1], [1, 1], "expected 4 integers (one per period), got 3"),
        ([0, 0, 2, 2], [1, 1, 1], "group consecutive periods"),
        ([1, 1, 2, 2], [1, 1], "buckets must start at 0"),
        ([0, 0, 1, 1], [1, 1, 1, 1], "expected 2 numbers (one per period of the buckets), got 4"),
        ("year", [1, 1], "expected a list of integers, one per period"),
    ],
)
def test_malformed_buckets_name_the_field(buckets: Any, capacity: Any, message: str) -> None:
    doc = budget_doc([], budget=[1, 1])
    doc["pools"][1]["buckets"] = buckets
    doc["pools"][1]["capacity"] = capacity
    with pytest.raises(ProblemFormatError) as error:
        parse_problem(doc)
    assert str(error.value).startswith("pools[1].")
    assert message in str(error.value)


def test_a_budget_profile_may_run_on_after_the_work() -> None:
    # A runs one period but costs 60 in the year after as well (kapitaallasten): B, costing 60
    # in 2028, no longer fits next to it.
    doc = budget_doc(
        [item("A", 10, 1, [0, 0, 60, 0], latest_start=0), item("B", 9, 1, [60], earliest_start=2)],
        budget=[100, 100],
    )
    problem = parse_problem(doc)
    assert problem.initiative("A").demand["KR"] == (0.0, 0.0, 60.0, 0.0)
    solution = solve(problem, SolveOptions(time_limit=5))
    document = solution_to_json(solution, problem)
    assert [p.id for p in solution.selected] == ["A"]
    assert check_solution(doc, document) == []
    reasons = next(e for e in document["explanations"] if e["id"] == "B")["reasons"]
    assert reasons[0]["kind"] == "capacity" and reasons[0]["pool"] == "KR"


def test_a_tail_is_clipped_at_the_end_of_the_horizon() -> None:
    # Started in the last period, only the first entry of A's tail is inside the horizon.
    doc = budget_doc([item("A", 10, 1, [50, 80, 80], earliest_start=3)], budget=[100, 100])
    problem = parse_problem(doc)
    compiled = compile_problem(problem)
    footprint = compiled.footprint(0, 3)
    assert footprint.amounts.tolist() == [50.0]
    solution = solve(problem, SolveOptions(time_limit=5))
    assert [(p.id, p.start) for p in solution.selected] == [("A", 3)]
    assert check_solution(doc, solution_to_json(solution, problem)) == []
    # The checker clips it the same way: a placement with the tail over the budget is refused.
    assert check_solution(doc, {"selected": [{"id": "A", "start": 1}], "mode": "check"}) != []


def test_a_tail_longer_than_the_horizon_or_on_a_plain_pool_is_refused() -> None:
    with pytest.raises(ProblemFormatError, match="at most 4 numbers"):
        parse_problem(budget_doc([item("A", 1, 1, [1, 1, 1, 1, 1])], budget=[9, 9]))
    doc = budget_doc([item("A", 1, 1, [1])], budget=[9, 9])
    doc["initiatives"][0]["demand"]["PL"] = [1, 1]
    with pytest.raises(ProblemFormatError, match="expected 1 numbers"):
        parse_problem(doc)


@st.composite
def budget_problems(draw: st.DrawFn) -> dict[str, Any]:
    horizon = draw(st.integers(2, 4))
    n = draw(st.integers(1, 4))
    buckets = [t // 2 for t in range(horizon)]
    items = []
    for i in range(n):
        duration = draw(st.integers(1, horizon))
        entry: dict[str, Any] = {
            "id": f"I{i}",
            "value": draw(st.integers(0, 20)),
            "duration": duration,
            "demand": {
                "H": [draw(st.integers(0, 6)) for _ in range(duration)],
                # Sometimes the money runs on after the work (kapitaallasten): a tail.
                "EUR": [
                    draw(st.integers(0, 6))
                    for _ in range(duration + draw(st.integers(0, horizon - duration)))
                ],
            },
            "earliest_start": draw(st.integers(0, horizon - 1)),
            "decay": draw(st.sampled_from([0.0, 0.0, 0.2])),
        }
        if i > 0 and draw(st.integers(0, 3)) == 0:
            entry["after"] = [f"I{draw(st.integers(0, i - 1))}"]
        if draw(st.integers(0, 5)) == 0:
            entry["mandatory"] = True
        items.append(entry)
    return {
        "format": "koersvast.portfolio-problem/1",
        "periods": [f"T{t}" for t in range(horizon)],
        "pools": [
            {"id": "H", "capacity": [draw(st.integers(0, 10)) for _ in range(horizon)]},
            {
                "id": "EUR",
                "capacity": [draw(st.integers(0, 12)) for _ in range(buckets[-1] + 1)],
                "buckets": buckets,
            },
        ],
        "initiatives": items,
    }


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)
@given(budget_problems())
def test_budget_problems_match_brute_force(doc: dict[str, Any]) -> None:
    problem = parse_problem(doc)
    solution = solve(problem, SolveOptions(time_limit=5, gap=1e-9))
    expected = brute_force(doc)
    if expected is None:
        assert solution.status == "infeasible"
        assert solution.conflicts
        return
    assert solution.status == "optimal"
    assert check_solution(doc, solution_to_json(solution, problem)) == []
    assert solution.objective == pytest.approx(expected, abs=1e-6)
