"""The feed end to end: service document, every entity set, query options, paging, errors."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from koersvast.monitoring.models import ProgressReport
from koersvast.odata.entities import ENTITY_SETS

from .conftest import COUNTS as COUNTS_A
from .conftest import FEED, Feed

pytestmark = pytest.mark.django_db


def test_every_entity_set_is_counted_here() -> None:
    assert {s.name for s in ENTITY_SETS} == set(COUNTS_A)


def test_service_document_lists_every_set(feed_a: Feed) -> None:
    response = feed_a.get("")
    assert response.status_code == 200
    assert response["OData-Version"] == "4.0"
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["@odata.context"] == "http://testserver/odata/v4/$metadata"
    assert [e["name"] for e in body["value"]] == [s.name for s in ENTITY_SETS]
    assert all(e["kind"] == "EntitySet" for e in body["value"])


@pytest.mark.parametrize("name", list(COUNTS_A))
def test_every_entity_set(feed_a: Feed, data_a: Any, data_b: Any, name: str) -> None:
    response = feed_a.get(name)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["@odata.context"] == f"http://testserver/odata/v4/$metadata#{name}"
    assert len(body["value"]) == COUNTS_A[name]
    entity_set = next(s for s in ENTITY_SETS if s.name == name)
    for row in body["value"]:
        assert list(row) == [p.name for p in entity_set.props]
    keys = [row[entity_set.key_name] for row in body["value"]]
    assert keys == sorted(keys)  # default order: by key


def test_initiative_values_are_typed(feed_a: Feed, data_a: Any) -> None:
    initiative = data_a["initiatives"][3]
    row = feed_a.get(f"Initiatives({initiative.pk})").json()
    assert row["@odata.context"].endswith("$metadata#Initiatives/$entity")
    assert row["Id"] == initiative.pk
    assert row["Reference"] == "A-003"
    assert row["BudgetCapital"] == 3000.5
    assert row["StartYear"] == 2027
    assert row["IsStatutory"] is True
    assert row["ProgrammeId"] is None
    assert row["CreatedAt"].endswith("Z")
    first = feed_a.get(f"Initiatives({data_a['initiatives'][0].pk})").json()
    assert first["ProgrammeId"] == data_a["programme"].pk


def test_plan_lines_come_from_the_newest_finished_run(feed_a: Feed, data_a: Any) -> None:
    rows = feed_a.get("Plan", {"$orderby": "StartPeriod"}).json()["value"]
    first, second = rows
    assert first["InitiativeId"] == data_a["initiatives"][0].pk
    assert (first["StartPeriod"], first["EndPeriod"]) == ("2027-Q1", "2027-Q2")
    assert (second["StartYear"], second["StartQuarter"], second["EndQuarter"]) == (2027, 3, 4)
    assert second["Value"] == 11.5
    assert first["IsPlanOfRecord"] is True
    key = f"'{data_a['scenario'].pk}-A-001'"
    assert feed_a.get(f"Plan({key})").json()["InitiativeReference"] == "A-001"


def test_status_reports_are_only_submitted_ones(feed_a: Feed, data_a: Any) -> None:
    rows = feed_a.get("StatusReports").json()["value"]
    assert [r["Id"] for r in rows] == [data_a["report"].pk]
    assert ProgressReport.objects.filter(status="concept").exists()
    assert rows[0]["IsSuperseded"] is False


def test_benefits_carry_their_latest_measurement(feed_a: Feed, data_a: Any) -> None:
    (row,) = feed_a.get("Benefits").json()["value"]
    assert row["LatestValue"] == 15.25
    assert row["LatestMeasuredOn"] == "2027-06-30"
    assert row["TargetDate"] == "2028-12-31"


def test_capacity_demand_falls_in_a_quarter(feed_a: Feed, data_a: Any) -> None:
    rows = feed_a.get("CapacityDemand", {"$filter": "Year ne null"}).json()["value"]
    by_initiative = {r["InitiativeId"]: r for r in rows}
    third = data_a["initiatives"][3]  # starts 2027-Q4
    assert (by_initiative[third.pk]["Year"], by_initiative[third.pk]["Quarter"]) == (2027, 4)
    assert len(rows) == 3


# --- query options -------------------------------------------------------------------------


def test_select(feed_a: Feed, data_a: Any) -> None:
    body = feed_a.get("Initiatives", {"$select": "Title,Id"}).json()
    assert body["@odata.context"].endswith("#Initiatives(Title,Id)")
    assert all(list(row) == ["Title", "Id"] for row in body["value"])


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("State eq 'opgenomen'", ["A-001", "A-004"]),
        ("State ne 'opgenomen' and StartYear eq null", ["A-000", "A-002", "A-006"]),
        ("BudgetCapital gt 4000", ["A-004", "A-005", "A-006"]),
        ("BudgetCapital ge 4000.5", ["A-004", "A-005", "A-006"]),
        ("1000.5 ge BudgetCapital", ["A-000", "A-001"]),
        ("DurationQuarters lt 3 or IsStatutory eq true", ["A-000", "A-003", "A-006"]),
        ("not (StartYear eq null) and (StartQuarter le 2)", ["A-001", "A-005"]),
        ("Reference eq 'A-001' or Reference eq 'A-002'", ["A-001", "A-002"]),
        (
            "contains(Title,'A 1') or startswith(Reference,'A-00') and endswith(State,'nd')",
            ["A-000", "A-001", "A-003", "A-006"],
        ),
        ("not contains(State,'in')", ["A-001", "A-004"]),
        ("TaakveldCode eq null", ["A-000", "A-002", "A-004", "A-006"]),
        ("CreatedAt gt 2000-01-01T00:00:00Z", [f"A-{i:03d}" for i in range(7)]),
    ],
)
def test_filter(feed_a: Feed, data_a: Any, expression: str, expected: list[str]) -> None:
    rows = feed_a.all("Initiatives", {"$filter": expression, "$orderby": "Reference"})
    assert [r["Reference"] for r in rows] == expected


def test_filter_on_dates_and_plan(feed_a: Feed, data_a: Any) -> None:
    assert len(feed_a.all("Benefits", {"$filter": "TargetDate ge 2028-12-31"})) == 1
    assert feed_a.all("Benefits", {"$filter": "TargetDate lt 2028-12-31"}) == []
    rows = feed_a.all("Plan", {"$filter": "Value gt 11 and IsPlanOfRecord eq true"})
    assert [r["InitiativeReference"] for r in rows] == ["A-001"]


def test_orderby_multiple_and_desc(feed_a: Feed, data_a: Any) -> None:
    rows = feed_a.all("Initiatives", {"$orderby": "State desc,BudgetCapital asc"})
    got = [(r["State"], r["BudgetCapital"]) for r in rows]
    assert got == sorted(got, key=lambda t: (tuple(-ord(c) for c in t[0]), t[1]))


def test_orderby_puts_nulls_first_ascending(feed_a: Feed, data_a: Any) -> None:
    rows = feed_a.all("Initiatives", {"$orderby": "StartYear,Reference desc"})
    years = [r["StartYear"] for r in rows]
    assert years[:4] == [None] * 4
    assert [r["Reference"] for r in rows[:4]] == ["A-006", "A-004", "A-002", "A-000"]
    rows = feed_a.all("Initiatives", {"$orderby": "StartYear desc"})
    assert [r["StartYear"] for r in rows][-4:] == [None] * 4


def test_top_skip_and_count(feed_a: Feed, data_a: Any) -> None:
    body = feed_a.get(
        "Initiatives", {"$top": "2", "$skip": "3", "$count": "true", "$orderby": "Reference"}
    ).json()
    assert body["@odata.count"] == 7
    assert [r["Reference"] for r in body["value"]] == ["A-003", "A-004"]
    assert "@odata.nextLink" not in body
    count = feed_a.get("Initiatives/$count", {"$filter": "StartYear eq 2027"})
    assert count.content == b"3"


@pytest.mark.parametrize("page_size", [1, 2, 3, 7, 500])
def test_paging_yields_every_row_once(
    feed_a: Feed, data_a: Any, settings: Any, page_size: int
) -> None:
    settings.ODATA_PAGE_SIZE = page_size
    rows = feed_a.all("Initiatives", {"$orderby": "State,BudgetCapital desc"})
    ids = [r["Id"] for r in rows]
    assert sorted(ids) == sorted(i.pk for i in data_a["initiatives"])
    first = feed_a.get("Initiatives").json()
    assert ("@odata.nextLink" in first) == (page_size < 7)


def test_paging_respects_top_and_filter(feed_a: Feed, data_a: Any, settings: Any) -> None:
    settings.ODATA_PAGE_SIZE = 2
    rows = feed_a.all("Initiatives", {"$filter": "Reference ne 'A-000'", "$top": "5", "$skip": "1"})
    assert len(rows) == 5
    assert "A-000" not in {r["Reference"] for r in rows}
    assert len({r["Id"] for r in rows}) == 5
    plan = feed_a.all("Plan", {"$orderby": "Value desc"})
    assert [r["Value"] for r in plan] == [11.5, 10.0]


# --- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {"$filter": "State eq"},
        {"$filter": "State eq 'open"},
        {"$filter": "Bestaatniet eq 1"},
        {"$filter": "State eq 1"},
        {"$filter": "StartYear eq 1.5"},
        {"$filter": "StartYear gt null"},
        {"$filter": "(State eq 'x'"},
        {"$filter": "State eq 'x')"},
        {"$filter": "length(Title) eq 5"},
        {"$filter": "contains(StartYear,'2')"},
        {"$filter": "State eq 'x' and"},
        {"$filter": "Title eq Reference"},
        {"$filter": "State § 'x'"},
        {"$filter": ""},
        {"$select": "Title,Nope"},
        {"$orderby": "Title sideways"},
        {"$top": "-1"},
        {"$skip": "abc"},
        {"$count": "yes"},
        {"$expand": "Domain"},
        {"$format": "xml"},
    ],
)
def test_bad_queries_are_400_with_an_odata_error(
    feed_a: Feed, data_a: Any, params: dict[str, str]
) -> None:
    response = feed_a.get("Initiatives", params)
    assert response.status_code == 400, response.content
    assert response["OData-Version"] == "4.0"
    error = response.json()["error"]
    assert error["code"] and error["message"]


def test_unknown_set_and_key_are_404(feed_a: Feed, data_a: Any) -> None:
    assert feed_a.get("Nope").status_code == 404
    assert feed_a.get("Initiatives(999999)").status_code == 404
    assert feed_a.get("Initiatives(abc)").status_code == 400
    assert feed_a.get("Plan('0-X')").status_code == 404


def test_feed_is_read_only(feed_a: Feed) -> None:
    response = feed_a.client.post(
        "/odata/v4/Initiatives", HTTP_AUTHORIZATION=feed_a.get("").request["HTTP_AUTHORIZATION"]
    )
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "MethodNotAllowed"


def test_decimal_filter_is_exact(feed_a: Feed, data_a: Any) -> None:
    rows = feed_a.all("Scores", {"$filter": "Total eq 2.125"})
    assert [Decimal(str(r["Total"])) for r in rows] == [Decimal("2.125")]


@pytest.mark.parametrize("name", list(COUNTS_A))
def test_a_page_costs_a_constant_number_of_queries(
    feed_a: Feed, data_a: Any, django_assert_max_num_queries: Any, name: str
) -> None:
    feed_a.get("")  # records last_used, so the page below does not write
    # Key lookup, rows and count (Plan: scenarios and runs instead of rows), whatever the size;
    # the meerjarenraming is the page's four queries (settings and three sums) after the key.
    with django_assert_max_num_queries(5 if name == "MultiYearEstimate" else 4):
        response = feed_a.get(name, {"$count": "true", "$filter": "Id ne null"})
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("Initiatives", {"$filter": "Title eq 'a\x00b'"}),
        ("Initiatives", {"$filter": "contains(Title,'\x00')"}),
        ("Plan('1-%00')", None),
    ],
)
def test_a_nul_character_is_a_400_not_a_server_error(
    feed_a: Any, data_a: Any, path: str, params: dict[str, str] | None
) -> None:
    """PostgreSQL cannot hold NUL in text: a filter with one was a 500 (an HTML page)."""
    response = feed_a.get(path, params)
    assert response.status_code == 400, response.content
    assert "NUL" in response.json()["error"]["message"]


def test_a_key_with_a_nul_character_is_a_401(data_a: Any) -> None:
    """The key's prefix is looked up: one that cannot be a prefix is never queried (PG: 500)."""
    response = Client().get(FEED + "Initiatives", {"key": "kvo_\x00abc_def"})
    assert response.status_code == 401


