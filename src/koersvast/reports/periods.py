"""What each P&C moment looks at: the last quarter of progress and the budget columns.

A moment is a point in the municipal planning-and-control cycle. The begroting for year N is
drawn up in the autumn of N−1, so it looks at progress up to Q3 of N−1 and only at the
budgeted amounts; the voorjaarsnota and najaarsnota look at progress so far and add the
actuals and forecast; the jaarrekening closes the year with actuals and the variance.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .choices import CycleMoment

MIN_YEAR = 2015
#: How far ahead a report may look (a begroting is made a year before it applies).
YEARS_AHEAD = 5


@dataclass(frozen=True)
class MomentRules:
    """The cut-off quarter for progress reports and the budget columns of one moment."""

    cutoff_year_offset: int
    cutoff_quarter: int
    columns: tuple[str, ...]


RULES: dict[str, MomentRules] = {
    CycleMoment.BEGROTING: MomentRules(-1, 3, ("planned",)),
    CycleMoment.VOORJAARSNOTA: MomentRules(0, 1, ("planned", "actual", "forecast")),
    CycleMoment.NAJAARSNOTA: MomentRules(0, 3, ("planned", "actual", "forecast")),
    CycleMoment.JAARREKENING: MomentRules(0, 4, ("planned", "actual", "variance")),
}


def cutoff(moment: str, year: int) -> tuple[int, int]:
    """The last quarter whose progress reports count for this moment."""
    rules = RULES[moment]
    return year + rules.cutoff_year_offset, rules.cutoff_quarter


def columns(moment: str, year: int) -> list[dict[str, str]]:
    """Budget columns (key and Dutch label) shown at this moment."""
    labels = {
        "planned": _("Begroot %(year)s") % {"year": year},
        "actual": _("Werkelijk %(year)s") % {"year": year},
        "forecast": _("Prognose %(year)s") % {"year": year},
        "variance": _("Afwijking"),
    }
    return [{"key": key, "label": labels[key]} for key in RULES[moment].columns]
