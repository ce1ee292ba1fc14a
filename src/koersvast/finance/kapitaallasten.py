"""Kapitaallasten (capital charges) of one investment per year: afschrijving plus rente.

Pure Python (no Django; import-linter enforces it), so it can be tested by hand-computed tables.

- **Lineair**: the same depreciation every year, (amount − residual value) / term; the interest
  falls with the book value.
- **Annuïteit**: the same total charge (depreciation + interest) every year: an annuity on
  (amount − residual value) plus the interest on the residual value; the depreciation rises as
  the interest falls. With an interest rate of 0 it is the linear method.
- **Rente** is the municipality's omslagrente × the book value at the start of the year.
- **Start**: depreciation starts in the year after ingebruikname (the default BBV rule) or in
  the year of ingebruikname itself; the schedule covers the term and ends at the residual value
  (a residual value stays on the balance sheet and is not charged afterwards).

Amounts are `Decimal` euros rounded to cents per year; the last year takes what is left, so the
total depreciation is exactly amount − residual value whatever the rounding.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

CENT = Decimal("0.01")
ZERO = Decimal(0)


class Method(StrEnum):
    """Afschrijvingsmethode."""

    LINEAR = "lineair"
    ANNUITY = "annuiteit"


class StartRule(StrEnum):
    """In which year depreciation starts, relative to the year of ingebruikname."""

    NEXT_YEAR = "volgend_jaar"
    SAME_YEAR = "zelfde_jaar"


class ScheduleError(ValueError):
    """The investment cannot be depreciated as given (the message says why, in Dutch)."""


@dataclass(frozen=True)
class Investment:
    """What the schedule needs to know of an investment."""

    amount: Decimal
    activation_year: int
    term: int
    method: Method = Method.LINEAR
    residual: Decimal = ZERO

    def validate(self) -> None:
        if self.amount < 0:
            raise ScheduleError("Het investeringsbedrag kan niet negatief zijn.")
        if self.term < 1:
            raise ScheduleError("De afschrijvingstermijn is minstens 1 jaar.")
        if self.residual < 0:
            raise ScheduleError("De restwaarde kan niet negatief zijn.")
        if self.residual > self.amount:
            raise ScheduleError("De restwaarde kan niet hoger zijn dan het investeringsbedrag.")


@dataclass(frozen=True)
class YearCharge:
    """One year of the schedule (boekwaarde begin, afschrijving, rente, boekwaarde eind)."""

    year: int
    book_value_start: Decimal
    depreciation: Decimal
    interest: Decimal

    @property
    def book_value_end(self) -> Decimal:
        return self.book_value_start - self.depreciation

    @property
    def total(self) -> Decimal:
        """Kapitaallasten of the year: afschrijving plus rente."""
        return self.depreciation + self.interest


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def first_year(activation_year: int, rule: StartRule = StartRule.NEXT_YEAR) -> int:
    """The first year of depreciation under the municipality's rule."""
    return activation_year + (1 if StartRule(rule) is StartRule.NEXT_YEAR else 0)


def annuity(principal: Decimal, rate: Decimal, term: int) -> Decimal:
    """The constant yearly payment that pays off `principal` in `term` years at `rate`."""
    if rate == 0:
        return principal / term
    return principal * rate / (1 - (1 + rate) ** -term)


def schedule(
    investment: Investment,
    rate: Decimal,
    rule: StartRule = StartRule.NEXT_YEAR,
    *,
    from_year: int | None = None,
    until_year: int | None = None,
) -> list[YearCharge]:
    """The yearly charges of an investment at interest `rate` (a fraction: 0.025 is 2,5 %).

    `from_year` and `until_year` keep only the years of a window (a meerjarenraming needs only
    its own years); the years returned are the same as in the full schedule.
    """
    investment.validate()
    if rate < 0:
        raise ScheduleError("De omslagrente kan niet negatief zijn.")
    amount = _cents(investment.amount)
    residual = _cents(investment.residual)
    start = first_year(investment.activation_year, rule)
    term = investment.term
    last_index = term - 1
    if until_year is not None:
        last_index = min(last_index, until_year - start)
    first_index = 0 if from_year is None else max(0, from_year - start)
    if last_index < first_index:
        return []
    to_depreciate = amount - residual
    if investment.method is Method.LINEAR or rate == 0:
        linear = _cents(to_depreciate / term)
        if linear * (term - 1) <= to_depreciate:
            return _linear(amount, residual, linear, rate, start, term, first_index, last_index)
        payment = None
    else:
        payment = annuity(to_depreciate, rate, term) + residual * rate
        linear = ZERO
    charges: list[YearCharge] = []
    book_value = amount
    for index in range(last_index + 1):
        interest = _cents(book_value * rate)
        if index == term - 1:
            depreciation = book_value - residual
        elif payment is None:
            depreciation = linear
        else:
            depreciation = _cents(payment - interest)
        # Rounding can never take the book value below the residual value.
        depreciation = max(ZERO, min(depreciation, book_value - residual))
        if index >= first_index:
            charges.append(YearCharge(start + index, book_value, depreciation, interest))
        book_value -= depreciation
    return charges


def _linear(
    amount: Decimal,
    residual: Decimal,
    linear: Decimal,
    rate: Decimal,
    start: int,
    term: int,
    first_index: int,
    last_index: int,
) -> list[YearCharge]:
    """The linear schedule in closed form: the book value at the start of year k is
    amount − k × the yearly depreciation (exactly what the year-by-year loop gives)."""
    charges = []
    for index in range(first_index, last_index + 1):
        book_value = amount - linear * index
        depreciation = book_value - residual if index == term - 1 else linear
        charges.append(
            YearCharge(start + index, book_value, depreciation, _cents(book_value * rate))
        )
    return charges


@dataclass
class YearTotals:
    """Kapitaallasten of several investments in one year."""

    depreciation: Decimal = ZERO
    interest: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.depreciation + self.interest


def totals_by_year(
    investments: Iterable[Investment],
    rate: Decimal,
    rule: StartRule,
    years: Iterable[int],
) -> dict[int, YearTotals]:
    """Depreciation and interest per year of `years`, summed over the investments."""
    wanted = sorted(set(years))
    result = {year: YearTotals() for year in wanted}
    if not wanted:
        return result
    for investment in investments:
        for charge in schedule(investment, rate, rule, from_year=wanted[0], until_year=wanted[-1]):
            totals = result.get(charge.year)
            if totals is not None:
                totals.depreciation += charge.depreciation
                totals.interest += charge.interest
    return result