def test_an_unexpected_error_is_an_odata_500_without_internals(
    feed_a: Any, data_a: Any, monkeypatch: Any
) -> None:
    from koersvast.odata import feed

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("database on fire")

    monkeypatch.setattr(feed, "read_collection", broken)
    response = feed_a.get("Initiatives")
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "InternalError"
    assert "fire" not in response.content.decode()


def test_plan_items_carry_the_plan_of_record(feed_a: Feed, data_a: Any) -> None:
    rows = feed_a.all("PlanItems", {"$filter": "IsCurrent eq true and InPlan eq true"})
    assert [
        (r["PlanVersion"], r["InitiativeReference"], r["StartPeriod"], r["EndPeriod"]) for r in rows
    ] == [("Plan 2027-1", "A-000", "2027-Q1", "2027-Q2")]
    assert rows[0]["IsBaseline"] is True and rows[0]["DecisionBody"] == "College"
    (left_out,) = feed_a.all("PlanItems", {"$filter": "InPlan eq false"})
    assert left_out["Reason"].startswith("past niet") and left_out["StartYear"] is None


def test_own_field_values_are_a_typed_long_table(feed_a: Feed, data_a: Any, data_b: Any) -> None:
    first, second = data_a["initiatives"][0], data_a["initiatives"][1]
    body = feed_a.get("InitiativeFieldValues?$filter=FieldKind eq 'getal'").json()
    [number] = body["value"]
    assert number["InitiativeId"] == first.pk
    assert number["InitiativeReference"] == first.reference
    assert (number["FieldCode"], number["TextValue"]) == ("inwoners", "1250.5")
    assert Decimal(str(number["NumberValue"])) == Decimal("1250.5")
    rows = feed_a.get(f"InitiativeFieldValues?$filter=InitiativeId eq {second.pk}").json()
    [date] = rows["value"]
    assert date["DateValue"] == "2027-06-30"
    flag = feed_a.get("InitiativeFieldValues?$filter=FieldCode eq 'privacy'").json()["value"]
    assert [row["BooleanValue"] for row in flag] == [True]
    # Only municipality A's values (B has the same codes).
    ids = {row["InitiativeId"] for row in feed_a.get("InitiativeFieldValues").json()["value"]}
    assert ids == {first.pk, second.pk}


