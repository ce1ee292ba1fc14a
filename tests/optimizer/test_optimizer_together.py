"""Start-together groups (samen starten, ``together_with``): all or none of a group is
selected, all at one start, in every solver path and the independent checker."""

from __future__ import annotations

import copy
import random
import time
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from koersvast.optimizer import SolveOptions, cpsat, parse_problem, solve
from koersvast.optimizer.checker import check_solution
from koersvast.optimizer.compiled import compile_problem
from koersvast.optimizer.greedy import greedy
from koersvast.optimizer.heuristics import _neighbourhood, lns, polish
from koersvast.optimizer.io import ProblemFormatError
from koersvast.optimizer.milp import build, run
from koersvast.optimizer.parallel import problem_document
from koersvast.optimizer.scheduling import SerialScheduler, schedule_must_run
from koersvast.optimizer.submip import sub_problem

from .one_pool import checked_plan as _plan
from .one_pool import one_pool_doc
from .one_pool import one_pool_item as _item
from .test_optimizer_bruteforce import brute_force, solved_as_brute_force, tiny_problems
from .test_optimizer_cpsat import _plan as _worker_plan
from .test_optimizer_cpsat import _through_worker
from .test_optimizer_scheduling import brute_force_feasible


def _doc(items: list[dict[str, Any]], horizon: int = 6, capacity: float = 2.0) -> dict[str, Any]:
    return one_pool_doc(items, horizon, capacity)


def _ids(doc: dict[str, Any], starts: dict[int, int]) -> dict[str, int]:
    return {doc["initiatives"][i]["id"]: s for i, s in starts.items()}


def _checked(doc: dict[str, Any], starts: dict[int, int]) -> list[str]:
    selected = [{"id": k, "start": s} for k, s in _ids(doc, starts).items()]
    return check_solution(doc, {"selected": selected, "mode": "check"})


# ---------------------------------------------------------------------- format and compile
def test_together_with_is_read_validated_and_written_for_the_workers() -> None:
    doc = _doc([_item("A", 5), _item("B", 5, together_with=["A"])])
    problem = parse_problem(doc)
    assert problem.initiative("B").together_with == ("A",)
    written = problem_document(compile_problem(problem))
    assert written["initiatives"][1]["together_with"] == ["A"]
    for mates, field in ((["X"], "initiatives[1].together_with[0]"), (["B"], None)):
        bad = _doc([_item("A", 5), _item("B", 5, together_with=mates)])
        with pytest.raises(ProblemFormatError) as caught:
            parse_problem(bad)
        assert caught.value.field == (field or "initiatives[1].together_with[0]")
    with pytest.raises(ProblemFormatError):
        parse_problem(_doc([_item("A", 5), _item("B", 5, together_with="A")]))


def test_compile_shares_the_window_and_must_run_over_the_group() -> None:
    doc = _doc(
        [
            _item("A", 5, earliest_start=1, latest_start=4),
            _item("B", 5, earliest_start=2, together_with=["C"]),
            _item("C", 5, latest_start=3, mandatory=True, together_with=["A"]),
            _item("D", 5),
        ]
    )
    c = compile_problem(parse_problem(doc))
    assert c.teams == [[0, 1, 2]]
    assert c.team == [0, 0, 0, -1]
    assert [(c.lo[i], c.hi[i]) for i in range(3)] == [(2, 3)] * 3
    assert c.must[:3] == [True, True, True]
    assert not c.must[3]


def test_a_group_whose_member_waits_for_another_can_never_start() -> None:
    doc = _doc([_item("A", 5, duration=2), _item("B", 5, after=["A"], together_with=["A"])])
    c = compile_problem(parse_problem(doc))
    assert c.hi[0] < c.lo[0] and c.hi[1] < c.lo[1]
    _solution, plan = _plan(doc)
    assert plan == {}


