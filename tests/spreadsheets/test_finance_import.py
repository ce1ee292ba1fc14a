"""Excel import of a MIP and of budget lines: the portfolio import's all-or-nothing, dry run
and per-row Dutch errors; the MIP export → import round trip changes nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import Workbook

from koersvast.finance import imports, services
from koersvast.finance.models import AssetCategory, BudgetVersion, BudgetVersionLine, Investment
from koersvast.finance.selectors import estimate as selectors
from koersvast.tenancy.choices import Role
from tests.factories import DecisionBodyFactory, InitiativeFactory

pytestmark = pytest.mark.django_db
YEAR = selectors.default_budget_year()
MIP_HEADERS = [
    "Kenmerk",
    "Investering",
    "Categorie",
    "Nut",
    "Methode",
    "Termijn (jaren)",
    "Ingebruikname",
    "Bedrag",
    "Restwaarde",
]


def workbook(headers, rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "MIP"
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def initiative(municipality):
    services.categories_ensure(municipality=municipality)
    return InitiativeFactory(
        municipality=municipality, reference="KV-001", state="gepland", budget_programme="Wonen"
    )


def test_mip_import_creates_investments_after_a_dry_run(municipality, personas, initiative):
    pm = personas[Role.PORTFOLIO_MANAGER]
    content = workbook(
        MIP_HEADERS,
        [
            ["KV-001", "Zaaksysteem", "ICT", "Economisch nut", "Lineair", 5, YEAR, 2_000_000, 0],
            [
                "KV-001",
                "Brug",
                "civiele kunstwerken",
                "maatschappelijk",
                "annuïteit",
                "",
                YEAR + 1,
                "€ 1.250.000,00",
                "",
            ],
        ],
    )
    dry = imports.mip_import(municipality=municipality, by=pm, content=content, dry_run=True)
    assert dry.ok and dry.created == 2 and not dry.applied
    assert not Investment.objects.exists()
    done = imports.mip_import(municipality=municipality, by=pm, content=content)
    assert done.applied
    bridge = Investment.objects.get(description="Brug")
    assert bridge.amount == Decimal("1250000") and bridge.method == "annuiteit"
    assert bridge.utility == "maatschappelijk" and bridge.term is None
    assert bridge.category.name == "Civiele kunstwerken"
    zaak = Investment.objects.get(description="Zaaksysteem")
    assert zaak.term is None and zaak.effective_term == 5  # the category's term


def test_bad_mip_rows_give_per_row_dutch_errors_and_nothing_is_written(
    municipality, personas, initiative
):
    pm = personas[Role.PORTFOLIO_MANAGER]
    content = workbook(
        MIP_HEADERS,
        [
            ["KV-001", "Goed", "ICT", "", "", "", YEAR, 100_000, ""],
            ["KV-999", "Onbekend", "ICT", "", "", "", YEAR, 100_000, ""],
            ["KV-001", "Fout bedrag", "ICT", "", "", "", YEAR, "veel", ""],
            ["KV-001", "Fout categorie", "Ruimteschepen", "", "", "", YEAR, 1, ""],
            ["KV-001", "Restwaarde", "ICT", "", "", "", YEAR, 10, 20],
            ["KV-001", "Goed", "ICT", "", "", "", YEAR, 100_000, ""],
        ],
    )
    report = imports.mip_import(municipality=municipality, by=pm, content=content)
    assert not report.ok and not report.applied
    assert not Investment.objects.exists()
    by_row = {}
    for issue in report.issues:
        by_row.setdefault(issue.row, []).append(issue)
    assert set(by_row) == {3, 4, 5, 6, 7}
    assert "Geen initiatief met dit kenmerk" in by_row[3][0].message
    assert by_row[3][0].column == "A (Kenmerk)" and by_row[3][0].value == "KV-999"
    assert "Geen bedrag" in by_row[4][0].message
    assert "Onbekende activacategorie" in by_row[5][0].message
    assert "restwaarde" in by_row[6][0].message.lower()
    assert "staat al in regel 2" in by_row[7][0].message


def test_a_missing_required_column_is_named(municipality, personas, initiative):
    content = workbook(["Kenmerk", "Investering", "Categorie"], [["KV-001", "X", "ICT"]])
    report = imports.mip_import(
        municipality=municipality, by=personas[Role.PORTFOLIO_MANAGER], content=content
    )
    messages = " ".join(i.message for i in report.issues)
    assert "Verplichte kolom ontbreekt: “Ingebruikname”" in messages
    assert "“Bedrag”" in messages


def test_mip_export_then_import_is_a_round_trip(municipality, personas, initiative, client_for):
    pm = personas[Role.PORTFOLIO_MANAGER]
    ict = AssetCategory.objects.get(municipality=municipality, name="ICT")
    buildings = AssetCategory.objects.get(municipality=municipality, name="Gebouwen")
    Investment.objects.create(
        municipality=municipality,
        initiative=initiative,
        description="Zaaksysteem",
        amount=Decimal("2000000"),
        activation_year=YEAR,
        category=ict,
    )
    Investment.objects.create(
        municipality=municipality,
        initiative=initiative,
        description="Stadhuis",
        amount=Decimal("12500000.50"),
        activation_year=YEAR + 2,
        category=buildings,
        term=30,
        method="annuiteit",
        utility="maatschappelijk",
        residual_value=Decimal("500000"),
    )
    before = list(Investment.objects.order_by("pk").values())
    exported = client_for(pm).get(reverse("finance:mip_export"), {"jaar": YEAR}).content
    report = imports.mip_import(municipality=municipality, by=pm, content=exported)
    assert report.ok and report.applied
    assert report.unchanged == 2 and report.created == report.updated == 0
    after = list(Investment.objects.order_by("pk").values())
    assert [{k: v for k, v in row.items() if k != "updated_at"} for row in after] == [
        {k: v for k, v in row.items() if k != "updated_at"} for row in before
    ]


def test_a_reader_may_not_import(municipality, personas, initiative):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        imports.mip_import(
            municipality=municipality,
            by=personas[Role.READER],
            content=workbook(MIP_HEADERS, []),
        )


def _decision(municipality):
    body = DecisionBodyFactory(municipality=municipality, name="Gemeenteraad", kind="raad")
    return services.CouncilDecision(body=body, decided_on=datetime.date(YEAR - 1, 11, 7))


def test_budget_lines_import_as_a_primitieve_begroting(municipality, personas, initiative):
    pm = personas[Role.PORTFOLIO_MANAGER]
    content = workbook(
        ["Kenmerk", "Begrotingsprogramma", "Post", "Jaar", "Bedrag"],
        [
            ["KV-001", "", "Lasten structureel", YEAR, "100.000"],
            ["", "Zorg", "lasten incidenteel", YEAR + 1, 5000],
        ],
    )
    args = {
        "municipality": municipality,
        "by": pm,
        "content": content,
        "budget_year": YEAR,
        "kind": "primitief",
        "decision": _decision(municipality),
    }
    assert imports.budget_import(**args, dry_run=True).ok
    assert not BudgetVersion.objects.exists()
    report = imports.budget_import(**args)
    assert report.applied
    version = BudgetVersion.objects.get()
    assert version.is_primitive and version.body.kind == "raad"
    lines = {
        (line.reference, line.programme, line.key, line.year): line.amount
        for line in BudgetVersionLine.objects.all()
    }
    assert lines == {
        ("KV-001", "Wonen", "lasten_structureel", YEAR): Decimal(100_000),
        ("", "Zorg", "lasten_incidenteel", YEAR + 1): Decimal(5000),
    }


def test_bad_budget_lines_give_per_row_dutch_errors(municipality, personas, initiative):
    content = workbook(
        ["Kenmerk", "Post", "Jaar", "Bedrag"],
        [
            ["KV-001", "Lasten structureel", YEAR, 1000],
            ["KV-001", "Vakantiegeld", YEAR, 1000],
            ["KV-001", "Lasten structureel", YEAR + 9, 1000],
            ["KV-001", "Lasten structureel", YEAR, -5],
            ["", "Lasten structureel", YEAR, 5],
        ],
    )
    report = imports.budget_import(
        municipality=municipality,
        by=personas[Role.PORTFOLIO_MANAGER],
        content=content,
        budget_year=YEAR,
        kind="primitief",
        decision=_decision(municipality),
    )
    assert not report.applied and not BudgetVersion.objects.exists()
    messages = {issue.row: issue.message for issue in report.issues}
    assert "Onbekende waarde" in messages[3]
    assert "buiten de meerjarenraming" in messages[4]
    assert "nul of positief" in messages[5]
    assert "kenmerk of een begrotingsprogramma" in messages[6]


def test_import_pages_dry_run_then_confirm(municipality, personas, initiative, client_for):
    client = client_for(personas[Role.PORTFOLIO_MANAGER])
    content = workbook(
        MIP_HEADERS, [["KV-001", "Zaaksysteem", "ICT", "", "", "", YEAR, 2_000_000, ""]]
    )
    upload = BytesIO(content)
    upload.name = "mip.xlsx"
    response = client.post(reverse("finance:mip_import"), {"file": upload})
    assert response.status_code == 302
    page = client.get(reverse("finance:import_preview")).content.decode()
    assert "Proefimport geslaagd: 1 nieuw" in page
    assert not Investment.objects.exists()
    response = client.post(reverse("finance:import_preview"))
    assert response.status_code == 302 and Investment.objects.count() == 1
    # readers do not get the import
    reader = client_for(personas[Role.READER])
    assert reader.get(reverse("finance:mip_import")).status_code == 403
    assert "Importeren uit Excel" not in reader.get(reverse("finance:mip")).content.decode()


def test_budget_import_page_records_the_version_with_its_council_decision(
    municipality, personas, initiative, client_for
):
    client = client_for(personas[Role.PORTFOLIO_MANAGER])
    council = DecisionBodyFactory(municipality=municipality, name="Gemeenteraad", kind="raad")
    content = workbook(
        ["Kenmerk", "Post", "Jaar", "Bedrag"], [["KV-001", "Lasten structureel", YEAR, 1000]]
    )
    upload = BytesIO(content)
    upload.name = "begroting.xlsx"
    form = {
        "file": upload,
        "budget_year": YEAR,
        "kind": "primitief",
        "body": council.pk,
        "decided_on": f"{YEAR - 1}-11-07",
        "decision_reference": "RB-7",
    }
    response = client.post(reverse("finance:budget_import"), form)
    assert response.status_code == 302
    page = client.get(reverse("finance:import_preview")).content.decode()
    assert "Proefimport geslaagd: 1 nieuw" in page
    assert not BudgetVersion.objects.exists()
    assert client.post(reverse("finance:import_preview")).status_code == 302
    version = BudgetVersion.objects.get()
    assert (version.decision_reference, version.body, version.lines.count()) == ("RB-7", council, 1)
    # a body that is not the raad is not offered
    board = DecisionBodyFactory(municipality=municipality)
    upload.seek(0)
    response = client.post(reverse("finance:budget_import"), {**form, "body": board.pk})
    assert response.status_code == 200 and "body" in response.context["version_form"].errors