def test_finance_sets(feed_a: Feed, data_a: Any, data_b: Any) -> None:
    (investment,) = feed_a.all("Investments")
    assert investment["Term"] == 5 and investment["CategoryName"] == "ICT"
    assert Decimal(str(investment["Amount"])) == Decimal(2_000_000)
    (funding,) = feed_a.all("Fundings", {"$filter": "Source eq 'bestemmingsreserve'"})
    assert Decimal(str(funding["Amount"])) == Decimal("100000.50")
    lines = feed_a.all("BudgetLines", {"$filter": "Line eq 'lasten_structureel'"})
    assert [(r["VersionKind"], Decimal(str(r["Amount"]))) for r in lines] == [
        ("primitief", Decimal(50_000))
    ]
    (version,) = feed_a.all("BudgetVersions")
    assert version["BodyName"] == "Gemeenteraad" and version["Id"] == lines[0]["VersionId"]
    rows = feed_a.all("MultiYearEstimate", {"$filter": "Line eq 'afschrijving'"})
    # One municipality's investment only: B's equal one would double it.
    assert [Decimal(str(r["Amount"])) for r in rows] == [Decimal(400_000)] * 4
    saldo = feed_a.all("MultiYearEstimate", {"$filter": "Line eq 'saldo'", "$orderby": "Year"})
    first = saldo[0]
    assert first["Label"] == "Saldo (negatief is ongedekt)"
    # 50.000 lasten + 440.000 kapitaallasten − 10.000 baten − 100.000,50 dekking.
    assert Decimal(str(first["Amount"])) == Decimal("-379999.50")


