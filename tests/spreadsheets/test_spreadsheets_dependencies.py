"""The Excel columns "Na (codes)" and "Alternatieven (groep)": all or nothing, Dutch errors."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from koersvast.portfolio.choices import DependencyKind
from koersvast.portfolio.models import Alternative, Dependency, Initiative
from koersvast.spreadsheets.dependencies import parse_after
from koersvast.tenancy.choices import Role
from tests.factories import DomainFactory, InitiativeFactory

from .test_spreadsheets_import import run, xlsx

pytestmark = pytest.mark.django_db

HEADER = ["Kenmerk", "Titel", "Domein", "Na (codes)", "Alternatieven (groep)"]


@pytest.fixture
def manager(personas):
    return personas[Role.PORTFOLIO_MANAGER]


@pytest.fixture
def domain(municipality):
    return DomainFactory(municipality=municipality, name="Ruimte")


def test_parse_after_reads_references_and_lags():
    assert parse_after("KV-014, KV-020+2") == [("KV-014", 0), ("KV-020", 2)]
    assert parse_after("") == []
    with pytest.raises(ValueError, match="Onleesbaar"):
        parse_after("KV-014 en KV-015")


def test_import_sets_dependencies_and_alternatives(municipality, manager, domain):
    InitiativeFactory(municipality=municipality, reference="KV-001", domain=domain)
    content = xlsx(
        [
            HEADER,
            ["KV-002", "Tweede", "Ruimte", "KV-001+1", "Huisvesting"],
            ["KV-003", "Derde", "Ruimte", "KV-001, KV-002", ""],
            ["KV-004", "Vierde", "Ruimte", "", "Huisvesting"],
        ]
    )
    report = run(municipality, manager, content)
    assert report.ok, report.issues
    pairs = set(
        Dependency.objects.values_list(
            "predecessor__reference", "successor__reference", "lag_quarters"
        )
    )
    assert pairs == {("KV-001", "KV-002", 1), ("KV-001", "KV-003", 0), ("KV-002", "KV-003", 0)}
    assert set(
        Alternative.objects.filter(group__name="Huisvesting").values_list(
            "initiative__reference", flat=True
        )
    ) == {"KV-002", "KV-004"}


def test_a_cycle_or_unknown_reference_writes_nothing(municipality, manager, domain):
    InitiativeFactory(municipality=municipality, reference="KV-001", domain=domain)
    content = xlsx(
        [
            HEADER,
            ["KV-001", "Eerste", "Ruimte", "KV-002", ""],
            ["KV-002", "Tweede", "Ruimte", "KV-001", ""],
            ["KV-003", "Derde", "Ruimte", "KV-999", ""],
        ]
    )
    report = run(municipality, manager, content)
    assert not report.applied
    messages = [issue.message for issue in report.issues]
    assert any("kring" in m and "KV-001" in m and "KV-002" in m for m in messages), messages
    assert any("Onbekend kenmerk: KV-999." in m for m in messages), messages
    assert not Dependency.objects.exists()
    assert not Initiative.objects.filter(reference="KV-002").exists()


def test_alternatives_that_need_each_other_are_refused_per_row(municipality, manager, domain):
    content = xlsx(
        [
            HEADER,
            ["KV-010", "Variant A", "Ruimte", "", "Huisvesting"],
            ["KV-011", "Variant B", "Ruimte", "KV-010", "Huisvesting"],
        ]
    )
    report = run(municipality, manager, content)
    assert not report.applied
    [issue] = report.issues
    assert issue.row == 3 and "alternatieven" in issue.message
    assert not Alternative.objects.exists()


def test_export_and_re_import_keep_dependencies_and_groups(
    municipality, manager, domain, pm_client
):
    a, b, c = (
        InitiativeFactory(municipality=municipality, reference=f"KV-10{n}", domain=domain)
        for n in range(3)
    )
    Dependency.objects.create(municipality=municipality, predecessor=a, successor=b, lag_quarters=2)
    Dependency.objects.create(
        municipality=municipality,
        predecessor=a,
        successor=c,
        kind=DependencyKind.NEEDS_RESULT,
    )
    from koersvast.portfolio.dependencies import alternative_add

    alternative_add(initiative=c, other=b, group_name="Varianten", by=manager)
    content = pm_client.get(reverse("spreadsheets:export_portfolio")).content
    sheet = load_workbook(BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    cells = {row[0]: row for row in rows[1:]}
    assert cells["KV-101"][header.index("Na (codes)")] == "KV-100+2"
    assert cells["KV-102"][header.index("Alternatieven (groep)")] == "Varianten"
    before = set(Dependency.objects.values_list("predecessor", "successor", "kind", "lag_quarters"))
    report = run(municipality, manager, content)
    assert report.ok, report.issues
    after = set(Dependency.objects.values_list("predecessor", "successor", "kind", "lag_quarters"))
    assert after == before  # every kind has its column and round-trips
    assert Alternative.objects.count() == 2
