"""Planning pages (capacity part): pools and their capacity per quarter."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from koersvast.core.decorators import member_required
from koersvast.tenancy.policy import Action, can

from . import selectors, services
from .forms import PoolForm, parse_fte_grid, quarters
from .models import CapacityPool

HORIZON_QUARTERS = 16  # a council term


@member_required(Action.CAPACITY_VIEW)
def capacity_index(request: HttpRequest) -> HttpResponse:
    periods, rows = selectors.capacity_matrix(municipality=request.municipality)  # type: ignore[attr-defined]
    return render(request, "capacity/index.html", {"periods": periods, "rows": rows})


@member_required()
def pool_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pool = selectors.pool_get(user=request.user, pk=pk)
    may_manage = can(request.user, pool.municipality_id, Action.CAPACITY_MANAGE)
    return render(request, "capacity/pool_detail.html", {"pool": pool, "may_manage": may_manage})


@member_required(Action.CAPACITY_MANAGE)
def pool_create(request: HttpRequest) -> HttpResponse:
    return _pool_form(request, CapacityPool(municipality=request.municipality))  # type: ignore[attr-defined]


@member_required()
def pool_edit(request: HttpRequest, pk: int) -> HttpResponse:
    pool = selectors.pool_get(user=request.user, pk=pk)
    if not can(request.user, pool.municipality_id, Action.CAPACITY_MANAGE):
        raise PermissionDenied
    return _pool_form(request, pool)


def _pool_form(request: HttpRequest, pool: CapacityPool) -> HttpResponse:
    """The pool's settings and its formation (fte) per quarter, saved together."""
    form = PoolForm(request.POST or None, instance=pool, municipality=pool.municipality)
    entered = {(c.year, c.quarter): c.fte for c in pool.capacities.all()} if pool.pk else {}
    first_year = min([timezone.localdate().year, *(year for year, _q in entered)])
    periods = sorted(set(quarters(first_year, HORIZON_QUARTERS)) | set(entered))
    grid_errors: list[str] = []
    if request.method == "POST":
        fte, grid_errors = parse_fte_grid(request.POST, periods)
        if form.is_valid() and not grid_errors:
            saved = services.pool_save(pool=form.save(commit=False), by=request.user)
            services.capacity_set(pool=saved, fte=fte, by=request.user)
            messages.success(request, _("Pool en capaciteit opgeslagen."))
            return redirect(saved.get_absolute_url())
    cells = [
        {
            "year": year,
            "quarter": quarter,
            "value": request.POST.get(f"fte-{year}-{quarter}", "")
            if request.method == "POST"
            else entered.get((year, quarter), ""),
        }
        for year, quarter in periods
    ]
    return render(
        request,
        "capacity/pool_form.html",
        {"form": form, "pool": pool if pool.pk else None, "cells": cells, "errors": grid_errors},
    )
