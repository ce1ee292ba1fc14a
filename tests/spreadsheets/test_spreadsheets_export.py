"""Excel exports: a typed, styled workbook with only the active municipality's rows."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from koersvast.spreadsheets.export import Column, ColumnType, workbook_bytes
from koersvast.tenancy.choices import Role
from tests.factories import DomainFactory, InitiativeFactory

pytestmark = pytest.mark.django_db


def _sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(BytesIO(response.content)).active


def test_writer_types_and_styles() -> None:
    columns = [
        Column("Naam", ColumnType.TEXT, lambda r: r[0]),
        Column("Aantal", ColumnType.INTEGER, lambda r: r[1]),
        Column("Bedrag", ColumnType.EURO, lambda r: r[2]),
        Column("Aandeel", ColumnType.PERCENTAGE, lambda r: r[3]),
    ]
    rows = [("a", 3, Decimal("1250.50"), 0.25), ("b", None, 0, 1)]
    sheet = load_workbook(BytesIO(workbook_bytes(title="T", columns=columns, rows=rows))).active
    assert [c.value for c in sheet[1]] == ["Naam", "Aantal", "Bedrag", "Aandeel"]
    assert all(c.font.bold for c in sheet[1])
    assert sheet["A1"].fill.fgColor.rgb.endswith("1F4E79")
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:D3"
    assert sheet["B2"].value == 3 and sheet["B2"].number_format == "#,##0"
    assert sheet["C2"].value == pytest.approx(1250.5) and sheet["C2"].number_format == "€ #,##0"
    assert sheet["D2"].number_format == "0%"
    assert sheet["B3"].value is None
    assert sheet.column_dimensions["A"].width >= 8


def test_portfolio_export_filters_and_tenancy(municipality, other_municipality, pm_client) -> None:
    social = DomainFactory(municipality=municipality, code="sociaal", name="Sociaal domein")
    InitiativeFactory(
        municipality=municipality,
        domain=social,
        title="Jeugdhulp",
        reference="A-1",
        budget_capital=Decimal("100000"),
    )
    InitiativeFactory(municipality=municipality, title="Riolering", reference="A-2")
    InitiativeFactory(municipality=other_municipality, title="Geheim Amsterdam")
    sheet = _sheet(pm_client.get(reverse("spreadsheets:export_portfolio")))
    titles = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert titles == ["Jeugdhulp", "Riolering"]
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2" and sheet.auto_filter.ref
    assert sheet["J2"].value == 100000 and sheet["J2"].data_type == "n"
    filtered = _sheet(pm_client.get(reverse("spreadsheets:export_portfolio") + "?domain=sociaal"))
    assert [r[1] for r in filtered.iter_rows(min_row=2, values_only=True)] == ["Jeugdhulp"]
    searched = _sheet(pm_client.get(reverse("spreadsheets:export_portfolio") + "?q=riol"))
    assert [r[1] for r in searched.iter_rows(min_row=2, values_only=True)] == ["Riolering"]


@pytest.mark.parametrize("name", ["export_portfolio", "export_backlog", "export_decisions"])
def test_export_query_count_is_constant(name, municipality, pm_client) -> None:
    from koersvast.intake.models import Decision
    from tests.factories import DecisionBodyFactory

    def add(n: int) -> None:
        body = DecisionBodyFactory(municipality=municipality)
        for _ in range(n):
            initiative = InitiativeFactory(municipality=municipality, state="advies")
            Decision.objects.create(
                municipality=municipality,
                initiative=initiative,
                body=body,
                outcome="admit",
                rationale="Past in het kader.",
            )

    url = reverse(f"spreadsheets:{name}")
    add(2)
    with CaptureQueriesContext(connection) as few:
        first = pm_client.get(url)
    add(8)
    with CaptureQueriesContext(connection) as many:
        second = pm_client.get(url)
    assert first.status_code == second.status_code == 200
    assert len(many) == len(few)
    assert _sheet(second).max_row > _sheet(first).max_row


def test_reader_may_export_but_outsider_sees_only_own(
    municipality, personas, outsider, client_for
) -> None:
    InitiativeFactory(municipality=municipality, title="Van Utrecht")
    reader = client_for(personas[Role.READER])
    assert _sheet(reader.get(reverse("spreadsheets:export_portfolio"))).max_row == 2
    sheet = _sheet(client_for(outsider).get(reverse("spreadsheets:export_portfolio")))
    assert "Van Utrecht" not in [c.value for row in sheet.iter_rows() for c in row]


def test_list_pages_link_to_the_export(pm_client) -> None:
    for page in ("portfolio:list", "intake:backlog", "intake:decisions"):
        assert "Exporteren naar Excel" in pm_client.get(reverse(page)).content.decode()


def test_rights_report_export_for_the_access_review(
    municipality, personas, outsider, client_for
) -> None:
    admin = personas[Role.ADMINISTRATOR]
    url = reverse("spreadsheets:export_members")
    sheet = _sheet(client_for(admin).get(url))
    header = [c.value for c in sheet[1]]
    assert header[:2] == ["Gebruiker", "Naam"] and "Rol" in header
    # The role history: from, until, status and who withdrew a role.
    assert {"Vanaf", "Tot en met", "Status", "Ingetrokken op", "Ingetrokken door"} <= set(header)
    users = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert users == {user.username for user in personas.values()}
    assert outsider.username not in users  # a member of another municipality only
    assert client_for(personas[Role.READER]).get(url).status_code == 403
    page = client_for(admin).get(reverse("tenancy:members"))
    assert url in page.text


def test_risk_register_and_benefits_export_with_the_page_filters(
    municipality, other_municipality, pm_client
) -> None:
    from tests.factories import BenefitFactory, RiskFactory

    mine = InitiativeFactory(municipality=municipality, reference="KV-001")
    RiskFactory(initiative=mine, title="Aanbesteding loopt uit", probability=4, impact=5)
    RiskFactory(initiative=mine, title="Opgelost", status="gesloten")
    RiskFactory(initiative=InitiativeFactory(municipality=other_municipality), title="Elders")
    BenefitFactory(initiative=mine, name="Minder wachttijd")

    risks = pm_client.get(reverse("monitoring:risks")).text
    assert reverse("spreadsheets:export_risks") in risks
    sheet = _sheet(pm_client.get(reverse("spreadsheets:export_risks")))
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1], r[5]) for r in rows] == [("Aanbesteding loopt uit", "KV-001", 20)]
    everything = _sheet(pm_client.get(reverse("spreadsheets:export_risks") + "?status="))
    assert {r[0] for r in everything.iter_rows(min_row=2, values_only=True)} == {
        "Aanbesteding loopt uit",
        "Opgelost",
    }
    benefits = _sheet(pm_client.get(reverse("spreadsheets:export_benefits")))
    assert [r[0] for r in benefits.iter_rows(min_row=2, values_only=True)] == ["Minder wachttijd"]


def test_programmes_export_with_their_rollups(municipality, pm_client) -> None:
    from tests.factories import ProgrammeFactory

    ProgrammeFactory(municipality=municipality, name="Wonen")
    page = pm_client.get(reverse("monitoring:programmes")).text
    assert reverse("spreadsheets:export_programmes") in page
    sheet = _sheet(pm_client.get(reverse("spreadsheets:export_programmes")))
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[4]) for r in rows] == [("Wonen", 0)]
