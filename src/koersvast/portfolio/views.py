"""Portfolio pages: the list of initiatives, the intake funnel and one initiative."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from koersvast.core.decorators import member_required
from koersvast.intake import selectors as intake_selectors
from koersvast.intake.forms import AdviceRequestForm, AttachmentForm
from koersvast.planning.selectors.plan import initiative_plan
from koersvast.planning.selectors.urgency import urgency_for_initiative
from koersvast.tenancy.policy import Action

from . import selectors
from .choices import LifecycleState, WorkForm
from .models import Domain

PAGE_SIZE = 50
FILTER_KEYS = ("domain", "state", "work_form", "q", "programme", "owner", "period")


@member_required(Action.PORTFOLIO_VIEW)
def initiative_list(request: HttpRequest) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
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
            "offsets": offsets,
            "demand_rows": [
                (pool, [row.get(offset, "") for offset in offsets])
                for pool, row in sorted(demand_rows.items())
            ],
        },
    )
