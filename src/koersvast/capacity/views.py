"""Planning pages (capacity part): pools and their capacity per quarter."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from koersvast.core.decorators import member_required
from koersvast.tenancy.policy import Action

from . import selectors


@member_required(Action.CAPACITY_VIEW)
def capacity_index(request: HttpRequest) -> HttpResponse:
    periods, rows = selectors.capacity_matrix(municipality=request.municipality)  # type: ignore[attr-defined]
    return render(request, "capacity/index.html", {"periods": periods, "rows": rows})


@member_required()
def pool_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pool = selectors.pool_get(user=request.user, pk=pk)
    return render(request, "capacity/pool_detail.html", {"pool": pool})
