"""The dashboard's aggregation selectors, usable without the page (e.g. by the P&C reports)."""

from __future__ import annotations

import datetime

import pytest

from koersvast.dashboards import selectors
from koersvast.dashboards.selectors import Scope
from koersvast.portfolio.models import Initiative
from koersvast.portfolio.selectors import parse_period, scope_q
from tests.factories import InitiativeFactory

TODAY = datetime.date(2026, 5, 1)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026", (2026 * 4, 2026 * 4 + 3)),
        ("2026-Q1", (2026 * 4, 2026 * 4)),
        ("2026-q4", (2026 * 4 + 3, 2026 * 4 + 3)),
        ("2026-Q5", None),
        ("26", None),
        ("", None),
        ("volgend jaar", None),
    ],
)
def test_parse_period(value, expected) -> None:
    assert parse_period(value) == expected


def test_period_keeps_initiatives_whose_run_overlaps_it(municipality) -> None:
    def make(ref: str, year: int | None, quarter: int | None, duration: int) -> None:
        InitiativeFactory(
            municipality=municipality,
            reference=ref,
            start_year=year,
            start_quarter=quarter,
            duration_quarters=duration,
        )

    make("before", 2025, 1, 4)  # 2025-Q1 … 2025-Q4
    make("across", 2025, 4, 2)  # 2025-Q4 … 2026-Q1
    make("inside", 2026, 3, 1)
    make("after", 2027, 1, 2)
    make("undated", None, None, 4)

    def refs(period: str) -> list[str]:
        queryset = Initiative.objects.filter(scope_q({"period": period}))
        return sorted(queryset.values_list("reference", flat=True))

    assert refs("2026") == ["across", "inside"]
    assert refs("2026-Q2") == []
    assert refs("2025-Q4") == ["across", "before"]
    assert refs("") == ["across", "after", "before", "inside", "undated"]


def test_scope_from_params_drops_malformed_values() -> None:
    scope = Scope.from_params(
        {"domain": " ruimte ", "programme": "7", "owner": "x", "period": "2026-q2"}
    )
    assert scope == Scope(domain="ruimte", programme="7", owner="", period="2026-Q2")
    assert scope.as_filters() == {"domain": "ruimte", "programme": "7", "period": "2026-Q2"}


def test_selectors_work_on_their_own(portfolio) -> None:
    municipality = portfolio.municipality
    scope = Scope(domain="d-sociaal")  # n even: 0, 2, …, 10
    composition = selectors.composition(municipality=municipality, scope=scope)
    assert composition.total == 6
    assert composition.state("in_uitvoering").count == 2  # n 0 and 6
    assert [row.label for row in selectors.by_domain(municipality=municipality, scope=scope)] == [
        "Sociaal"
    ]
    programmes = selectors.by_programme(municipality=municipality, scope=scope)
    assert [(row.key, row.count) for row in programmes] == [(str(portfolio.programme.pk), 6)]
    rag = {
        row.key: row.count for row in selectors.rag_overview(municipality=municipality, scope=scope)
    }
    assert rag == {"groen": 1, "oranje": 0, "rood": 1, "": 0}
    overdue = selectors.overdue_reports(municipality=municipality, scope=scope, today=TODAY)
    # The report due by May 2026 is the one over 2026-Q1, which all running work submitted.
    assert (overdue.period, overdue.count) == ("2026-Q1", 0)
    later = selectors.overdue_reports(
        municipality=municipality, scope=scope, today=datetime.date(2026, 8, 1)
    )
    assert (later.period, later.count) == ("2026-Q2", 2)
    assert selectors.capacity_utilisation(municipality=municipality) is None
    risks = selectors.top_risks(municipality=municipality, scope=scope, limit=3)
    assert (risks.active, len(risks.top)) == (6, 3)
    assert [r.score for r in risks.top] == sorted((r.score for r in risks.top), reverse=True)
