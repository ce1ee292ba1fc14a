"""Large-neighbourhood search with small sub-problems (the free initiatives only)."""

from __future__ import annotations

import random
import time
from types import ModuleType

from koersvast.optimizer import SolveOptions, parse_problem
from koersvast.optimizer.checker import check_solution
from koersvast.optimizer.compiled import compile_problem
from koersvast.optimizer.greedy import greedy
from koersvast.optimizer.heuristics import lns
from koersvast.optimizer.milp import build, run
from koersvast.optimizer.submip import sub_problem


def test_sub_problems_keep_every_rule(generator: ModuleType) -> None:
    # Running, mandatory, precedence, exclusive groups and decay all occur in this instance;
    # whatever the neighbourhood, the recombined plan passes the independent checker and is
    # worth at least the plan it started from (its own placement of the free part is allowed).
    doc = generator.generate(80, seed=2, pools=5, periods=10)
    c = compile_problem(parse_problem(doc))
    plan = greedy(c)
    assert c.is_feasible(plan)
    rng = random.Random(7)
    options = SolveOptions(node_limit=200)
    for round_ in range(12):
        chosen = rng.sample(range(c.size), 15)
        if round_ % 3 == 0:  # include a chain of precedence now and then
            chosen += [i for i in range(c.size) if c.preds[i]][:3]
        free = set(chosen)
        sub = sub_problem(c, plan, free)
        assert sub is not None
        model = build(sub)
        warm = {i: s for i, s in plan.items() if i in free}
        result = run(model, options, time_limit=60, warm=model.vector(warm))
        assert result.starts is not None
        assert set(result.starts) <= free
        combined = {i: s for i, s in plan.items() if i not in free} | result.starts
        selected = [{"id": c.problem.initiatives[i].id, "start": s} for i, s in combined.items()]
        assert check_solution(doc, {"selected": selected, "mode": "check"}) == []
        assert c.objective(combined) >= c.objective(plan) - 1e-6
        plan = combined


def test_lns_with_sub_problems_never_loses_value(generator: ModuleType) -> None:
    doc = generator.generate(150, seed=3)
    c = compile_problem(parse_problem(doc))
    start = greedy(c)
    model = build(c)
    origin = time.perf_counter()
    state = lns(
        model,
        start,
        SolveOptions(node_limit=200),
        deadline=origin + 600,
        origin=origin,
        max_iterations=8,
        small_subproblems=True,
    )
    assert c.is_feasible(state.starts)
    assert state.iterations == 8
    assert state.objective >= c.objective(start)
    selected = [{"id": c.problem.initiatives[i].id, "start": s} for i, s in state.starts.items()]
    assert check_solution(doc, {"selected": selected, "mode": "check"}) == []
