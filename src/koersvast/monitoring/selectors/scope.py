"""The scope filters monitoring lists share with the portfolio list and the dashboard."""

from __future__ import annotations

from django.db.models import (
    Q,
)

from koersvast.portfolio.selectors import scope_q

#: Scope filters shared with the portfolio list and the dashboard (see portfolio.scope_q).
SCOPE_KEYS = ("domain", "programme", "opgave", "owner", "period")


def scope(filters: dict[str, str] | None, prefix: str = "") -> Q:
    return scope_q(filters or {}, prefix)
