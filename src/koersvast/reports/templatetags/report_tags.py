"""Formatting for reports: whole euros in Dutch notation, independent of the active locale."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def euro(value: int | float | None) -> str:
    """1234567 → '€ 1.234.567'; −2500 → '−€ 2.500' (reports show whole euros)."""
    if value is None or value == "":
        return "—"
    amount = round(float(value))
    text = f"{abs(amount):,}".replace(",", ".")
    return f"−€ {text}" if amount < 0 else f"€ {text}"


@register.filter
def get(mapping: dict, key: str) -> object:
    return mapping.get(key, "") if mapping else ""


@register.filter
def iso_date(value: str) -> str:
    """An ISO timestamp from a report's data as a Dutch date ('23 november 2026')."""
    import datetime

    from django.utils import dateformat, timezone

    if not value:
        return ""
    moment = datetime.datetime.fromisoformat(value)
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return dateformat.format(moment, "j F Y")
