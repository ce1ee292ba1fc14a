"""Who may do what in planning: manage scenarios, or record decisions on them."""

from __future__ import annotations

from koersvast.tenancy.policy import Action

MANAGE = (Action.SCENARIO_MANAGE,)


DECIDE = (Action.DECISION_RECORD, Action.SCENARIO_MANAGE)
