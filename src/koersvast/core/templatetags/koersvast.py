"""Template helpers shared by all pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from koersvast.core.numbers import format_euros

register = template.Library()


@register.simple_tag
def history_url(obj: Any) -> str:
    """The URL of the "Geschiedenis" page of a tenant object."""
    meta = obj._meta
    return reverse("audit:object_history", args=[meta.app_label, meta.model_name, obj.pk])


@register.filter
def euro(value: Any) -> str:
    """Format an amount in euro the Dutch way: € 1.234.567."""
    if value in (None, ""):
        return ""
    return format_euros(value)


@register.filter
def percent(value: Any, digits: int = 1) -> str:
    """A fraction as a percentage with a decimal comma: 0.125 → 12,5 %."""
    if value in (None, ""):
        return ""
    return f"{float(value) * 100:.{digits}f} %".replace(".", ",")


@register.filter
def may(request: Any, action: str) -> bool:
    """Whether the current user may perform `action` in the active municipality."""
    from koersvast.tenancy.policy import Action, can

    municipality: Any = getattr(request, "municipality", None)
    return bool(municipality) and can(request.user, municipality.pk, Action(action))


@register.simple_tag(takes_context=True)
def allowed_url(context: Any, viewname: str, *args: Any) -> str:
    """The URL of `viewname` if its view lets the current user in, else "".

    `{% allowed_url 'tenancy:members' as url %}{% if url %}<a href="{{ url }}">…{% endif %}`:
    the link is shown exactly when the view (its `member_required` rights) would open.
    """
    from koersvast.core.navigation import allowed_url as allowed

    return allowed(context["request"], viewname, *args)


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """`mapping[key]` in a template, or None."""
    return mapping.get(key) if mapping else None


@register.filter
def axis_scale(axis: Any) -> range:
    """The whole-number values of an impact axis scale."""
    return range(axis.scale_min, axis.scale_max + 1)


@register.simple_tag
def keep_filters(request: Any, keys: str) -> str:
    """Hidden inputs that carry filters a page's own form does not show (e.g. the dashboard's
    programme, owner and period) through a re-filter, so a drill-down stays what it was."""
    from django.utils.html import format_html_join

    present = [(key, request.GET[key]) for key in keys.split(",") if request.GET.get(key)]
    return format_html_join("", '<input type="hidden" name="{}" value="{}">', present)
