"""Who may do what in planning: manage scenarios, or record decisions on them."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from koersvast.tenancy.policy import Action, can

MANAGE = (Action.SCENARIO_MANAGE,)


DECIDE = (Action.DECISION_RECORD, Action.SCENARIO_MANAGE)


def require(user: Any, municipality_id: int, actions: tuple[Action, ...]) -> None:
    if not any(can(user, municipality_id, action) for action in actions):
        raise PermissionDenied
