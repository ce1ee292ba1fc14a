"""Koersvast portfolio optimiser: select and phase initiatives under capacity.

A pure Python package (no Django). The public entry points are :func:`solve` and the JSON
format helpers in :mod:`koersvast.optimizer.io`; see ``docs/optimiser-format.md``.
"""

from __future__ import annotations

from koersvast.optimizer.io import (
    ProblemFormatError,
    dump_solution,
    load_problem,
    parse_baseline,
    parse_problem,
    solution_to_json,
)
from koersvast.optimizer.model import (
    Initiative,
    Placement,
    Pool,
    Problem,
    Progress,
    Solution,
    SolveOptions,
)
from koersvast.optimizer.modes import cost_of_yes, marginal_values, solve, what_if

__all__ = [
    "Initiative",
    "Placement",
    "Pool",
    "Problem",
    "ProblemFormatError",
    "Progress",
    "Solution",
    "SolveOptions",
    "cost_of_yes",
    "dump_solution",
    "load_problem",
    "marginal_values",
    "parse_baseline",
    "parse_problem",
    "solution_to_json",
    "solve",
    "what_if",
]
