"""The one bridge between the municipality's models and the pure optimiser.

`build_problem` turns pools, capacity, initiatives, demand, priority scores and a scenario's
levers into a `koersvast.portfolio-problem/1` document; `solve_plan`, `solve_whatif` and
`solve_cost_of_yes` run the optimiser on such a document and return the solution document;
`check` runs the optimiser's independent feasibility checker. No other module of Koersvast
imports `koersvast.optimizer` (see docs/decisions/0401-planning-scenarios.md), except
`planning/documents.py` for the names of the documents' extension keys
(`optimizer/extensions.py`, constants only).

The bridge is one interface with several parts (problem, initiatives, budget pools, months,
solving), so this package re-exports what callers use: `translate.build_problem(...)`.
"""

from .base import Translation, TranslationError
from .budget import BUDGET_PREFIX, budget_pool_id, is_budget_pool, year_buckets
from .initiatives import initiative_id
from .months import split_into_months
from .problem import (
    PROBLEM_FORMAT,
    apply_value_density,
    build_problem,
    demand_hours,
    pools_json,
    settings_for,
)
from .solve import (
    ProgressHook,
    check,
    solve_cost_of_yes,
    solve_plan,
    solve_whatif,
    solve_with_extra,
    value_of,
    with_extra_capacity,
)

__all__ = [
    "BUDGET_PREFIX",
    "PROBLEM_FORMAT",
    "ProgressHook",
    "Translation",
    "TranslationError",
    "apply_value_density",
    "budget_pool_id",
    "build_problem",
    "check",
    "demand_hours",
    "initiative_id",
    "is_budget_pool",
    "pools_json",
    "settings_for",
    "solve_cost_of_yes",
    "solve_plan",
    "solve_whatif",
    "solve_with_extra",
    "split_into_months",
    "value_of",
    "with_extra_capacity",
    "year_buckets",
]
