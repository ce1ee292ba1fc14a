"""Defaults of the planning app (planning start, horizon, headroom, solver limits)."""

from __future__ import annotations

DEFAULT_FIRST_YEAR = 2027
DEFAULT_FIRST_QUARTER = 1
DEFAULT_HORIZON = 16  # quarters: a council term
DEFAULT_HEADROOM_PCT = 85

# Value of an initiative without a priority score under the published framework: small, so it
# only fills capacity nobody else needs; the result page warns about it.
UNSCORED_VALUE = 5.0

# Solver limits. The node limit makes runs reproducible while it, not the clock, ends them; the
# time limit binds every phase (a run never takes longer; docs/performance.md, optimiser round 6).
TIME_LIMIT_SECONDS = 2.0
NODE_LIMIT = 2000

# Initiatives taken into the plan: admitted, planned and running.
PLANNED_STATES = ("opgenomen", "gepland", "in_uitvoering")
RUNNING_STATE = "in_uitvoering"
# Paused running work: in the plan with its actual start, its demand released from the first
# quarter that starts on or after its pause date (decision 0403).
PAUSED_STATE = "gepauzeerd"
# Candidates from the backlog (decision 0407): assessed initiatives on a decision agenda,
# awaiting admission. A scenario that includes them plans them next to the admitted work,
# optionally and marked as candidates; adopting the plan never admits them.
CANDIDATE_STATES = ("besluitvorming",)

# Value density: an initiative's value per 100 demand hours, counting at least this many hours.
DENSITY_MIN_HOURS = 100.0
# The warning that value scores are too flat for the sizes: coefficients of variation.
DENSITY_VALUE_CV_BELOW = 0.25
DENSITY_SIZE_CV_ABOVE = 1.0

# Marginal value and efficient frontier: extra FTE per step, and a limit per re-solve (each
# starts from the run's plan; about 12 s for the demo's analysis, docs/performance.md).
FRONTIER_STEPS_FTE = (0.0, 0.5, 1.0, 2.0, 3.0)
MARGINAL_TIME_LIMIT_SECONDS = 1.0

# A queued or running job older than this was lost (its worker was killed): mark it failed.
STALE_JOB_MINUTES = 30
