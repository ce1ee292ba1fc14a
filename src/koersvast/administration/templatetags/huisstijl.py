"""`{% huisstijl as h %}`: the active municipality's own look for base.html (or None)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def huisstijl(context: Any) -> Any:
    request = context.get("request")
    municipality = getattr(request, "municipality", None)
    if request is None or not municipality:
        return None
    if not hasattr(request, "_koersvast_huisstijl"):
        from django.db import DatabaseError

        from koersvast.administration.huisstijl import huisstijl_of

        try:
            request._koersvast_huisstijl = huisstijl_of(municipality)
        except DatabaseError:  # the error page of a failing database still renders
            request._koersvast_huisstijl = None
    return request._koersvast_huisstijl
