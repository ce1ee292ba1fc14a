"""The Excel round trip: export, re-import, and nothing the export wrote is lost.

Every column of the portfolio export is an import column, except the ones listed in READ_ONLY
(the database keeps them); a new export column without an import mapping fails here.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from koersvast.portfolio.models import Initiative
from koersvast.reference.models import Taakveld
from koersvast.spreadsheets.fields import FIELDS
from koersvast.spreadsheets.lists import PORTFOLIO
from koersvast.spreadsheets.services import portfolio_import
from koersvast.tenancy.choices import Role
from tests.factories import DomainFactory, InitiativeFactory

pytestmark = pytest.mark.django_db

READ_ONLY = {"Gewijzigd op"}


def _rows(content: bytes) -> tuple[list[str], list[tuple]]:
    sheet = load_workbook(BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    return list(rows[0]), rows[1:]


def _without(headers: list[str], rows: list[tuple], names: set[str]) -> list[tuple]:
    keep = [i for i, header in enumerate(headers) if header not in names]
    return [tuple(row[i] for i in keep) for row in rows]


@pytest.fixture
def portfolio(municipality):
    domain = DomainFactory(municipality=municipality, name="Openbare ruimte")
    other = DomainFactory(municipality=municipality, name="Sociaal domein")
    full = InitiativeFactory(
        municipality=municipality,
        domain=domain,
        reference="KV-007",
        title="Herinrichting Marktplein",
        work_form="programma",
        state="opgenomen",
        taakveld=Taakveld.objects.get(code="2.1"),
        budget_programme="Openbare ruimte",
        problem="Het plein is versleten.\nBomen staan in de weg.",
        intended_result="Een groen plein\tmet terrassen (code _x0041_ blijft letterlijk).",
        budget_capital=Decimal("1250000.50"),
        budget_operating=Decimal("40000"),
        start_year=2027,
        start_quarter=3,
        duration_quarters=6,
        is_statutory=True,
        is_continuity=True,
        has_political_urgency=True,
        urgency_requested_by="Wethouder W. Smit",
        urgency_reason="Toezegging aan de raad.",
    )
    bare = InitiativeFactory(municipality=municipality, domain=other, reference="KV-008")
    hostile = InitiativeFactory(
        municipality=municipality, domain=other, reference="KV-009", title="=1+1 of -korting"
    )
    return [full, bare, hostile]


def test_every_exported_column_is_imported() -> None:
    labels = {field.label for field in FIELDS}
    assert {column.header for column in PORTFOLIO} - labels == READ_ONLY


def test_re_import_of_an_export_changes_nothing(municipality, personas, pm_client, portfolio):
    content = pm_client.get(reverse("spreadsheets:export_portfolio")).content
    manager = personas[Role.PORTFOLIO_MANAGER]
    report = portfolio_import(municipality=municipality, by=manager, content=content)
    assert report.ok, report.issues
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    # Every column mapped without a mapping step, the urgency columns included.
    assert {FIELDS[0].key, "has_political_urgency", "urgency_reason"} <= set(report.mapping)


def test_export_imported_elsewhere_exports_the_same(
    municipality, other_municipality, outsider, pm_client, client_for, portfolio
):
    content = pm_client.get(reverse("spreadsheets:export_portfolio")).content
    for name in ("Openbare ruimte", "Sociaal domein"):
        DomainFactory(municipality=other_municipality, name=name)
    report = portfolio_import(municipality=other_municipality, by=outsider, content=content)
    assert report.ok, report.issues
    assert report.created == 3
    copied = Initiative.objects.get(municipality=other_municipality, reference="KV-007")
    assert (copied.urgency_requested_by, copied.urgency_reason) == (
        "Wethouder W. Smit",
        "Toezegging aan de raad.",
    )
    again = client_for(outsider).get(reverse("spreadsheets:export_portfolio")).content
    headers, rows = _rows(content)
    headers_again, rows_again = _rows(again)
    assert headers == headers_again
    assert _without(headers, rows_again, READ_ONLY) == _without(headers, rows, READ_ONLY)


def test_changed_on_is_a_date_time_cell(municipality, pm_client, portfolio) -> None:
    sheet = load_workbook(BytesIO(pm_client.get(reverse("spreadsheets:export_portfolio")).content))
    sheet = sheet.active
    column = [c.value for c in sheet[1]].index("Gewijzigd op") + 1
    cell = sheet.cell(row=2, column=column)
    assert cell.is_date and isinstance(cell.value, dt.datetime)
    assert cell.number_format == "dd-mm-yyyy hh:mm"
    stored = timezone.localtime(Initiative.objects.get(reference="KV-007").updated_at)
    assert cell.value == stored.replace(tzinfo=None, microsecond=0)


def test_urgency_without_who_and_why_is_refused(municipality, personas, portfolio) -> None:
    from tests.spreadsheets.test_spreadsheets_import import xlsx

    content = xlsx(
        [
            ["Kenmerk", "Titel", "Domein", "Bestuurlijke urgentie"],
            ["KV-008", "Zonder reden", "Sociaal domein", "ja"],
        ]
    )
    report = portfolio_import(
        municipality=municipality, by=personas[Role.PORTFOLIO_MANAGER], content=content
    )
    assert not report.ok
    assert any("Reden urgentie" in issue.message for issue in report.issues), report.issues
    assert not Initiative.objects.get(reference="KV-008").has_political_urgency