def test_a_predecessor_of_one_member_delays_the_whole_group() -> None:
    doc = _doc(
        [_item("P", 1, duration=2), _item("A", 5, after=["P"]), _item("B", 5, together_with=["A"])]
    )
    c = compile_problem(parse_problem(doc))
    assert (c.lo[1], c.lo[2]) == (2, 2)
    _solution, plan = _plan(doc)
    assert plan["A"] == plan["B"] >= 2


# ---------------------------------------------------------------------- MILP and LP
def test_milp_starts_the_group_in_one_period() -> None:
    # A would start at 0, but B may only start from 3 on: both start at 3.
    doc = _doc([_item("A", 5, decay=0.1), _item("B", 5, earliest_start=3, together_with=["A"])])
    _solution, plan = _plan(doc)
    assert plan["A"] == plan["B"] == 3


def test_milp_takes_all_or_none() -> None:
    # B asks more than the pool holds: A, worth much on its own, stays out with it.
    doc = _doc([_item("A", 10), {**_item("B", 1, together_with=["A"]), "demand": {"PL": 3}}])
    solution, plan = _plan(doc)
    assert plan == {}
    why = {e["id"]: e for e in solution["explanations"]}["A"]
    assert {"kind": "together", "with": ["B"], "selected": False} in why["reasons"]


def test_group_capacity_is_combined() -> None:
    # Capacity 2 per period: the group of three never fits in one period.
    items = [_item("A", 5), _item("B", 5, together_with=["A"]), _item("C", 5, together_with=["B"])]
    _solution, plan = _plan(_doc(items, horizon=3))
    assert plan == {}
    # With capacity 3 it does, together.
    _solution, plan = _plan(_doc(items, horizon=3, capacity=3))
    assert len(set(plan.values())) == 1 and len(plan) == 3


def test_lp_relaxation_respects_the_group() -> None:
    from koersvast.optimizer.heuristics import lp_relaxation

    doc = _doc([_item("A", 10), {**_item("B", 1, together_with=["A"]), "demand": {"PL": 3}}])
    c = compile_problem(parse_problem(doc))
    model = build(c)
    lp = lp_relaxation(model, 5.0)
    assert lp is not None
    # Even fractionally, A starts in a period exactly as much as B does.
    for t in range(c.horizon):
        assert lp.values[model.column(0, t)] == pytest.approx(lp.values[model.column(1, t)])
    assert lp.bound <= 11 + 1e-3


def test_a_delayed_member_names_its_partner() -> None:
    doc = _doc([_item("A", 5, decay=0.1), _item("B", 5, earliest_start=2, together_with=["A"])])
    solution, plan = _plan(doc)
    assert plan == {"A": 2, "B": 2}
    why = {e["id"]: e for e in solution["explanations"]}["A"]
    assert {"kind": "together", "with": ["B"], "selected": True} in why["reasons"]


# ---------------------------------------------------------------------- heuristics
def test_greedy_places_the_group_as_a_block() -> None:
    doc = _doc(
        [
            _item("X", 9, duration=2),
            _item("A", 5),
            {**_item("B", 4, together_with=["A"]), "demand": {"PL": 2}},
        ],
        capacity=3,
    )
    c = compile_problem(parse_problem(doc))
    starts = greedy(c)
    assert _checked(doc, starts) == []
    assert starts[1] == starts[2] == 2  # after X, where both fit at once


def test_greedy_with_a_fixed_partner_uses_its_start_or_leaves_the_other_out() -> None:
    doc = _doc([_item("A", 5), _item("B", 4, together_with=["A"])])
    c = compile_problem(parse_problem(doc))
    assert greedy(c, fixed={0: 3}) == {0: 3, 1: 3}
    assert greedy(c, allowed=[False, True]) == {}


def test_polish_moves_the_group_as_a_block() -> None:
    doc = _doc([_item("A", 5, decay=0.1), _item("B", 5, together_with=["A"], decay=0.1)])
    c = compile_problem(parse_problem(doc))
    assert polish(c, {0: 3, 1: 3}) == {0: 0, 1: 0}