def test_dependencies_and_alternatives_are_in_the_feed(feed_a: Feed, data_a: Any) -> None:
    [dependency] = feed_a.all("Dependencies")
    assert (dependency["PredecessorReference"], dependency["SuccessorReference"]) == (
        "A-000",
        "A-001",
    )
    assert (dependency["Kind"], dependency["LagQuarters"]) == ("einde_start", 1)
    groups = {row["InitiativeReference"]: row["GroupName"] for row in feed_a.all("Alternatives")}
    assert groups == {"A-002": "Varianten A", "A-003": "Varianten A"}


def test_lessons_are_in_the_feed_with_readable_tags(feed_a: Feed, data_a: Any, data_b: Any) -> None:
    rows = {row["Title"]: row for row in feed_a.all("Lessons")}
    assert set(rows) == {"Les A", "Portfolioles A"}
    lesson = rows["Les A"]
    assert (lesson["InitiativeReference"], lesson["Tags"]) == (
        "A-000",
        "aanbesteding, communicatie",
    )
    assert lesson["DomainName"] and lesson["ToRepeat"] == "Marktconsultatie."
    portfolio = rows["Portfolioles A"]
    assert (portfolio["InitiativeId"], portfolio["DomainId"], portfolio["Tags"]) == (None, None, "")
    tagged = feed_a.all("Lessons", {"$filter": "contains(Tags,'aanbesteding')"})
    assert [row["Title"] for row in tagged] == ["Les A"]


