"""Budget versions (primitieve begroting and wijzigingen), prognose and realisatie, and the
difference between two versions of the meerjarenraming."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from koersvast.tenancy.models import Municipality

from ..choices import BudgetLineKey
from ..models import BudgetVersion, BudgetVersionLine
from .estimate import (
    ZERO,
    Line,
    Raming,
    budget_years,
    meerjarenraming,
    portfolio_initiatives,
    raming_from_values,
)

# ---------------------------------------------------------------------------------------------
# Budget versions: primitieve begroting, begrotingswijzigingen, actuele begroting, prognose and
# realisatie (decision 1102, step 2)

#: The views of a budget year besides its adopted versions (which are chosen by their pk).
PROGNOSE = "prognose"
REALISATIE = "realisatie"


def budget_versions(*, municipality: Municipality, budget_year: int) -> list[BudgetVersion]:
    """The adopted versions of a budget year, the primitieve begroting first (one query)."""
    return list(
        BudgetVersion.objects.in_municipality(municipality)
        .filter(budget_year=budget_year)
        .select_related("body")
        .order_by("number", "pk")
    )


def version_label(version: BudgetVersion, versions: list[BudgetVersion]) -> str:
    """How a view names the budget as it stood after `version`: the last one is the actuele
    begroting."""
    if version.is_primitive and len(versions) == 1:
        return _("Primitieve begroting %(year)s") % {"year": version.budget_year}
    if versions and version.pk == versions[-1].pk:
        return _("Actuele begroting %(year)s (t/m %(title)s)") % {
            "year": version.budget_year,
            "title": version.title,
        }
    if version.is_primitive:
        return _("Primitieve begroting %(year)s") % {"year": version.budget_year}
    return _("Begroting %(year)s na %(title)s") % {
        "year": version.budget_year,
        "title": version.title,
    }


def _line_condition(municipality: Municipality, filters: Mapping[str, str]) -> Q:
    """Version lines of the portfolio's figures, filtered like the raming (the programme as it
    was adopted, the taakveld of the initiative)."""
    condition = Q(municipality=municipality)
    if filters.get("programme"):
        condition &= Q(programme=filters["programme"])
    if filters.get("taakveld"):
        condition &= Q(initiative__taakveld__code=filters["taakveld"])
    return condition


def version_values(
    *,
    municipality: Municipality,
    versions: Iterable[BudgetVersion],
    years: list[int],
    filters: Mapping[str, str],
) -> dict[str, list[Decimal]]:
    """The amounts per stored row and year of the budget made of `versions` (summed: a
    primitieve begroting plus its wijzigingen), one grouped query."""
    values = {key: [ZERO] * len(years) for key in BudgetLineKey.values}
    index = {year: i for i, year in enumerate(years)}
    rows = (
        BudgetVersionLine.objects.filter(
            _line_condition(municipality, filters),
            version__in=[v.pk for v in versions],
            year__in=years,
        )
        .values("key", "year")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in rows:
        values[row["key"]][index[row["year"]]] += row["total"]
    return values


def realisatie(
    *, municipality: Municipality, years: list[int], filters: Mapping[str, str]
) -> Raming:
    """Realisatie per year as read from the financial system (monitoring's budget lines,
    filled by the CSV import of actuals): exploitatielasten and investeringen."""
    from koersvast.monitoring.models import BudgetLine
    from koersvast.portfolio.choices import BudgetKind

    condition = portfolio_initiatives(municipality, filters)
    totals = {kind: [ZERO] * len(years) for kind in BudgetKind.values}
    index = {year: i for i, year in enumerate(years)}
    for row in (
        BudgetLine.objects.filter(condition, year__in=years)
        .values("kind", "year")
        .annotate(total=Sum("actual"))
        .order_by()
    ):
        totals[row["kind"]][index[row["year"]]] += row["total"] or ZERO
    return Raming(
        years=years,
        lines=[
            Line(
                "lasten_totaal",
                _("Lasten incl. kapitaallasten (werkelijk)"),
                totals[BudgetKind.OPERATING],
                emphasis=True,
            ),
            Line("investeringen", _("Investeringen (werkelijk)"), totals[BudgetKind.CAPITAL]),
        ],
    )


def _comparable(raming: Raming, key: str) -> list[Decimal] | None:
    """A row of a raming to compare with a row of another; the realisatie's total lasten is
    compared with lasten plus kapitaallasten."""
    if key in raming.by_key:
        return raming[key].values
    if key == "lasten_totaal" and "kapitaallasten" in raming.by_key:
        parts = ("lasten_structureel", "lasten_incidenteel", "kapitaallasten")
        return [sum((raming[p].values[i] for p in parts), ZERO) for i in range(len(raming.years))]
    return None


@dataclass
class Difference:
    """What changed from one budget version to another, per row and year (and in total)."""

    previous_label: str
    lines: list[Line]

    @property
    def is_zero(self) -> bool:
        return all(value == 0 for line in self.lines for value in line.values)


def difference(current: Raming, previous: Raming, previous_label: str) -> Difference:
    """`current` minus `previous` for every row of `current` that `previous` can be compared
    with (no queries)."""
    lines = []
    for line in current.lines:
        before = _comparable(previous, line.key)
        if before is None:
            continue
        lines.append(
            Line(
                line.key,
                line.label,
                [now - then for now, then in zip(line.values, before, strict=True)],
                emphasis=line.emphasis,
            )
        )
    return Difference(previous_label=previous_label, lines=lines)


@dataclass
class VersionedRaming:
    """A meerjarenraming in one version, with the version it is compared with."""

    choice: str  # "prognose", "realisatie" or the pk of a version
    label: str
    raming: Raming
    versions: list[BudgetVersion]
    difference: Difference | None
    choices: list[tuple[str, str]]

    @property
    def has_primitive(self) -> bool:
        return any(v.is_primitive for v in self.versions)


def versioned_raming(
    *,
    municipality: Municipality,
    budget_year: int,
    filters: Mapping[str, str],
    choice: str = PROGNOSE,
) -> VersionedRaming:
    """The meerjarenraming in the chosen version and its difference with the previous one: the
    prognose (the portfolio's figures now) and the realisatie against the actuele begroting,
    a begroting after wijziging n against the one after n − 1 (four to seven queries)."""
    years = budget_years(budget_year)
    versions = budget_versions(municipality=municipality, budget_year=budget_year)
    labels = {str(v.pk): version_label(v, versions) for v in versions}
    choices = [
        (PROGNOSE, _("Prognose (huidige ramingen van het portfolio)")),
        *[(str(v.pk), labels[str(v.pk)]) for v in reversed(versions)],
        (REALISATIE, _("Realisatie (financieel systeem)")),
    ]
    if choice not in {value for value, _label in choices}:
        choice = PROGNOSE

    def cumulative(upto: int) -> Raming:
        chosen = versions[: upto + 1]
        return raming_from_values(
            years,
            version_values(
                municipality=municipality, versions=chosen, years=years, filters=filters
            ),
        )

    previous: tuple[Raming, str] | None = None
    if choice in (PROGNOSE, REALISATIE):
        if choice == PROGNOSE:
            raming = meerjarenraming(
                municipality=municipality, budget_year=budget_year, filters=filters
            )
        else:
            raming = realisatie(municipality=municipality, years=years, filters=filters)
        if versions:
            previous = (cumulative(len(versions) - 1), labels[str(versions[-1].pk)])
    else:
        position = next(i for i, v in enumerate(versions) if str(v.pk) == choice)
        raming = cumulative(position)
        if position > 0:
            previous = (cumulative(position - 1), labels[str(versions[position - 1].pk)])
    label = dict(choices)[choice]
    return VersionedRaming(
        choice=choice,
        label=label,
        raming=raming,
        versions=versions,
        difference=difference(raming, *previous) if previous else None,
        choices=choices,
    )
