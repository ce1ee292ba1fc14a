"""Portfolio pages: the list of initiatives, the intake funnel and one initiative."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koersvast.core.decorators import member_required
from koersvast.intake.forms.advice import AdviceRequestForm
from koersvast.intake.forms.initiative import AttachmentForm
from koersvast.intake.selectors import dossier as intake_selectors
from koersvast.planning.selectors.plan import initiative_plan
from koersvast.planning.selectors.urgency import urgency_for_initiative
from koersvast.tenancy.access import get_for_user_or_404
from koersvast.tenancy.http import MemberRequest
from koersvast.tenancy.policy import Action, can

from . import dependencies, selectors
from .choices import LifecycleState, WorkForm
from .forms import AlternativeForm, DependencyForm
from .models import Alternative, Dependency, Domain, Initiative

PAGE_SIZE = 50
FILTER_KEYS = ("domain", "state", "work_form", "q", "programme", "opgave", "owner", "period")


@member_required(Action.PORTFOLIO_VIEW)
def initiative_list(request: MemberRequest) -> HttpResponse:
    municipality = request.municipality
    filters = {key: request.GET.get(key, "").strip() for key in FILTER_KEYS}
    initiatives = selectors.initiative_list(
        user=request.user, municipality=municipality, filters=filters
    )
    page = Paginator(initiatives, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "portfolio/initiative_list.html",
        {
            "page": page,
            "filters": filters,
            "querystring": query.urlencode(),
            "domains": Domain.objects.in_municipality(municipality),
            "states": LifecycleState.choices,
            "work_forms": WorkForm.choices,
        },
    )


@member_required()
def initiative_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything about one initiative: details, criteria, advice, scores, decisions, history."""
    initiative = selectors.initiative_get(user=request.user, pk=pk)
    dossier = intake_selectors.initiative_dossier(initiative=initiative, user=request.user)
    demand_rows: dict[str, dict[int, object]] = {}
    for demand in initiative.demands.all():
        demand_rows.setdefault(demand.pool.name, {})[demand.offset] = demand.hours
    offsets = list(range(initiative.duration_quarters))
    terms = (
        intake_selectors.score_terms(dossier.score, dossier.objectives, dossier.axes)
        if dossier.score
        else []
    )
    return render(
        request,
        "portfolio/initiative_detail.html",
        {
            "initiative": initiative,
            "plan": initiative_plan(initiative),
            "urgency_decisions": urgency_for_initiative(initiative=initiative),
            "dossier": dossier,
            "score_terms": terms,
            "advice_request_form": AdviceRequestForm(kinds=dossier.advice_kinds),
            "attachment_form": AttachmentForm(),
            **_links_context(initiative),
            "offsets": offsets,
            "demand_rows": [
                (pool, [row.get(offset, "") for offset in offsets])
                for pool, row in sorted(demand_rows.items())
            ],
        },
    )


# --- dependencies and alternatives (decision 0404) ---------------------------------------------


def _links_response(
    request: HttpRequest, initiative: Initiative, message: str = "", error: bool = False
) -> HttpResponse:
    """The section again for htmx (with its message inline); otherwise back to the page."""
    if request.headers.get("HX-Request"):
        return render(
            request,
            "portfolio/_dependencies.html",
            {
                "initiative": initiative,
                **_links_context(initiative, request.POST if error else None),
                "links_message": message,
                "links_error": error,
            },
        )
    if message:
        (messages.error if error else messages.success)(request, message)
    return redirect(initiative.get_absolute_url() + "#h-links")


def _links_context(initiative: Initiative, data: Any = None) -> dict[str, Any]:
    return {
        "links": dependencies.initiative_links(initiative=initiative),
        "dependency_form": DependencyForm(data, initiative=initiative),
        "alternative_form": AlternativeForm(data, initiative=initiative),
    }


def _managed_initiative(request: HttpRequest, pk: int) -> Initiative:
    initiative = get_for_user_or_404(Initiative, request.user, pk=pk)
    if not can(request.user, initiative.municipality_id, Action.INITIATIVE_MANAGE):
        raise PermissionDenied
    return initiative


@member_required(object_actions=(Action.INITIATIVE_MANAGE,))
@require_POST
def dependency_add(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _managed_initiative(request, pk)
    form = DependencyForm(request.POST, initiative=initiative)
    if not form.is_valid():
        errors = "; ".join(str(e) for field in form.errors.values() for e in field)
        return _links_response(request, initiative, errors, error=True)
    try:
        dependencies.dependency_add(
            successor=initiative,
            predecessor=form.cleaned_data["predecessor"],
            kind=form.cleaned_data["kind"],
            lag_quarters=form.cleaned_data["lag_quarters"] or 0,
            by=request.user,
        )
    except dependencies.DependencyError as error:
        return _links_response(request, initiative, str(error), error=True)
    return _links_response(request, initiative, _("Afhankelijkheid toegevoegd."))


@member_required(object_actions=(Action.INITIATIVE_MANAGE,))
@require_POST
def dependency_remove(request: HttpRequest, pk: int, dependency_pk: int) -> HttpResponse:
    initiative = _managed_initiative(request, pk)
    dependency = get_object_or_404(
        Dependency.objects.filter(Q(successor=initiative) | Q(predecessor=initiative)),
        pk=dependency_pk,
    )
    dependencies.dependency_remove(dependency=dependency, by=request.user)
    return _links_response(request, initiative, _("Afhankelijkheid verwijderd."))


@member_required(object_actions=(Action.INITIATIVE_MANAGE,))
@require_POST
def alternative_add(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _managed_initiative(request, pk)
    form = AlternativeForm(request.POST, initiative=initiative)
    if not form.is_valid():
        errors = "; ".join(str(e) for field in form.errors.values() for e in field)
        return _links_response(request, initiative, errors, error=True)
    try:
        dependencies.alternative_add(
            initiative=initiative,
            other=form.cleaned_data["other"],
            group_name=form.cleaned_data["group_name"],
            by=request.user,
        )
    except dependencies.DependencyError as error:
        return _links_response(request, initiative, str(error), error=True)
    return _links_response(request, initiative, _("Alternatief vastgelegd."))


@member_required(object_actions=(Action.INITIATIVE_MANAGE,))
@require_POST
def alternative_remove(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _managed_initiative(request, pk)
    alternative = get_object_or_404(Alternative, initiative=initiative)
    dependencies.alternative_remove(alternative=alternative, by=request.user)
    return _links_response(request, initiative, _("Uit de groep alternatieven gehaald."))
