"""Planning pages (capacity part): pools and their capacity per quarter, budget room per year."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from koersvast.core.decorators import member_required
from koersvast.tenancy.policy import Action, can

from . import selectors, services
from .forms import PoolForm, parse_budget_grid, parse_fte_grid, quarters
from .models import CapacityPool

HORIZON_QUARTERS = 16  # a council term


@member_required(Action.CAPACITY_VIEW)
def capacity_index(request: HttpRequest) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    periods, rows = selectors.capacity_matrix(municipality=municipality)
    years, budgets = selectors.budget_matrix(
        municipality=municipality, years=_planning_years(municipality)
    )
    return render(
        request,
        "capacity/index.html",
        {
            "periods": periods,
            "rows": rows,
            "budget_years": years,
            "budgets": budgets,
            "budget_set": any(row.is_set for row in budgets),
            "changes": selectors.decided_changes(municipality=municipality),
        },
    )


def _planning_years(municipality: Any) -> list[int]:
    """The years of the municipality's planning horizon."""
    from koersvast.planning.translate import settings_for

    return sorted({year for year, _quarter in settings_for(municipality).periods()})


@member_required(Action.CAPACITY_MANAGE)
def budget_edit(request: HttpRequest) -> HttpResponse:
    """The budget room per year and kind, saved as a whole in one transaction."""
    municipality = request.municipality  # type: ignore[attr-defined]
    years, rows = selectors.budget_matrix(
        municipality=municipality, years=_planning_years(municipality)
    )
    errors: list[str] = []
    if request.method == "POST":
        amounts, errors = parse_budget_grid(request.POST, years)
        if not errors:
            changes = services.budget_set(
                municipality=municipality, amounts=amounts, by=request.user
            )
            messages.success(
                request, _("Budgetruimte opgeslagen (%(n)s wijzigingen).") % {"n": changes}
            )
            return redirect("capacity:index")
    grid = [
        {
            "kind": row.kind,
            "label": row.label,
            "cells": [
                {
                    "year": year,
                    "value": request.POST.get(f"budget-{row.kind}-{year}", "")
                    if request.method == "POST"
                    else ("" if amount is None else f"{amount:f}"),
                }
                for year, amount in zip(years, row.amounts, strict=True)
            ],
        }
        for row in rows
    ]
    return render(
        request, "capacity/budget_form.html", {"years": years, "grid": grid, "errors": errors}
    )


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
