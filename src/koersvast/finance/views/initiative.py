"""An initiative's finance page and its records: investeringen, exploitatie and dekking."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koersvast.core.decorators import member_required
from koersvast.portfolio import selectors as portfolio_selectors

from .. import services
from ..forms import ExploitationLineForm, FundingForm, InvestmentForm
from ..models import ExploitationLine, Funding, Investment
from ..selectors import initiative as initiative_selectors
from ..selectors.estimate import default_budget_year
from ..selectors.initiative import record_get
from .common import FINANCE, ensure_allowed, requested_budget_year

# ---------------------------------------------------------------------------------------------
# One initiative


@member_required()
def initiative_finance(request: HttpRequest, pk: int) -> HttpResponse:
    """Like the initiative's own page: whoever may see the initiative (a submitter their own)."""
    initiative = portfolio_selectors.initiative_get(user=request.user, pk=pk, with_demand=False)
    budget_year = requested_budget_year(request)
    finance = initiative_selectors.initiative_finance(
        initiative=initiative, budget_year=budget_year
    )
    return render(
        request,
        "finance/initiative.html",
        {
            "initiative": initiative,
            "finance": finance,
            "raming": finance.raming,
            "uncovered": list(zip(finance.raming.years, finance.raming.uncovered, strict=True)),
            "budget_year": budget_year,
            "year_choices": range(budget_year - 3, budget_year + 4),
            "may_manage": services.may_manage(request.user, initiative.municipality_id),
        },
    )


@dataclass(frozen=True)
class Kind:
    """One kind of record on an initiative's finance page."""

    model: type[Investment | ExploitationLine | Funding]
    form: type
    new_title: Any
    edit_title: Any
    saved: Any


KINDS = {
    "investering": Kind(
        Investment,
        InvestmentForm,
        gettext_lazy("Nieuwe investering"),
        gettext_lazy("Investering bewerken"),
        gettext_lazy("Investering opgeslagen."),
    ),
    "exploitatie": Kind(
        ExploitationLine,
        ExploitationLineForm,
        gettext_lazy("Nieuwe exploitatieregel"),
        gettext_lazy("Exploitatieregel bewerken"),
        gettext_lazy("Exploitatieregel opgeslagen."),
    ),
    "dekking": Kind(
        Funding,
        FundingForm,
        gettext_lazy("Nieuwe dekking"),
        gettext_lazy("Dekking bewerken"),
        gettext_lazy("Dekking opgeslagen."),
    ),
}


def _finance_url(initiative_id: int) -> str:
    return reverse("finance:initiative", args=[initiative_id])


def _record_form(request: HttpRequest, kind: Kind, record: Any) -> HttpResponse:
    initiative = record.initiative
    if kind.model is Investment:
        services.categories_ensure(municipality=initiative.municipality)
    form = kind.form(request.POST or None, instance=record, municipality=initiative.municipality)
    if request.method == "POST" and form.is_valid():
        services.finance_record_save(record=form.save(commit=False), by=request.user)
        messages.success(request, str(kind.saved))
        return redirect(_finance_url(initiative.pk))
    return render(
        request,
        "finance/record_form.html",
        {
            "form": form,
            "initiative": initiative,
            "title": kind.edit_title if record.pk else kind.new_title,
            "back": _finance_url(initiative.pk),
        },
    )


@member_required(object_actions=FINANCE)
def record_create(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    initiative = portfolio_selectors.initiative_get(user=request.user, pk=pk, with_demand=False)
    ensure_allowed(services.may_manage(request.user, initiative.municipality_id))
    spec = KINDS[kind]
    record = spec.model(municipality_id=initiative.municipality_id, initiative=initiative)
    if not isinstance(record, Investment) and request.method == "GET":
        record.year = default_budget_year()
    return _record_form(request, spec, record)


@member_required(object_actions=FINANCE)
def record_edit(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    spec = KINDS[kind]
    record = record_get(spec.model, user=request.user, pk=pk)
    ensure_allowed(services.may_manage(request.user, record.municipality_id))
    return _record_form(request, spec, record)


@member_required(object_actions=FINANCE)
def record_delete(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """GET asks for confirmation; POST deletes."""
    spec = KINDS[kind]
    record = record_get(spec.model, user=request.user, pk=pk)
    ensure_allowed(services.may_manage(request.user, record.municipality_id))
    back = _finance_url(record.initiative_id)
    if request.method == "POST":
        services.finance_record_delete(record=record, by=request.user)
        messages.success(request, _("Verwijderd: %(record)s.") % {"record": record})
        return redirect(back)
    return render(
        request,
        "finance/confirm_delete.html",
        {"record": record, "initiative": record.initiative, "back": back},
    )
