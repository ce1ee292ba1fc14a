"""What the planning pages share: the rights they check and show."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from koersvast.tenancy.policy import Action, can

from ..rules import DECIDE, MANAGE


def ensure_may(request: HttpRequest, municipality_id: int, actions: tuple[Action, ...]) -> None:
    if not any(can(request.user, municipality_id, action) for action in actions):
        raise PermissionDenied


def rights_of(request: HttpRequest, municipality_id: int) -> dict[str, bool]:
    return {
        "can_manage": any(can(request.user, municipality_id, a) for a in MANAGE),
        "can_decide": any(can(request.user, municipality_id, a) for a in DECIDE),
    }