def test_neighbourhoods_free_whole_groups() -> None:
    items = [_item(f"I{k}", 5) for k in range(12)]
    items[5]["together_with"] = ["I11"]
    doc = _doc(items, horizon=4, capacity=4)
    c = compile_problem(parse_problem(doc))
    rng = random.Random(1)
    for _ in range(30):
        free = _neighbourhood("random", c, build(c), {}, None, 3, rng)
        assert (5 in free) == (11 in free)


def test_sub_problem_keeps_a_kept_partners_start() -> None:
    doc = _doc([_item("A", 5), _item("B", 5, together_with=["A"]), _item("C", 1)])
    c = compile_problem(parse_problem(doc))
    sub = sub_problem(c, {0: 2, 1: 2, 2: 0}, {1, 2})
    assert sub is not None
    assert (sub.lo[1], sub.hi[1], sub.must[1]) == (2, 2, True)
    # A partner left out of the plan keeps the free one out.
    sub = sub_problem(c, {2: 0}, {1, 2})
    assert sub is not None and sub.hi[1] < sub.lo[1]
    # Both free: one group in the sub-MIP, solved exactly.
    sub = sub_problem(c, {2: 0}, {0, 1})
    assert sub is not None and sub.teams == [[0, 1]]
    result = run(build(sub), SolveOptions(time_limit=5), time_limit=5)
    assert result.starts is not None and result.starts[0] == result.starts[1]


@pytest.mark.parametrize("small", [False, True])
def test_lns_keeps_groups_together(small: bool) -> None:
    rng = random.Random(7)
    items = []
    for k in range(30):
        item = _item(f"I{k}", rng.randint(1, 20), duration=rng.randint(1, 3), decay=0.05)
        item["demand"] = {"PL": rng.randint(1, 3)}
        if k % 5 == 4:
            item["together_with"] = [f"I{k - 1}", f"I{k - 3}"]
        items.append(item)
    doc = _doc(items, horizon=8, capacity=6)
    c = compile_problem(parse_problem(doc))
    model = build(c)
    first = greedy(c)
    assert _checked(doc, first) == []
    state = lns(
        model,
        first,
        SolveOptions(time_limit=5, node_limit=50),
        deadline=time.perf_counter() + 3,
        origin=time.perf_counter(),
        max_iterations=8,
        small_subproblems=small,
        start_size=8,
    )
    assert _checked(doc, state.starts) == []
    assert state.objective >= c.objective(first) - 1e-9


# ---------------------------------------------------------------------- must-run scheduling
def _must_doc() -> dict[str, Any]:
    # R has room for two jobs per period; A and B must start together, C runs first.
    items = [
        {"id": "C", "value": 1, "duration": 2, "demand": {"PL": 1}, "mandatory": True},
        {"id": "A", "value": 1, "duration": 2, "demand": {"PL": 1}, "mandatory": True},
        {
            "id": "B",
            "value": 1,
            "duration": 1,
            "demand": {"PL": 1},
            "mandatory": True,
            "after": ["C"],
            "together_with": ["A"],
        },
    ]
    return _doc(items, horizon=5, capacity=2)


def test_schedule_generation_places_the_group_as_a_block() -> None:
    doc = _must_doc()
    c = compile_problem(parse_problem(doc))
    scheduler = SerialScheduler(c)
    for order in ([0, 1, 2], [1, 2, 0], [2, 1, 0]):
        starts = scheduler.forward(order)
        assert starts is not None and starts[1] == starts[2] >= 2
        late = scheduler.backward(starts, 0)
        assert late is not None and late[1] == late[2]
    found = schedule_must_run(c, seed=0, deadline=time.perf_counter() + 5, max_schedules=50)
    assert found is not None and _checked(doc, found) == []
    # D waits for A, whose group waits for C: both are deferred until C is placed.
    doc["initiatives"].append(
        {"id": "D", "value": 1, "duration": 1, "demand": {"PL": 1}, "mandatory": True}
    )
    doc["initiatives"][3]["after"] = ["A"]
    doc["periods"].append("P5")
    doc["pools"][0]["capacity"].append(2)
    c = compile_problem(parse_problem(doc))
    starts = SerialScheduler(c).forward([1, 3, 0, 2])
    assert starts is not None and _checked(doc, starts) == []


