"""The figures of the reports match the data, with a fixed number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from koersvast.reports import selectors
from koersvast.reports.periods import cutoff
from tests.factories import BudgetLineFactory, InitiativeFactory, RiskFactory

pytestmark = pytest.mark.django_db


def _group(data, name_start):
    return next(g for g in data["groups"] if g["name"].startswith(name_start))


def test_portfolio_report_groups_per_taakveld(municipality, portfolio) -> None:
    data = selectors.portfolio_report(municipality=municipality, moment="najaarsnota", year=2026)

    assert data["municipality"] == "Utrecht"
    assert data["title"] == "Portfoliorapportage – Najaarsnota 2026"
    assert data["period"] == "2026-Q3"
    assert [c["key"] for c in data["columns"]] == ["planned", "actual", "forecast"]
    # Taakvelden by their number; the group without taakveld last; the idea is not in it.
    assert [g["name"] for g in data["groups"]] == [
        "2.1 Verkeer en vervoer",
        "5.6 Media",
        "Zonder taakveld",
    ]
    assert data["count"] == 3
    traffic = _group(data, "2.1")
    (bridge,) = traffic["initiatives"]
    assert bridge["reference"] == "KV-001"
    assert bridge["state_label"] == "In uitvoering"
    assert bridge["rag"] == "oranje"  # Q2; Q4 is after the cut-off
    assert bridge["budget"]["planned"] == 1_300_000  # 2026 only, both kinds
    assert bridge["budget"]["actual"] == 950_000
    assert bridge["risks"] == 2  # the closed one does not count
    assert bridge["top_risk"]["title"] == "Stikstofvergunning vertraagd"
    assert (bridge["benefits"], bridge["benefits_realised"]) == (2, 1)
    assert traffic["top_risks"][0]["score"] == 20
    library = _group(data, "5.6")["initiatives"][0]
    assert library["rag"] == ""  # only a draft report
    assert data["totals"]["planned"] == 1_700_000
    assert data["rag"] == {"groen": 0, "oranje": 1, "rood": 0, "": 2}


def test_portfolio_report_per_programme_and_domain(municipality, portfolio) -> None:
    data = selectors.portfolio_report(
        municipality=municipality, moment="jaarrekening", year=2026, group_by="programma"
    )
    assert [g["name"] for g in data["groups"]] == [
        "Bereikbaarheid",
        "Cultuur",
        "Zonder begrotingsprogramma",
    ]
    assert data["groups"][0]["totals"]["variance"] == 950_000 - 1_300_000

    filtered = selectors.portfolio_report(
        municipality=municipality, moment="begroting", year=2026, domain=portfolio.domain
    )
    assert filtered["domain"] == "Ruimte"
    assert [i["reference"] for g in filtered["groups"] for i in g["initiatives"]] == ["KV-001"]
    assert [c["key"] for c in filtered["columns"]] == ["planned"]
    assert filtered["period"] == "2025-Q3"  # the begroting is drawn up the year before
    assert filtered["groups"][0]["initiatives"][0]["rag"] == ""


def test_raad_report_lists_large_projects(municipality, portfolio) -> None:
    data = selectors.raad_report(municipality=municipality, moment="najaarsnota", year=2026)

    assert data["threshold"] == 1_000_000
    assert [p["reference"] for p in data["projects"]] == ["KV-001"]
    (bridge,) = data["projects"]
    assert bridge["phase_label"] == "Realisatie"
    assert (bridge["start"], bridge["end"]) == ("2026-Q2", "2027-Q3")
    assert bridge["total"] == 2_800_000
    assert bridge["rag"] == "oranje"
    assert [r["title"] for r in bridge["top_risks"]] == [
        "Stikstofvergunning vertraagd",
        "Aannemer failliet",
    ]

    lower = selectors.raad_report(
        municipality=municipality, moment="najaarsnota", year=2026, threshold=100_000
    )
    assert [p["reference"] for p in lower["projects"]] == ["KV-001", "KV-002"]
    assert lower["projects"][1]["phase_label"] == "Initiatie"  # no phase decision yet
    assert lower["total"] == 3_200_000


def test_other_municipality_never_counts(municipality, other_municipality, portfolio) -> None:
    stranger = InitiativeFactory(
        municipality=other_municipality, state="in_uitvoering", budget_capital=9_000_000
    )
    BudgetLineFactory(initiative=stranger, year=2026, planned=9_000_000)
    data = selectors.raad_report(municipality=municipality, moment="najaarsnota", year=2026)
    assert [p["reference"] for p in data["projects"]] == ["KV-001"]


def test_cutoff_per_moment() -> None:
    assert cutoff("begroting", 2027) == (2026, 3)
    assert cutoff("voorjaarsnota", 2027) == (2027, 1)
    assert cutoff("najaarsnota", 2027) == (2027, 3)
    assert cutoff("jaarrekening", 2027) == (2027, 4)


def test_query_count_does_not_grow_with_the_portfolio(municipality, portfolio) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            selectors.portfolio_report(municipality=municipality, moment="najaarsnota", year=2026)
            selectors.raad_report(municipality=municipality, moment="najaarsnota", year=2026)
        return len(queries)

    before = count()
    for n in range(15):
        initiative = InitiativeFactory(
            municipality=municipality, state="in_uitvoering", budget_capital=2_000_000
        )
        BudgetLineFactory(initiative=initiative, year=2026, planned=10_000 + n)
        RiskFactory(initiative=initiative)
    assert count() == before


def _plan_version(municipality, number, *, baseline):

    from koersvast.planning.models import PlanVersion, ScenarioDecision
    from tests.factories import DecisionBodyFactory, ScenarioFactory, ScenarioRunFactory

    scenario = ScenarioFactory(municipality=municipality)
    run = ScenarioRunFactory(scenario=scenario, status="done")
    decision = ScenarioDecision.objects.create(
        municipality=municipality,
        scenario=scenario,
        run=run,
        body=DecisionBodyFactory(municipality=municipality, name=f"College {number}"),
        rationale="Begroting",
    )
    return PlanVersion.objects.create(
        municipality=municipality,
        year=2026,
        number=number,
        scenario=scenario,
        run=run,
        decision=decision,
        is_baseline=baseline,
        adopted_at=timezone.now(),
    )


def test_raad_report_reads_the_plan_of_record(municipality, portfolio) -> None:
    from koersvast.planning.models import PlanItem
    from koersvast.portfolio.models import Initiative

    bridge = Initiative.objects.get(municipality=municipality, reference="KV-001")
    _plan_version(municipality, 1, baseline=True)
    version = _plan_version(municipality, 2, baseline=False)
    PlanItem.objects.create(
        municipality=municipality,
        version=version,
        initiative=bridge,
        start_year=2026,
        start_quarter=2,
        end_year=2027,
        end_quarter=4,
        start_period="2026-Q2",
        end_period="2027-Q4",
        running=True,
    )
    data = selectors.raad_report(municipality=municipality, moment="najaarsnota", year=2026)
    (row,) = data["projects"]
    assert (row["start"], row["end"]) == ("2026-Q2", "2027-Q4")  # the plan, not the window
    assert data["plan"]["label"] == "Plan 2026-2" and data["plan"]["body"] == "College 2"
    assert data["plan"]["baseline"] == "Plan 2026-1"
    portfolio_data = selectors.portfolio_report(
        municipality=municipality, moment="najaarsnota", year=2026
    )
    assert portfolio_data["plan"]["label"] == "Plan 2026-2"


def test_raad_report_warns_about_running_work_that_starts_in_the_future(
    municipality, portfolio
) -> None:
    """Issue 19 item 2: a report does not silently publish running work starting later."""
    from koersvast.portfolio.models import Initiative

    bridge = Initiative.objects.get(municipality=municipality, reference="KV-001")
    data = selectors.raad_report(municipality=municipality, moment="najaarsnota", year=2026)
    assert not [w for w in data["warnings"] if "in uitvoering" in w]

    Initiative.objects.filter(pk=bridge.pk).update(start_year=timezone.localdate().year + 2)
    data = selectors.raad_report(municipality=municipality, moment="najaarsnota", year=2026)
    (warning,) = [w for w in data["warnings"] if "in uitvoering" in w]
    assert "KV-001" in warning and "1 initiatieven" in warning
