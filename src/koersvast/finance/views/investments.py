"""The MIP page and its Excel export."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from koersvast.core.decorators import member_required
from koersvast.spreadsheets.export import Column, ColumnType, workbook_bytes, xlsx_response
from koersvast.tenancy.http import MemberRequest
from koersvast.tenancy.policy import Action

from ..selectors import investments as investments_selectors
from ..selectors.estimate import ZERO, filter_options
from .common import requested_budget_year, requested_filters


def _charge_in(index: int) -> Callable[[Any], Any]:
    """The cell of a kapitaallasten column: the row's charge in the `index`th year."""
    return lambda row: row.charges[index]


@member_required(Action.PORTFOLIO_VIEW)
def mip(request: MemberRequest) -> HttpResponse:
    municipality = request.municipality
    budget_year = requested_budget_year(request)
    filters = requested_filters(request)
    years, rows = investments_selectors.mip(
        municipality=municipality, budget_year=budget_year, filters=filters
    )
    return render(
        request,
        "finance/mip.html",
        {
            "years": years,
            "rows": rows,
            "total": sum((row.amount for row in rows), ZERO),
            "budget_year": budget_year,
            "filters": filters,
            "options": filter_options(municipality),
            "year_choices": range(budget_year - 3, budget_year + 4),
            "querystring": request.GET.urlencode(),
        },
    )


@member_required(Action.PORTFOLIO_VIEW)
def mip_export(request: MemberRequest) -> HttpResponse:
    """The MIP as an Excel workbook: one row per investment."""
    municipality = request.municipality
    budget_year = requested_budget_year(request)
    years, rows = investments_selectors.mip(
        municipality=municipality, budget_year=budget_year, filters=requested_filters(request)
    )
    columns = [
        Column(_("Kenmerk"), ColumnType.TEXT, lambda r: r.reference),
        Column(_("Initiatief"), ColumnType.TEXT, lambda r: r.title),
        Column(
            _("Begrotingsprogramma"),
            ColumnType.TEXT,
            lambda r: r.budget_programme,
        ),
        Column(_("Investering"), ColumnType.TEXT, lambda r: r.description),
        Column(_("Categorie"), ColumnType.TEXT, lambda r: r.category),
        Column(_("Nut"), ColumnType.TEXT, lambda r: r.utility_label),
        Column(_("Methode"), ColumnType.TEXT, lambda r: r.method_label),
        Column(_("Termijn (jaren)"), ColumnType.INTEGER, lambda r: r.term),
        Column(_("Ingebruikname"), ColumnType.INTEGER, lambda r: r.activation_year),
        Column(_("Bedrag"), ColumnType.EURO, lambda r: r.amount),
        Column(_("Restwaarde"), ColumnType.EURO, lambda r: r.residual_value),
        *(
            Column(
                _("Kapitaallasten %(year)s") % {"year": year},
                ColumnType.EURO,
                _charge_in(index),
            )
            for index, year in enumerate(years)
        ),
    ]
    content = workbook_bytes(title=_("MIP"), columns=columns, rows=rows)
    return xlsx_response(content, f"mip-{municipality.cbs_code}-{budget_year}.xlsx")
