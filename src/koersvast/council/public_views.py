"""The open decision list (Woo): a public, read-only page and CSV and JSON files of the
decisions a municipality marked public. No login; nothing about people (decision 0405).

A municipality that does not exist, or has switched the list off, is a 404: the same answer,
so the page does not tell which is the case."""

from __future__ import annotations

import csv
import io
from dataclasses import asdict

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from koersvast.tenancy.models import Municipality

from . import selectors

CSV_HEADER = ("gremium", "datum", "onderwerp", "besluit", "motivering")


def _municipality(code: str) -> Municipality:
    municipality = selectors.public_municipality(code)
    if municipality is None:
        raise Http404
    return municipality


def _public(response: HttpResponse) -> HttpResponse:
    # Open data (the files, which carry nothing of the visitor): anyone may read and cache them,
    # also from another site's script.
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
def decision_page(request: HttpRequest, code: str) -> HttpResponse:
    municipality = _municipality(code)
    decisions = selectors.public_decisions(municipality=municipality)
    # Not marked cacheable: the page shell shows a signed-in visitor's own name and menu.
    return render(
        request,
        "council/public_decisions.html",
        {"public_municipality": municipality, "decisions": decisions},
    )


@require_GET
def decision_csv(request: HttpRequest, code: str) -> HttpResponse:
    municipality = _municipality(code)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(CSV_HEADER)
    for decision in selectors.public_decisions(municipality=municipality):
        writer.writerow(
            [
                _cell(decision.body),
                decision.date.isoformat(),
                _cell(decision.subject),
                _cell(decision.outcome),
                _cell(decision.rationale),
            ]
        )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="besluiten-{municipality.cbs_code.lower()}.csv"'
    )
    return _public(response)


def _cell(text: str) -> str:
    """A text cell a spreadsheet will not run as a formula (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@require_GET
def decision_json(request: HttpRequest, code: str) -> HttpResponse:
    municipality = _municipality(code)
    decisions = [
        {**asdict(decision), "date": decision.date.isoformat()}
        for decision in selectors.public_decisions(municipality=municipality)
    ]
    return _public(
        JsonResponse(
            {
                "municipality": {"name": municipality.name, "cbsCode": municipality.cbs_code},
                "decisions": decisions,
            },
            json_dumps_params={"ensure_ascii": False},
        )
    )
