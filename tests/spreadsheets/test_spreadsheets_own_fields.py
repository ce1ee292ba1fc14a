"""Own intake fields in Excel: a column per field in the export, imported back by its label,
each value checked with a Dutch reason per row, and nothing written when one is wrong."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from koersvast.portfolio.models import CustomField, Initiative
from koersvast.spreadsheets.services import portfolio_import
from koersvast.tenancy.choices import Role
from tests.factories import DomainFactory, InitiativeFactory

from .test_spreadsheets_import import xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def own(municipality):
    return [
        CustomField.objects.create(
            municipality=municipality,
            code="wijk",
            name="Wijk",
            kind="keuze",
            options=["Noord", "Zuid"],
            order=1,
        ),
        CustomField.objects.create(
            municipality=municipality,
            code="inwoners",
            name="Aantal inwoners",
            kind="getal",
            order=2,
        ),
        CustomField.objects.create(
            municipality=municipality, code="gereed", name="Gereed voor", kind="datum", order=3
        ),
        CustomField.objects.create(
            municipality=municipality, code="privacy", name="Privacy", kind="janee", order=4
        ),
    ]


def test_export_has_a_typed_column_per_own_field(municipality, own, pm_client) -> None:
    InitiativeFactory(
        municipality=municipality,
        reference="KV-1",
        custom_values={
            "wijk": "Zuid",
            "inwoners": "1250.5",
            "gereed": "2027-06-30",
            "privacy": True,
        },
    )
    response = pm_client.get(reverse("spreadsheets:export_portfolio"))
    sheet = load_workbook(BytesIO(response.content)).active
    headers = [cell.value for cell in sheet[1]]
    assert headers[-5:] == ["Wijk", "Aantal inwoners", "Gereed voor", "Privacy", "Gewijzigd op"]
    row = [cell.value for cell in sheet[2]][-5:-1]
    assert row[0] == "Zuid"
    assert Decimal(str(row[1])) == Decimal("1250.5")
    assert row[2].date() == dt.date(2027, 6, 30)
    assert row[3] == "ja"


def test_import_maps_own_columns_by_label_and_stores_the_values(
    municipality, own, personas
) -> None:
    DomainFactory(municipality=municipality, name="Ruimte")
    content = xlsx(
        [
            ["Titel", "Domein", "Wijk", "Aantal inwoners", "Gereed voor", "Privacy"],
            ["Speeltuin", "Ruimte", "noord", 1250, dt.datetime(2027, 6, 30), "ja"],
        ]
    )
    report = portfolio_import(
        municipality=municipality, by=personas[Role.PORTFOLIO_MANAGER], content=content
    )
    assert report.ok, report.issues
    assert {"eigen:wijk", "eigen:inwoners", "eigen:gereed", "eigen:privacy"} <= set(report.mapping)
    initiative = Initiative.objects.get(title="Speeltuin")
    assert initiative.custom_values == {
        "wijk": "Noord",
        "inwoners": "1250",
        "gereed": "2027-06-30",
        "privacy": True,
    }


def test_a_wrong_own_value_is_a_row_error_and_nothing_is_written(
    municipality, own, personas
) -> None:
    DomainFactory(municipality=municipality, name="Ruimte")
    content = xlsx(
        [
            ["Titel", "Domein", "Wijk", "Aantal inwoners"],
            ["Goed", "Ruimte", "Zuid", 3],
            ["Fout", "Ruimte", "Oost", "veel"],
        ]
    )
    report = portfolio_import(
        municipality=municipality, by=personas[Role.PORTFOLIO_MANAGER], content=content
    )
    assert not report.ok
    reasons = {(i.row, i.column, i.message) for i in report.issues}
    assert (3, "C (Wijk)", "Onbekende keuze; kies uit: Noord, Zuid.") in reasons
    assert any(row == 3 and column == "D (Aantal inwoners)" for row, column, _m in reasons)
    assert not Initiative.objects.filter(municipality=municipality).exists()


def test_reimport_updates_own_values(municipality, own, personas) -> None:
    initiative = InitiativeFactory(
        municipality=municipality, reference="KV-7", custom_values={"wijk": "Noord"}
    )
    content = xlsx(
        [
            ["Kenmerk", "Titel", "Domein", "Wijk"],
            ["KV-7", initiative.title, initiative.domain.name, "Zuid"],
        ]
    )
    report = portfolio_import(
        municipality=municipality, by=personas[Role.PORTFOLIO_MANAGER], content=content
    )
    assert report.ok, report.issues
    assert report.updated == 1
    initiative.refresh_from_db()
    assert initiative.custom_values == {"wijk": "Zuid"}


def test_the_mapping_page_offers_own_fields(municipality, own, pm_client) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    DomainFactory(municipality=municipality, name="Ruimte")
    upload = SimpleUploadedFile(
        "lijst.xlsx", xlsx([["Titel", "Domein", "Wijk"], ["A", "Ruimte", "Zuid"]])
    )
    pm_client.post(reverse("spreadsheets:import_upload"), {"file": upload})
    page = pm_client.get(reverse("spreadsheets:import_mapping")).content.decode()
    assert 'value="eigen:wijk" selected' in page


def test_an_exported_list_with_own_fields_imports_back_unchanged(
    municipality, own, pm_client, personas
) -> None:
    InitiativeFactory(
        municipality=municipality,
        reference="KV-1",
        custom_values={
            "wijk": "Zuid",
            "inwoners": "1250.5",
            "gereed": "2027-06-30",
            "privacy": True,
        },
    )
    InitiativeFactory(municipality=municipality, reference="KV-2", custom_values={})
    content = pm_client.get(reverse("spreadsheets:export_portfolio")).content
    report = portfolio_import(
        municipality=municipality, by=personas[Role.PORTFOLIO_MANAGER], content=content
    )
    assert report.ok, report.issues
    assert (report.unchanged, report.updated, report.created) == (2, 0, 0)
    assert {"eigen:wijk", "eigen:inwoners", "eigen:gereed", "eigen:privacy"} <= set(report.mapping)
