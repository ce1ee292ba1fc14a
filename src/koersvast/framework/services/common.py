"""The checks every write of the afwegingskader shares: the right to manage, a draft that may
still change, and weights with four decimals."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from koersvast.tenancy.policy import Action, require

from ..models import Framework

WEIGHT_PLACES = Decimal("0.0001")


# --- Guards ---------------------------------------------------------------------------------


def check_may_manage(by: Any, municipality_id: int) -> None:
    if by is not None:  # None: the demo and imports by the operator
        message = _("Alleen een portfoliomanager mag het afwegingskader wijzigen.")
        require(by, municipality_id, Action.FRAMEWORK_MANAGE, message=message)


def check_draft(framework: Framework) -> None:
    if not framework.is_draft:
        raise ValidationError(
            _(
                "Versie %(version)s van ‘%(name)s’ is vastgesteld en kan niet meer worden "
                "gewijzigd. Maak een nieuwe versie om wijzigingen voor te bereiden."
            )
            % {"version": framework.version, "name": framework.name},
            code="published",
        )


def check_editable(framework: Framework, by: Any) -> None:
    check_may_manage(by, framework.municipality_id)
    check_draft(framework)


def quantize_weight(value: Decimal | float) -> Decimal:
    return Decimal(str(value)).quantize(WEIGHT_PLACES, rounding=ROUND_HALF_UP)


def check_weight(weight: Decimal, field: str = "weight") -> None:
    if weight < 0:
        raise ValidationError({field: _("Een gewicht kan niet negatief zijn.")}, code="negative")
