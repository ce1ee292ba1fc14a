"""Planning pages (capacity part): pools and their capacity per quarter, budget room per year;
people, their workload and allocation, and a pool's team."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.translation import gettext as _

from koersvast.core.decorators import member_required
from koersvast.core.grids import field_name
from koersvast.core.periods import Quarter
from koersvast.tenancy.http import MemberRequest
from koersvast.tenancy.policy import Action, can

from . import selectors, services
from .forms import (
    PERSON_MAX_FTE,
    AllocationForm,
    LeaveForm,
    PersonForm,
    PoolForm,
    parse_budget_grid,
    parse_fte_grid,
    quarters,
)
from .models import CapacityPool, Person

HORIZON_QUARTERS = 16  # a council term


@member_required(Action.CAPACITY_VIEW)
def capacity_index(request: MemberRequest) -> HttpResponse:
    municipality = request.municipality
    horizon = _planning_periods(municipality)
    periods, rows = selectors.capacity_matrix(municipality=municipality, horizon=horizon)
    years, budgets = selectors.budget_matrix(
        municipality=municipality, years=sorted({year for year, _quarter in horizon})
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


def _planning_periods(municipality: Any) -> list[tuple[int, int]]:
    """The quarters of the municipality's planning horizon."""
    from koersvast.planning.translate import settings_for

    return settings_for(municipality).periods()


def _planning_years(municipality: Any) -> list[int]:
    """The years of the municipality's planning horizon."""
    return sorted({year for year, _quarter in _planning_periods(municipality)})


@member_required(Action.CAPACITY_MANAGE)
def budget_edit(request: MemberRequest) -> HttpResponse:
    """The budget room per year and kind, saved as a whole in one transaction."""
    municipality = request.municipality
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
                    "name": field_name("budget", row.kind, year),
                    "value": request.POST.get(field_name("budget", row.kind, year), "")
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
    formation = selectors.pool_formation(pool=pool, horizon=_planning_periods(pool.municipality))
    return render(
        request,
        "capacity/pool_detail.html",
        {
            "pool": pool,
            "may_manage": may_manage,
            "formation": formation,
            "has_people": any(row.from_people is not None for row in formation),
        },
    )


@member_required(Action.CAPACITY_MANAGE)
def pool_create(request: MemberRequest) -> HttpResponse:
    return _pool_form(request, CapacityPool(municipality=request.municipality))


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
            "name": field_name("fte", year, quarter),
            "value": request.POST.get(field_name("fte", year, quarter), "")
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


# --- named people (decision 0406): only for the roles that manage capacity --------------------

PEOPLE = Action.CAPACITY_MANAGE
ALLOCATION_QUARTERS = 8  # allocations can be entered two years ahead


@member_required(PEOPLE)
def people_index(request: MemberRequest) -> HttpResponse:
    municipality = request.municipality
    people = selectors.people_list(municipality=municipality)
    pools = list(CapacityPool.objects.in_municipality(municipality).order_by("name"))
    return render(request, "capacity/people_index.html", {"people": people, "pools": pools})


@member_required(PEOPLE)
def person_create(request: MemberRequest) -> HttpResponse:
    municipality = request.municipality
    person = Person(municipality=municipality)
    pool_id = request.GET.get("pool", "")
    if pool_id.isdigit() and len(pool_id) < 19:
        pool = CapacityPool.objects.in_municipality(municipality).filter(pk=pool_id).first()
        if pool is not None:
            person.pool = pool
    return _person_form(request, person)


@member_required(PEOPLE)
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(user=request.user, pk=pk)
    if person.is_anonymised:
        raise Http404
    return _person_form(request, person)


def _person_form(request: HttpRequest, person: Person) -> HttpResponse:
    """A person's name, function, pool, part-time factor and contract, and their fte per
    quarter where it differs from the part-time factor (empty: the part-time factor)."""
    form = PersonForm(request.POST or None, instance=person, municipality=person.municipality)
    entered = {(f.year, f.quarter): f.fte for f in person.fte_periods.all()} if person.pk else {}
    periods = sorted(set(selectors.next_quarters(ALLOCATION_QUARTERS)) | set(entered))
    grid_errors: list[str] = []
    if request.method == "POST":
        fte, grid_errors = parse_fte_grid(request.POST, periods, maximum=PERSON_MAX_FTE)
        if form.is_valid() and not grid_errors:
            saved = services.person_save(
                person=form.save(commit=False), fte_periods=fte, by=request.user
            )
            messages.success(request, _("Medewerker opgeslagen."))
            return redirect(saved.get_absolute_url())
    cells = [
        {
            "year": year,
            "quarter": quarter,
            "name": field_name("fte", year, quarter),
            "value": request.POST.get(field_name("fte", year, quarter), "")
            if request.method == "POST"
            else entered.get((year, quarter), ""),
        }
        for year, quarter in periods
    ]
    return render(
        request,
        "capacity/person_form.html",
        {
            "form": form,
            "person": person if person.pk else None,
            "cells": cells,
            "errors": grid_errors,
        },
    )


