"""The weerstandsvermogen: benodigde (Monte Carlo over the risks' financial effects) against
beschikbare weerstandscapaciteit."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy

from koersvast.monitoring.choices import ACTIVE_RISK_STATUSES, RiskStatus
from koersvast.monitoring.models import Risk
from koersvast.tenancy.models import Municipality

from .. import montecarlo
from ..models import SCALE_PROBABILITY, ResistanceCapacity, RiskEffect
from ..services import settings_for

# ---------------------------------------------------------------------------------------------
# Weerstandsvermogen


@dataclass
class RiskContribution:
    risk: Risk
    effect: RiskEffect
    probability: float
    expected: float
    share: float


@dataclass
class Weerstandsvermogen:
    year: int
    certainty: int
    required: float
    available: Decimal | None
    ratio: float | None
    rating: tuple[str, str] | None
    top: list[RiskContribution]
    risk_count: int
    runs: int
    capacities: list[ResistanceCapacity]
    missing_effects: int

    @property
    def has_risks(self) -> bool:
        return self.risk_count > 0


#: The ratings of the pure module, translated where shown.
RATING_LABELS = {
    "A": gettext_lazy("uitstekend"),
    "B": gettext_lazy("ruim voldoende"),
    "C": gettext_lazy("voldoende"),
    "D": gettext_lazy("matig"),
    "E": gettext_lazy("onvoldoende"),
    "F": gettext_lazy("ruim onvoldoende"),
}


def risk_probability(effect: RiskEffect) -> float:
    """An occurred risk is certain; otherwise the entered percentage or the 1–5 scale."""
    if effect.risk.status == RiskStatus.OCCURRED:
        return 1.0
    if effect.probability is not None:
        return effect.probability / 100
    return SCALE_PROBABILITY[effect.risk.probability]


def weerstandsvermogen(
    *, municipality: Municipality, year: int, runs: int = montecarlo.DEFAULT_RUNS
) -> Weerstandsvermogen:
    """Benodigde weerstandscapaciteit (Monte Carlo of the active risks with a financial
    effect), beschikbare weerstandscapaciteit of `year`, their ratio and rating (four queries)."""
    settings = settings_for(municipality)
    effects = list(
        RiskEffect.objects.in_municipality(municipality)
        .filter(risk__status__in=ACTIVE_RISK_STATUSES)
        .select_related("risk", "risk__initiative", "risk__programme")
    )
    missing = (
        Risk.objects.in_municipality(municipality)
        .filter(status__in=ACTIVE_RISK_STATUSES, financial_effect=None)
        .count()
    )
    inputs = [
        montecarlo.RiskInput(
            effect.pk, risk_probability(effect), float(effect.minimum), float(effect.high)
        )
        for effect in effects
    ]
    result = montecarlo.required_capacity(
        inputs, certainty=settings.certainty / 100, runs=runs, seed=montecarlo.DEFAULT_SEED
    )
    by_pk: dict[object, RiskEffect] = {effect.pk: effect for effect in effects}
    top = [
        RiskContribution(
            by_pk[c.key].risk,
            by_pk[c.key],
            risk_probability(by_pk[c.key]),
            c.expected,
            c.share,
        )
        for c in result.top(10)
    ]
    capacities = list(ResistanceCapacity.objects.in_municipality(municipality).order_by("year"))
    available = next((c.amount for c in capacities if c.year == year), None)
    value = montecarlo.ratio(float(available), result.required) if available is not None else None
    rating = None
    if available is not None and inputs:
        letter, _name = montecarlo.rating(value)
        rating = (letter, str(RATING_LABELS[letter]))
    return Weerstandsvermogen(
        year=year,
        certainty=settings.certainty,
        required=result.required,
        available=available,
        ratio=value,
        rating=rating,
        top=top,
        risk_count=len(inputs),
        runs=runs,
        capacities=capacities,
        missing_effects=missing,
    )


def risks_with_effects(*, municipality: Municipality) -> list[Risk]:
    """The active risks with their financial effect, if any (one query)."""
    return list(
        Risk.objects.in_municipality(municipality)
        .filter(status__in=ACTIVE_RISK_STATUSES)
        .select_related("initiative", "programme", "financial_effect")
        .order_by("-score", "title")
    )


def resistance_capacities(*, municipality: Municipality) -> list[ResistanceCapacity]:
    return list(ResistanceCapacity.objects.in_municipality(municipality).order_by("year"))


def free_reserve_room(*, municipality: Municipality, year: int) -> int:
    """The free part of the weerstandscapaciteit in `year`: beschikbare minus benodigde, never
    below 0; 0 when none is entered for that year (then no Monte Carlo is run; one query)."""
    available = (
        ResistanceCapacity.objects.in_municipality(municipality)
        .filter(year=year)
        .values_list("amount", flat=True)
        .first()
    )
    if available is None:
        return 0
    required = weerstandsvermogen(municipality=municipality, year=year).required
    return max(0, int(float(available) - required))
