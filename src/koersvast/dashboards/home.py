"""The home page: the user's own tasks and the portfolio overview (submitters go to the intake,
administrators to Beheer)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from koersvast.core import figures
from koersvast.core.decorators import member_required
from koersvast.portfolio import selectors as portfolio_selectors
from koersvast.tenancy.http import MemberRequest
from koersvast.tenancy.policy import Action, can

from . import tasks


@member_required()
def home(request: MemberRequest) -> HttpResponse:
    municipality = request.municipality
    if can(request.user, municipality.pk, Action.PORTFOLIO_VIEW):
        overview = figures.cached(
            "overview",
            municipality.pk,
            (),
            lambda: portfolio_selectors.portfolio_overview(municipality=municipality),
        )
        task_groups = tasks.my_tasks(
            user=request.user, municipality=municipality, today=timezone.localdate()
        )
        context = {"overview": overview, "task_groups": task_groups}
        return render(request, "dashboards/home.html", context)
    if can(request.user, municipality.pk, Action.INITIATIVE_SUBMIT):
        return redirect("intake:board")
    return redirect("administration:index")