@st.composite
def together_problems(draw: st.DrawFn) -> dict[str, Any]:
    doc = copy.deepcopy(draw(tiny_problems()))
    items = doc["initiatives"]
    for i, item in enumerate(items):
        if i > 0 and draw(st.integers(0, 2)) == 0:
            item["together_with"] = [f"I{draw(st.integers(0, i - 1))}"]
    return doc


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)
@given(together_problems())
def test_together_problems_match_brute_force(doc: dict[str, Any]) -> None:
    solution = solved_as_brute_force(doc)
    if solution.status == "infeasible":
        assert solution.conflicts
        return
    c = compile_problem(parse_problem(doc))
    for starts in (greedy(c), polish(c, greedy(c))):
        if all(i in starts for i in range(c.size) if c.must[i]):
            assert _checked(doc, starts) == []


def _random_together_schedule(rng: random.Random) -> dict[str, Any]:
    horizon = rng.randint(2, 5)
    items: list[dict[str, Any]] = []
    for i in range(rng.randint(2, 4)):
        duration = rng.randint(1, min(3, horizon))
        item: dict[str, Any] = {
            "id": f"J{i}",
            "value": float(rng.randint(1, 9)),
            "duration": duration,
            "demand": {"A": [rng.choice([0, 1, 2]) for _ in range(duration)]},
            "mandatory": rng.random() < 0.6,
        }
        if i and rng.random() < 0.3:
            item["after"] = [f"J{rng.randrange(i)}"]
        elif i and rng.random() < 0.6:
            item["together_with"] = [f"J{rng.randrange(i)}"]
        items.append(item)
    return {
        "format": "koersvast.portfolio-problem/1",
        "periods": [f"T{t}" for t in range(horizon)],
        "pools": [{"id": "A", "capacity": [rng.choice([2, 3]) for _ in range(horizon)]}],
        "initiatives": items,
    }


@pytest.mark.skipif(not cpsat.available(), reason="OR-Tools is not installed")
def test_cpsat_models_keep_groups_together() -> None:
    rng = random.Random(11)
    docs = [_random_together_schedule(rng) for _ in range(30)]
    requests: list[dict[str, Any]] = []
    kinds: list[tuple[str, dict[str, Any]]] = []
    for doc in docs:
        must = copy.deepcopy(doc)
        for item in must["initiatives"]:
            item["mandatory"] = True
        c_must = compile_problem(parse_problem(must))
        c_all = compile_problem(parse_problem(doc))
        for direction in ("forward", "backward"):
            request = cpsat.schedule_request(
                c_must, cpsat.must_run_items(c_must), time_limit=20.0, seed=0
            )
            requests.append({**request, "directions": [direction]})
            kinds.append(("schedule", must))
        select = cpsat.select_request(c_all, cpsat.selectable_items(c_all), time_limit=20.0, seed=0)
        requests.append(select)
        kinds.append(("select", doc))
    for (kind, doc), lines in zip(kinds, _through_worker(requests), strict=True):
        c = compile_problem(parse_problem(doc))
        items = cpsat.must_run_items(c) if kind == "schedule" else cpsat.selectable_items(c)
        solutions = [line for line in lines if line["event"] == "solution"]
        if kind == "schedule":
            assert bool(solutions) == brute_force_feasible(doc), doc
        if solutions:
            plan = _worker_plan(c, items, solutions[-1]["starts"])
            errors = check_solution(doc, {"selected": plan, "mode": "check"})
            # (select leaves out must-run work without a start; the parent rejects that plan)
            assert [e for e in errors if "mandatory but not selected" not in e] == [], doc
            if kind == "select" and lines[-1]["status"] == "optimal" and not errors:
                best = brute_force(doc)
                assert best is not None
                value = sum(c.start_value(c.index[p["id"]], p["start"]) for p in plan)
                assert abs(value - best) <= 1e-6 * max(1.0, best)


