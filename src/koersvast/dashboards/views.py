"""The portfolio dashboard: the page the MT and the college decide from."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from koersvast.core import figures
from koersvast.core.decorators import member_required
from koersvast.tenancy.policy import Action, can

from . import presenters, selectors, weerstandsvermogen


@member_required(Action.PORTFOLIO_VIEW)
def index(request: HttpRequest) -> HttpResponse:
    """Aggregates of the active municipality, filtered by the scope in the query string."""
    municipality = request.municipality  # type: ignore[attr-defined]
    today = timezone.localdate()
    scope = selectors.Scope.from_params(request.GET)
    with_capacity = can(request.user, municipality.pk, Action.CAPACITY_VIEW)

    def compute() -> tuple[selectors.Dashboard, selectors.FilterChoices]:
        # Fetched once: the filter form and the per-domain/programme tables both need them.
        domains = selectors.domains_of(municipality)
        programmes = selectors.programmes_of(municipality)
        data = selectors.portfolio_dashboard(
            municipality=municipality,
            scope=scope,
            today=today,
            with_capacity=with_capacity,
            domains=domains,
            programmes=programmes,
        )
        choices = selectors.filter_choices(
            municipality=municipality, today=today, domains=domains, programmes=programmes
        )
        return data, choices

    # The same figures for everyone in the municipality with the same scope (rights only
    # decide whether the capacity panel is there, hence in the key).
    data, choices = figures.cached(
        "dashboard", municipality.pk, (scope, today, with_capacity), compute
    )
    return render(
        request,
        "dashboards/index.html",
        {
            "page": presenters.present(data),
            "scope": scope,
            "choices": choices,
            "weerstandsvermogen": weerstandsvermogen.card(
                municipality=municipality, user=request.user
            ),
        },
    )
