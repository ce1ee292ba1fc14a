"""Import of actuals from a CSV export: all rows or none, per-row Dutch messages."""

from __future__ import annotations

from decimal import Decimal

import pytest

from koersvast.monitoring.actuals import parse_amount
from koersvast.monitoring.models import BudgetLine
from koersvast.monitoring.services.budget import budget_actuals_import
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.choices import Role
from tests.factories import BudgetLineFactory, InitiativeFactory


@pytest.fixture
def initiatives(municipality, other_municipality):
    InitiativeFactory(municipality=municipality, reference="KV-001")
    InitiativeFactory(municipality=municipality, reference="KV-002")
    InitiativeFactory(municipality=other_municipality, reference="AMS-001")


def _import(municipality, personas, text, dry_run=False):
    return budget_actuals_import(
        municipality_id=municipality.pk,
        content=text.encode(),
        by=personas[Role.PORTFOLIO_MANAGER],
        dry_run=dry_run,
    )


def test_parse_amount():
    assert parse_amount("1.234,56") == Decimal("1234.56")
    assert parse_amount("1234.5") == Decimal("1234.50")
    assert parse_amount("€ 12 000") == Decimal("12000.00")
    assert parse_amount("1.250") == Decimal("1250.00")  # not 1,25: dots group thousands
    with pytest.raises(ValueError, match="Geen bedrag"):
        parse_amount("twaalf")


def test_good_file_semicolon_and_decimal_comma(municipality, personas, initiatives):
    line = BudgetLineFactory(
        initiative=Initiative.objects.get(reference="KV-001"),
        year=2026,
        kind="krediet",
        planned=Decimal(5000),
    )
    text = "kenmerk;jaar;soort;bedrag\nKV-001;2026;krediet;1.234,56\nKV-002;2026;Exploitatie;99\n"
    result = _import(municipality, personas, text)
    assert result.ok and (result.created, result.updated) == (1, 1)
    line.refresh_from_db()
    assert (line.actual, line.planned) == (Decimal("1234.56"), Decimal(5000))


def test_comma_separated(municipality, personas, initiatives):
    result = _import(
        municipality, personas, "Kenmerk,Jaar,Soort,Bedrag\nKV-002,2025,krediet,10.5\n"
    )
    assert result.ok
    assert BudgetLine.objects.get(year=2025).actual == Decimal("10.50")


def test_dry_run_writes_nothing(municipality, personas, initiatives):
    result = _import(
        municipality, personas, "kenmerk;jaar;soort;bedrag\nKV-001;2026;krediet;5\n", True
    )
    assert result.ok and result.created == 1
    assert not BudgetLine.objects.exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("KV-009;2026;krediet;5", "geen initiatief met kenmerk 'KV-009'"),
        ("AMS-001;2026;krediet;5", "geen initiatief met kenmerk 'AMS-001'"),
        ("KV-001;twintig;krediet;5", "'twintig' is geen jaartal"),
        ("KV-001;2026;subsidie;5", "soort 'subsidie' is niet krediet of exploitatie"),
        ("KV-001;2026;krediet;veel", "'veel' is geen bedrag"),
        (";2026;krediet;5", "het kenmerk ontbreekt"),
        ("KV-002;2026;krediet;5\nKV-002;2026;krediet;6", "ook op regel 3"),
    ],
)
def test_bad_rows_write_nothing(municipality, personas, initiatives, body, message):
    text = "kenmerk;jaar;soort;bedrag\nKV-001;2026;exploitatie;100\n" + body + "\n"
    result = _import(municipality, personas, text)
    assert not result.ok
    assert any(message in error and "Regel" in error for error in result.errors), result.errors
    assert not BudgetLine.objects.exists()


def test_missing_columns_and_binary(municipality, personas, initiatives):
    assert (
        "Kolommen ontbreken"
        in _import(municipality, personas, "kenmerk;bedrag\nKV-001;5\n").errors[0]
    )
    result = budget_actuals_import(
        municipality_id=municipality.pk,
        content=b"\xff\xfe\x00\x81",
        by=personas[Role.PORTFOLIO_MANAGER],
    )
    assert not result.ok
    assert not BudgetLine.objects.exists()


def test_only_portfolio_manager_imports(municipality, personas, initiatives):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        budget_actuals_import(
            municipality_id=municipality.pk, content=b"", by=personas[Role.PROJECT_LEADER]
        )
