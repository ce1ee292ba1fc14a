"""Budgets: the roll-up, one initiative's begroting and prognose, the actuals import."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from koersvast.core.decorators import member_required
from koersvast.portfolio.choices import BudgetKind
from koersvast.tenancy.http import MemberRequest
from koersvast.tenancy.policy import Action

from .. import rules
from ..forms.budget import BudgetImportForm, budget_years, parse_budget_grid
from ..selectors import budget as selectors
from ..services import budget as services
from .common import (
    ensure,
    initiative_or_404,
    local_today,
    paginate,
)


@member_required(Action.PORTFOLIO_VIEW)
def budget(request: MemberRequest) -> HttpResponse:
    by = request.GET.get("per", "programma")
    if by not in ("programma", "taakveld"):
        by = "programma"
    rows = selectors.budget_rollup(municipality=request.municipality, by=by)
    return render(
        request,
        "monitoring/budget.html",
        {"page": paginate(request, rows, 100), "per": by, "kinds": dict(BudgetKind.choices)},
    )


@member_required()
def budget_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """Begroting and prognose per year and kind for one initiative (actuals are imported)."""
    initiative = initiative_or_404(request, pk)
    may_plan = rules.may_manage(request.user, initiative.municipality_id)
    ensure(may_plan or rules.may_report(request.user, initiative))
    lines = {(line.year, line.kind): line for line in selectors.budget_lines(initiative=initiative)}
    years = budget_years(initiative, {year for year, _kind in lines}, local_today())
    errors: list[str] = []
    if request.method == "POST":
        entries, errors, years = parse_budget_grid(request.POST, years, may_plan=may_plan)
        if not errors and "add_year" not in request.POST:
            services.budget_plan_save(initiative=initiative, entries=entries, by=request.user)
            messages.success(request, _("Budget opgeslagen."))
            return redirect("monitoring:initiative", pk=initiative.pk)
    rows = [
        {
            "year": year,
            "kind": kind,
            "label": label,
            "line": lines.get((year, kind)),
            "planned": request.POST.get(f"planned-{year}-{kind}") if request.POST else None,
            "forecast": request.POST.get(f"forecast-{year}-{kind}") if request.POST else None,
        }
        for year in years
        for kind, label in BudgetKind.choices
    ]
    return render(
        request,
        "monitoring/budget_plan.html",
        {"initiative": initiative, "rows": rows, "errors": errors, "may_plan": may_plan},
    )


@member_required(Action.INITIATIVE_MANAGE)
def budget_import(request: MemberRequest) -> HttpResponse:
    form = BudgetImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = services.budget_actuals_import(
            municipality_id=request.municipality.pk,
            content=form.cleaned_data["file"].read(),
            by=request.user,
            dry_run=form.cleaned_data["dry_run"],
        )
        if result.ok and not form.cleaned_data["dry_run"]:
            messages.success(
                request,
                _("Realisatie ingelezen: %(c)s nieuwe en %(u)s bijgewerkte regels.")
                % {"c": result.created, "u": result.updated},
            )
            return redirect("monitoring:budget")
    return render(
        request,
        "monitoring/budget_import.html",
        {"form": form, "result": result, "dry_run": form.data.get("dry_run")},
    )