# ---------------------------------------------------------------------- checker
def test_checker_refuses_a_group_started_apart_or_split() -> None:
    doc = _doc([_item("A", 5), _item("B", 5, together_with=["A"]), _item("C", 5)])
    apart = {"selected": [{"id": "A", "start": 0}, {"id": "B", "start": 1}], "mode": "check"}
    assert check_solution(doc, apart) == ["A: starts at 0, its together partner B at 1"]
    split = {"selected": [{"id": "B", "start": 0}, {"id": "C", "start": 0}], "mode": "check"}
    assert check_solution(doc, split) == ["B: starts together with A, which is not selected"]
    ok = {"selected": [{"id": "A", "start": 2}, {"id": "B", "start": 2}], "mode": "check"}
    assert check_solution(doc, ok) == []
    assert check_solution(doc, {"selected": [{"id": "C", "start": 1}], "mode": "check"}) == []


def test_a_mandatory_group_that_cannot_start_together_is_a_named_conflict() -> None:
    doc = _doc(
        [
            _item("A", 5, latest_start=1, mandatory=True),
            _item("B", 5, earliest_start=3, together_with=["A"]),
        ]
    )
    solution = solve(parse_problem(doc), SolveOptions(time_limit=5))
    assert solution.status == "infeasible"
    assert any(
        "together with B" in conflict["message"] and "B" in conflict["initiatives"]
        for conflict in solution.conflicts
    )


def test_internal_check_agrees() -> None:
    doc = _doc([_item("A", 5), _item("B", 5, together_with=["A"])])
    c = compile_problem(parse_problem(doc))
    assert c.is_feasible({0: 1, 1: 1})
    assert c.is_feasible({})
    assert not c.is_feasible({0: 1, 1: 2})
    assert not c.is_feasible({0: 1})


def test_cp_search_keeps_groups_together() -> None:
    from koersvast.optimizer.cpsearch import CpScheduler

    doc = _must_doc()
    c = compile_problem(parse_problem(doc))
    outcome = CpScheduler(c).search(deadline=time.perf_counter() + 5)
    assert outcome.starts is not None
    assert _checked(doc, outcome.starts) == []
    assert outcome.starts[1] == outcome.starts[2]
    # Capacity 1: C, A and B never fit; the search says so (no proof is claimed with groups).
    tight = _must_doc()
    tight["pools"][0]["capacity"] = [1] * 5
    c = compile_problem(parse_problem(tight))
    assert CpScheduler(c).search(deadline=time.perf_counter() + 5).starts is None
    assert schedule_must_run(c, seed=0, deadline=time.perf_counter() + 5, max_schedules=20) is None


def test_must_run_searches_on_random_groups_are_sound() -> None:
    from koersvast.optimizer.cpsearch import CpScheduler

    rng = random.Random(5)
    for _ in range(60):
        doc = _random_together_schedule(rng)
        for item in doc["initiatives"]:
            item["mandatory"] = True
        c = compile_problem(parse_problem(doc))
        expected = brute_force_feasible(doc)
        outcome = CpScheduler(c).search(deadline=time.perf_counter() + 5)
        found = schedule_must_run(c, seed=0, deadline=time.perf_counter() + 5, max_schedules=50)
        for starts in (outcome.starts, found):
            if starts is not None:
                assert _checked(doc, starts) == [], doc
        if not expected:
            assert outcome.starts is None and found is None


def test_cost_of_yes_fits_the_partners_too() -> None:
    from koersvast.optimizer.modes import _closure

    doc = _doc([_item("A", 5), _item("B", 5, together_with=["A"], after=["C"]), _item("C", 1)])
    problem = parse_problem(doc)
    assert _closure(problem, ["A"], set()) == {"A", "B", "C"}
    assert _closure(problem, ["A"], {"C"}) == {"A", "B"}
