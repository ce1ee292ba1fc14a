"""The bounds the optimiser reports are upper bounds: never below the brute-force optimum.

The plan's reported bound is the best of the LP bound, the MILP bound and the value ceiling
(decision 0101); each is checked on its own, and the bound of a solve cut short (one node, no
LNS) where the MILP has not proven anything.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings

from koersvast.optimizer import SolveOptions, parse_problem, solve
from koersvast.optimizer.compiled import compile_problem
from koersvast.optimizer.heuristics import lp_relaxation
from koersvast.optimizer.milp import build
from koersvast.optimizer.planner import value_ceiling
from tests.optimizer.test_optimizer_bruteforce import brute_force, tiny_problems


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)
@given(tiny_problems())
def test_every_bound_is_at_least_the_optimum(doc: dict[str, Any]) -> None:
    optimum = brute_force(doc)
    if optimum is None:
        return  # infeasible: no bound to compare
    slack = 1e-6 * max(1.0, optimum)
    problem = parse_problem(doc)
    c = compile_problem(problem)
    assert value_ceiling(c) >= optimum - slack
    model = build(c)
    lp = lp_relaxation(model, 5.0)
    # No LP without a single start to choose (HiGHS calls the model empty, not optimal).
    assert lp is not None or model.num_x == 0
    assert lp is None or lp.bound >= optimum - slack
    short = solve(problem, SolveOptions(time_limit=5.0, node_limit=1, use_lns=False, workers=1))
    assert short.bound is not None and short.objective is not None
    assert short.objective <= optimum + slack <= short.bound + 2 * slack
