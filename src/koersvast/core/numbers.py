"""One reading of amounts in euros, in forms, grids and imports alike.

People type amounts the Dutch way ("€ 1.250.000,50", "1.250") or the English way ("1250000.50");
Excel hands over numbers. A dot followed by groups of three digits is a thousands separator
("1.250" is twelve hundred and fifty, as a Dutch reader means it), a comma is the decimal sign.
Two parsers that disagreed on "1.250" (1,25 in one form, 1.250 in another) are gone.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

#: Amounts are stored with 14 digits, 2 after the comma: anything larger is not an amount (and
#: would fail in the database instead of giving the user an error).
MAX_AMOUNT = Decimal(10) ** 12

_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")
_NOISE = re.compile(r"[€\s\u00a0\u202f]|eur(o)?")


def parse_amount(value: Any, *, allow_negative: bool = False) -> Decimal:
    """An amount in euros, to the cent, from a number or text; empty is 0.

    Raises ValueError with a message for the user when the value is not an amount, is negative
    (unless `allow_negative`), or is implausibly large.
    """
    if value is None or value == "":
        return Decimal(0)
    if isinstance(value, (bool, dt.date, dt.datetime)):
        raise ValueError(_("Geen bedrag."))
    if isinstance(value, (int, float, Decimal)):
        amount = Decimal(str(value))
    else:
        text = _NOISE.sub("", str(value).strip().lower()).replace("−", "-")
        if "," in text:  # Dutch: dots group thousands, the comma is the decimal sign
            text = text.replace(".", "").replace(",", ".")
        elif _THOUSANDS.match(text):
            text = text.replace(".", "")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValueError(_("Geen bedrag: gebruik alleen cijfers, bijv. 250000.")) from None
    if not amount.is_finite():
        raise ValueError(_("Geen bedrag: gebruik alleen cijfers, bijv. 250000."))
    if amount < 0 and not allow_negative:
        raise ValueError(_("Het bedrag moet nul of positief zijn."))
    if abs(amount) >= MAX_AMOUNT:
        raise ValueError(_("Het bedrag is onwaarschijnlijk groot."))
    return amount.quantize(Decimal("0.01"))
