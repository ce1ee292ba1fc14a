"""What the planning pages share: the rights they check and show."""

from __future__ import annotations

from django.http import HttpRequest

from koersvast.tenancy.policy import can

from ..rules import DECIDE, MANAGE


def rights_of(request: HttpRequest, municipality_id: int) -> dict[str, bool]:
    return {
        "can_manage": any(can(request.user, municipality_id, a) for a in MANAGE),
        "can_decide": any(can(request.user, municipality_id, a) for a in DECIDE),
    }