def test_council_sets(feed_a: Feed, data_a: Any, data_b: Any) -> None:
    late = feed_a.all("Commitments", {"$filter": "IsOverdue eq true"})
    assert [row["Title"] for row in late] == ["Toezegging A te laat"]
    (motion,) = feed_a.all("Motions")
    assert motion["Kind"] == "motie" and motion["Number"] == "M-A" and not motion["IsOverdue"]
    links = feed_a.all("CouncilItemInitiatives", {"$filter": f"CouncilItemId eq {late[0]['Id']}"})
    references = sorted(row["InitiativeReference"] for row in links)
    assert references == ["A-000", "A-001"]


def test_programme_reports_are_frozen_ones_with_their_project_rows(feed_a, data_a) -> None:
    """Issue 17: submitted programme reports only, and one row per project of the snapshot."""
    (report,) = feed_a.all("ProgrammeReports")
    assert report["Id"] == data_a["programme_report"].pk and report["Rag"] == "oranje"
    (row,) = feed_a.all("ProgrammeReportProjects")
    assert row["ProgrammeReportId"] == report["Id"]
    assert (row["Rag"], row["MilestonesLate"], row["OpenRisks"]) == ("oranje", 1, 3)
    assert row["BudgetActual"] == 1250.5
    (programme,) = feed_a.all("Programmes")
    assert programme["SteeringGroupName"] == "Stuurgroep"
    assert programme["OpgaveId"] == data_a["opgave"].pk
