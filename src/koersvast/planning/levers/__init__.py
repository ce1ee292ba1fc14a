"""The kinds of lever (hefboom) of a scenario, as a registry: one module per kind here.

A kind knows which of the lever's fields it uses, what it needs before it can be added, its
one-line label, and how it changes the optimiser's problem (`planning/translate/` asks every
lever through the hooks below). Every module in this package that calls `register()` is
picked up at import time, so adding a kind that uses the existing fields is one new module
(plus its English label in the catalogue and a test); the form, `lever.js`, the service, the
translation and `choices.LeverKind` use the registry, never a fixed list.

This package imports no models (`Lever`, `PlanningSettings` and the translation's `Window`
are only annotations), so `choices` and `models` can build on it.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from django.utils.translation import gettext as _

from ..errors import PlanningError

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from ..models import Lever, PlanningSettings
    from ..translate.initiatives import Window

#: The lever's fields that a kind may use (`LeverForm`'s fields besides kind and note), with
#: the `Lever` columns each fills: a period is a year and a quarter.
COLUMNS: dict[str, tuple[str, ...]] = {
    "initiative": ("initiative",),
    "pool": ("pool",),
    "period": ("year", "quarter"),
    "latest": ("latest_year", "latest_quarter"),
    "fte": ("fte",),
    "headroom_pct": ("headroom_pct",),
    "budget_kind": ("budget_kind",),
    "amount": ("amount",),
}


@dataclass(frozen=True)
class BudgetChange:
    """Euros per year that a lever adds to (or, negative, takes off) a budget pool's room."""

    from_year: int
    amount: Decimal


class LeverType:
    """Base class of a kind of lever; a kind overrides what it uses.

    The hooks default to "changes nothing", so a kind fills in only where it acts: the
    initiative's window (`narrow`), whether its initiative is in the problem at all
    (`pulls_in`, `leaves_out`), the headroom, extra fte of a pool, or a budget pool's room.
    """

    key: ClassVar[str]
    label: ClassVar[StrOrPromise]
    #: Position in the form's list of kinds (and of `LeverKind`).
    order: ClassVar[int] = 100
    #: The fields the kind uses (keys of COLUMNS); the form shows only these.
    fields: ClassVar[tuple[str, ...]] = ()
    #: Brings its initiative into the problem, and never as a backlog candidate.
    pulls_in: ClassVar[bool] = False
    #: Keeps its initiative out of the problem.
    leaves_out: ClassVar[bool] = False
    #: Adopting the plan makes it a real change (`services/adoption.py`, capacity and budget).
    realised_on_adoption: ClassVar[bool] = False

    @property
    def name(self) -> str:
        """The member name in `choices.LeverKind` (FORCE_IN)."""
        return self.key.upper()

    def check(self, values: Mapping[str, Any]) -> None:
        """Raise PlanningError (a Dutch message) unless `values` (the service's keyword
        arguments) have what the kind needs; only the kind's own fields are looked at."""
        if "initiative" in self.fields and values.get("initiative") is None:
            raise PlanningError(_("Kies het initiatief waarop de hefboom werkt."))

    def describe(self, lever: Lever) -> str:
        """One line for lists: '+1 fte Projectleiders vanaf 2027-Q3'."""
        return f"{self.label}: {lever.initiative}"

    def narrow(self, window: Window, lever: Lever, settings: PlanningSettings) -> None:
        """Narrow or force the window of the lever's initiative (start, mandatory)."""

    def headroom_pct(self, lever: Lever) -> int | None:
        """The planning headroom this lever sets instead of the municipality's, if any."""
        return None

    def extra_fte(
        self, lever: Lever, pool_pk: int, index: int, settings: PlanningSettings
    ) -> Decimal:
        """Fte this lever adds to the pool in the period with this index."""
        return Decimal(0)

    def budget_change(self, lever: Lever, budget_kind: str) -> BudgetChange | None:
        """What this lever adds to the room of this kind of budget, if anything."""
        return None


KINDS: dict[str, LeverType] = {}


def register(kind: LeverType) -> LeverType:
    unknown = set(kind.fields) - set(COLUMNS)
    if unknown:  # a new field needs a column on Lever, a form field and COLUMNS
        raise ValueError(f"lever kind {kind.key!r}: unknown fields {sorted(unknown)}")
    KINDS[kind.key] = kind
    return kind


def ordered() -> list[LeverType]:
    return sorted(KINDS.values(), key=lambda kind: (kind.order, kind.key))


def kind_of(key: str) -> LeverType:
    """The registered kind; ValueError for a value no module registers (as an enum would)."""
    try:
        return KINDS[key]
    except KeyError:
        raise ValueError(f"{key!r} is not a valid LeverKind") from None


def kind_choices() -> list[tuple[str, StrOrPromise]]:
    return [(kind.key, kind.label) for kind in ordered()]


def start_index(lever: Lever, settings: PlanningSettings) -> int | None:
    """The period index of the lever's quarter, or None without one."""
    if lever.year and lever.quarter:
        return settings.period_index(lever.year, lever.quarter)
    return None


def headroom_of(levers: Iterable[Lever], default: int) -> int:
    """The headroom under these levers: the last lever that sets one, else `default`."""
    headroom = default
    for lever in levers:
        pct = kind_of(lever.kind).headroom_pct(lever)
        if pct is not None:
            headroom = pct
    return headroom


def _discover() -> None:
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not module.name.startswith("_"):
            importlib.import_module(f"{__name__}.{module.name}")


_discover()
