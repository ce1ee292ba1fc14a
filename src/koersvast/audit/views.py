"""History of one object ("Geschiedenis") and the audit log of a municipality."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from koersvast.core.decorators import member_required
from koersvast.tenancy.http import MemberRequest
from koersvast.tenancy.policy import Action

from . import selectors

PAGE_SIZE = 50


@member_required()
def object_history(request: HttpRequest, app_label: str, model_name: str, pk: int) -> HttpResponse:
    obj = selectors.audited_object_get(
        user=request.user, app_label=app_label, model_name=model_name, pk=pk
    )
    page = Paginator(selectors.object_history(obj=obj), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/object_history.html", {"object": obj, "page": page})


@member_required(Action.AUDIT_VIEW)
def audit_log(request: MemberRequest) -> HttpResponse:
    events = selectors.municipality_log(municipality=request.municipality)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/audit_log.html", {"page": page})
