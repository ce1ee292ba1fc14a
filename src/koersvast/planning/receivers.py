"""Planning's reactions to what happens elsewhere (connected in PlanningConfig.ready)."""

from __future__ import annotations

from typing import Any

from koersvast.portfolio.choices import LifecycleState
from koersvast.portfolio.models import Initiative


def prepare_urgency_options(
    sender: Any, *, initiative: Initiative, target: str, by: Any, **kwargs: Any
) -> None:
    """An urgent initiative was submitted: start computing niet doen · faseren · extra middelen."""
    if target != LifecycleState.SUBMITTED:
        return
    from .services.urgency import urgency_request_on_submission

    urgency_request_on_submission(initiative=initiative, by=by)


def refresh_urgency_options(sender: Any, *, initiative: Initiative, **kwargs: Any) -> None:
    """An initiative was scored: its undecided urgency options were computed with its old value
    (before a first score, a placeholder), so they are computed again, in the same request."""
    from .services.urgency import urgency_requests_refresh

    urgency_requests_refresh(initiative=initiative)
