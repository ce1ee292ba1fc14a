"""The kanban board, the ranked backlog and one's own initiatives."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from koersvast.core.decorators import member_required
from koersvast.portfolio.choices import WorkForm
from koersvast.portfolio.models import Domain
from koersvast.tenancy.http import MemberRequest
from koersvast.tenancy.policy import Action

from ..forms.initiative import members_of
from ..selectors import backlog as backlog_selectors
from ..selectors import board as board_selectors
from ..selectors.backlog import ranking_method
from ..selectors.board import intake_board

BOARD_FILTERS = ("domain", "work_form", "owner", "flag")
BACKLOG_PAGE_SIZE = 100


@member_required(Action.PORTFOLIO_VIEW, Action.INITIATIVE_SUBMIT)
def board(request: MemberRequest) -> HttpResponse:
    municipality = request.municipality
    filters = {key: request.GET.get(key, "").strip() for key in BOARD_FILTERS}
    columns = intake_board(user=request.user, municipality=municipality, filters=filters)
    return render(
        request,
        "intake/board.html",
        {
            "columns": columns,
            "filters": filters,
            "domains": Domain.objects.in_municipality(municipality),
            "work_forms": WorkForm.choices,
            "owners": members_of(municipality),
        },
    )


@member_required(Action.INITIATIVE_SUBMIT)
def my_initiatives(request: MemberRequest) -> HttpResponse:
    initiatives = board_selectors.my_initiatives(
        user=request.user, municipality=request.municipality
    )
    return render(request, "intake/my_initiatives.html", {"initiatives": initiatives})


@member_required(Action.PORTFOLIO_VIEW)
def backlog(request: MemberRequest) -> HttpResponse:
    municipality = request.municipality
    method = ranking_method(municipality)
    rows = backlog_selectors.backlog(user=request.user, municipality=municipality, method=method)
    page = Paginator(rows, BACKLOG_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "intake/backlog.html", {"page": page, "rows": page.object_list, "method": method}
    )