@member_required(PEOPLE)
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A person's workload: the next four quarters' initiatives, hours, availability and any
    over-allocation; the allocation and leave forms."""
    person = selectors.person_get(user=request.user, pk=pk)
    periods = selectors.next_quarters(4)
    allocation_form = AllocationForm(
        prefix="inzet", person=person, periods=selectors.next_quarters(ALLOCATION_QUARTERS)
    )
    return _person_page(request, person, periods, allocation_form, LeaveForm(prefix="verlof"))


def _person_page(
    request: HttpRequest,
    person: Person,
    periods: list[tuple[int, int]],
    allocation_form: AllocationForm,
    leave_form: LeaveForm,
    status: int = 200,
) -> HttpResponse:
    workload = selectors.person_workload(person=person, periods=periods)
    initiatives: dict[int, Any] = {}
    for load in workload:
        for allocation in load.allocations:
            initiatives.setdefault(allocation.initiative_id, allocation.initiative)
    rows = [
        {
            "initiative": initiative,
            "cells": [
                next((a for a in load.allocations if a.initiative_id == pk), None)
                for load in workload
            ],
        }
        for pk, initiative in sorted(initiatives.items(), key=lambda kv: kv[1].reference)
    ]
    return render(
        request,
        "capacity/person_detail.html",
        {
            "person": person,
            "workload": workload,
            "rows": rows,
            "over": [load for load in workload if load.over],
            "allocation_form": allocation_form,
            "leave_form": leave_form,
            "leaves": list(person.leaves.all()),
        },
        status=status,
    )


@member_required(PEOPLE)
def allocation_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(user=request.user, pk=pk)
    if request.method != "POST" or person.is_anonymised:
        return redirect(person.get_absolute_url())
    form = AllocationForm(
        request.POST,
        prefix="inzet",
        person=person,
        periods=selectors.next_quarters(ALLOCATION_QUARTERS),
    )
    if not form.is_valid():
        return _person_page(
            request, person, selectors.next_quarters(4), form, LeaveForm(prefix="verlof"), 400
        )
    year, quarter = form.year_quarter
    services.allocation_set(
        person=person,
        initiative=form.cleaned_data["initiative"],
        year=year,
        quarter=quarter,
        hours=form.cleaned_data["hours"],
        by=request.user,
    )
    load = selectors.person_workload(person=person, periods=[(year, quarter)])[0]
    if load.over:
        messages.warning(
            request,
            _(
                "Inzet opgeslagen, maar %(name)s is in %(period)s overbelast: %(over)s uur "
                "meer ingezet dan beschikbaar."
            )
            % {"name": person.display_name, "period": load.label, "over": localize(load.over)},
        )
    else:
        messages.success(request, _("Inzet opgeslagen."))
    return redirect(person.get_absolute_url())


@member_required(PEOPLE)
def allocation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    allocation = selectors.allocation_get(user=request.user, pk=pk)
    person_url = reverse("capacity:person_detail", args=[allocation.person_id])
    if request.method == "POST":
        services.allocation_delete(allocation=allocation, by=request.user)
        messages.success(request, _("Inzet verwijderd."))
    return redirect(person_url)


@member_required(PEOPLE)
def leave_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(user=request.user, pk=pk)
    if request.method != "POST" or person.is_anonymised:
        return redirect(person.get_absolute_url())
    form = LeaveForm(request.POST, prefix="verlof")
    if not form.is_valid():
        allocation_form = AllocationForm(
            prefix="inzet", person=person, periods=selectors.next_quarters(ALLOCATION_QUARTERS)
        )
        return _person_page(request, person, selectors.next_quarters(4), allocation_form, form, 400)
    services.leave_add(
        person=person,
        start=form.cleaned_data["start"],
        end=form.cleaned_data["end"],
        percentage=form.cleaned_data["percentage"],
        by=request.user,
    )
    messages.success(request, _("Verlof opgeslagen."))
    return redirect(person.get_absolute_url())


@member_required(PEOPLE)
def leave_delete(request: HttpRequest, pk: int) -> HttpResponse:
    leave = selectors.leave_get(user=request.user, pk=pk)
    if request.method == "POST":
        services.leave_delete(leave=leave, by=request.user)
        messages.success(request, _("Verlof verwijderd."))
    return redirect(reverse("capacity:person_detail", args=[leave.person_id]))


@member_required(PEOPLE)
def person_anonymise(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then replace the name of someone who left (allocations stay)."""
    person = selectors.person_get(user=request.user, pk=pk)
    if person.is_anonymised:
        return redirect(person.get_absolute_url())
    if request.method == "POST":
        services.person_anonymise(person=person, by=request.user)
        messages.success(request, _("Medewerker geanonimiseerd; de inzet blijft bewaard."))
        return redirect(person.get_absolute_url())
    return render(request, "capacity/person_anonymise.html", {"person": person})


@member_required(PEOPLE)
def pool_team(request: HttpRequest, pk: int) -> HttpResponse:
    """Who in the pool works on what in the next four quarters, with availability."""
    pool = selectors.pool_get(user=request.user, pk=pk)
    periods = selectors.next_quarters(4)
    rows = selectors.pool_team(pool=pool, periods=periods)
    return render(
        request,
        "capacity/pool_team.html",
        {
            "pool": pool,
            "periods": [Quarter(*period).label for period in periods],
            "rows": rows,
            "totals": selectors.team_totals(rows, len(periods)),
        },
    )


@member_required(PEOPLE)
def pool_suggest(request: HttpRequest, pk: int) -> HttpResponse:
    """Allocations proposed from the plan of record's demand on the pool; the chosen ones are
    taken over on POST (recomputed, so the page and the save agree)."""
    pool = selectors.pool_get(user=request.user, pk=pk)
    periods = selectors.next_quarters(4)
    suggestions = selectors.allocation_suggestions(pool=pool, periods=periods)
    if request.method == "POST":
        chosen = set(request.POST.getlist("take"))
        taken = services.allocations_accept(
            suggestions=[s for s in suggestions.rows if s.key in chosen], by=request.user
        )
        messages.success(request, _("%(n)s voorgestelde inzet overgenomen.") % {"n": taken})
        return redirect("capacity:pool_team", pk=pool.pk)
    return render(request, "capacity/pool_suggest.html", {"pool": pool, "suggestions": suggestions})
