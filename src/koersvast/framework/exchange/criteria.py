"""The entry criteria a framework file carries: they live in the intake app (which builds on
this one), so they are exported, validated and written through it, imported lazily."""

from __future__ import annotations

from typing import Any

from koersvast.tenancy.models import Municipality

from .document import _Checker


def criteria_export(municipality: Municipality) -> list[dict[str, Any]]:
    # Entry criteria live in the intake app (which builds on this one): imported lazily.
    from koersvast.intake.exchange import criteria_export as export

    return export(municipality)


def criteria_validate(
    check: _Checker, document: dict[str, Any], municipality: Municipality
) -> list[dict[str, Any]]:
    from koersvast.intake.exchange import criteria_validate as validate

    return validate(check, document, municipality)


def criteria_write(municipality: Municipality, items: list[dict[str, Any]]) -> int:
    from koersvast.intake.exchange import criteria_write as write

    return write(municipality, items)
