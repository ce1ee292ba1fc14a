"""Numbers as people type and read them: euros, whole numbers and quantities (fte, hours).

One notation rule for everything typed in forms, grids and imports:

- Dutch: dots group thousands, the comma is the decimal sign: "€ 1.234.567", "1.234,50", "1.250"
  (twelve hundred and fifty, as a Dutch reader means it).
- English: commas group thousands, the dot is the decimal sign: "1,234.50", "1,234,567".
- When both signs appear, the last one is the decimal sign and the other must group in threes;
  a single comma alone is a decimal comma ("0,5"), a single dot alone is a decimal point unless
  it groups exactly three digits ("1234.5" is a decimal, "1.250" is not).
- Spaces (also non-breaking and narrow ones), the euro sign, "eur"/"euro" and the minus sign
  (−) are allowed; anything else is refused with a message for the user.

Quantities that are small and fractional (fte, hours) are read by `parse_quantity`, which knows
no thousands separators: there "1.5" and "1,5" are both one and a half.

Numbers shown are formatted here too (`format_integer`, `format_euros`), Dutch by default.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any, Literal

from django.utils.translation import gettext as _

#: Amounts are stored with 14 digits, 2 after the comma: anything larger is not an amount (and
#: would fail in the database instead of giving the user an error).
MAX_AMOUNT = Decimal(10) ** 12

Notation = Literal["nl", "en"]

_NOISE = re.compile(r"[€\s\u00a0\u202f]|eur(o)?")
_MINUS = str.maketrans({"−": "-", "–": "-"})
_PLAIN = re.compile(r"^-?(\d+(\.\d*)?|\.\d+)$")
# Grouped in threes, with an optional decimal part after the other sign.
_GROUPED = {
    ".": re.compile(r"^-?[1-9]\d{0,2}(\.\d{3})+(,\d*)?$"),  # Dutch: 1.234.567,89
    ",": re.compile(r"^-?[1-9]\d{0,2}(,\d{3})+(\.\d*)?$"),  # English: 1,234,567.89
}
_QUANTITY = re.compile(r"^-?(\d+([.,]\d*)?|[.,]\d+)$")


def _clean(value: Any) -> str:
    return _NOISE.sub("", str(value).strip().lower()).translate(_MINUS)


def _normalise(text: str, *, comma_groups: bool = False) -> str | None:
    """Text in Dutch or English notation as a plain decimal ("1234.5"), or None if it is not.

    A single comma before three digits ("1,234") is a decimal comma unless `comma_groups` (a
    whole number, where a decimal comma with three decimals would make no sense).
    """
    commas, dots = text.count(","), text.count(".")
    if commas and dots:  # the last sign is the decimal sign, the other groups thousands
        grouping = "." if text.rfind(",") > text.rfind(".") else ","
        if not _GROUPED[grouping].match(text):
            return None
        return text.replace(grouping, "").replace(",", ".")
    if commas == 1 and not (comma_groups and _GROUPED[","].match(text)):
        text = text.replace(",", ".")  # a decimal comma (Dutch)
    elif commas:  # only grouping: 1,234,567
        return text.replace(",", "") if _GROUPED[","].match(text) else None
    elif dots > 1 or (dots == 1 and re.match(r"^-?[1-9]\d{0,2}\.\d{3}$", text)):
        return text.replace(".", "") if _GROUPED["."].match(text) else None
    return text if _PLAIN.match(text) else None


def _number(value: Any, message: str, *, comma_groups: bool = False) -> Decimal:
    """A finite Decimal from a number or from text in either notation; ValueError(message)."""
    if isinstance(value, (bool, dt.date, dt.datetime)):
        raise ValueError(message)
    if isinstance(value, (int, float, Decimal)):
        number = Decimal(str(value))
    else:
        text = _normalise(_clean(value), comma_groups=comma_groups)
        if text is None:
            raise ValueError(message)
        try:
            number = Decimal(text)
        except InvalidOperation:  # pragma: no cover - the patterns admit only digits
            raise ValueError(message) from None
    if not number.is_finite():
        raise ValueError(message)
    return number


def parse_amount(value: Any, *, allow_negative: bool = False) -> Decimal:
    """An amount in euros, to the cent, from a number or text; empty is 0.

    Raises ValueError with a message for the user when the value is not an amount, has more
    than two decimals as text ("1,234" is not silently 1,23), is negative (unless
    `allow_negative`), or is implausibly large.
    """
    if value is None or value == "":
        return Decimal(0)
    if isinstance(value, (bool, dt.date, dt.datetime)):
        raise ValueError(_("Geen bedrag."))
    amount = _number(value, _("Geen bedrag: gebruik alleen cijfers, bijv. 250000."))
    if isinstance(value, str) and amount != amount.quantize(Decimal("0.01"), ROUND_HALF_EVEN):
        raise ValueError(_("Geen bedrag: hoogstens twee cijfers achter de komma."))
    if amount < 0 and not allow_negative:
        raise ValueError(_("Het bedrag moet nul of positief zijn."))
    if abs(amount) >= MAX_AMOUNT:
        raise ValueError(_("Het bedrag is onwaarschijnlijk groot."))
    return amount.quantize(Decimal("0.01"))


def parse_number(value: Any) -> Decimal:
    """Any finite number, in either notation and with any number of decimals ("1.250" is
    1250, "12,5" and "12.5" are 12,5); ValueError for anything else."""
    return _number(value, _("Geen getal: gebruik alleen cijfers, bijv. 12 of 12,5."))


def parse_integer(value: Any) -> int:
    """A whole number from a number or text in either notation ("1.234", "1,234,567", "12")."""
    number = _number(value, _("Geen geheel getal."), comma_groups=True)
    if number != number.to_integral_value():
        raise ValueError(_("Geen geheel getal."))
    return int(number)


def parse_quantity(value: Any, *, allow_negative: bool = False) -> Decimal:
    """A small fractional quantity (fte, hours): "1,5" and "1.5" alike, no thousands separators.

    Spaces are ignored; an exponent ("1e3"), a second separator or a letter is refused.
    """
    message = _("Geen getal: gebruik alleen cijfers, bijv. 12 of 12,5.")
    if isinstance(value, (bool, dt.date, dt.datetime)):
        raise ValueError(message)
    if isinstance(value, (int, float, Decimal)):
        number = Decimal(str(value))
    else:
        text = re.sub(r"\s", "", str(value)).translate(_MINUS)
        if not _QUANTITY.match(text):
            raise ValueError(message)
        number = Decimal(text.replace(",", "."))
    if not number.is_finite():
        raise ValueError(message)
    if number < 0 and not allow_negative:
        raise ValueError(_("Het getal moet nul of positief zijn."))
    return number


# --- formatting -------------------------------------------------------------------------------


def format_integer(value: Any, *, notation: Notation = "nl") -> str:
    """A number rounded to a whole (half to even) with thousands grouped: 1.234.567 / 1,234,567."""
    whole = int(Decimal(str(value)).quantize(Decimal(1), ROUND_HALF_EVEN))
    text = f"{whole:,}"
    return text.replace(",", ".") if notation == "nl" else text


def format_euros(value: Any, *, notation: Notation = "nl", sign_first: bool = False) -> str:
    """Whole euros: "€ 1.234.567"; negative "€ -2.500", or with `sign_first` "−€ 2.500"."""
    if sign_first:
        whole = int(Decimal(str(value)).quantize(Decimal(1), ROUND_HALF_EVEN))
        text = "€ " + format_integer(abs(whole), notation=notation)
        return "−" + text if whole < 0 else text
    return "€ " + format_integer(value, notation=notation)
