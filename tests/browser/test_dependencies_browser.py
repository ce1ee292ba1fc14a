"""Issue 17: add a finish-to-start dependency on the initiative page, run a scenario, and see
the optimiser respect it and explain it (decision 0404)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from koersvast.demo import content
from koersvast.demo.planning_demo import load_planning
from koersvast.planning.models import ScenarioRun
from koersvast.planning.selectors.plan import current_version
from koersvast.portfolio.models import Initiative
from tests.demo_snapshot import load_demo

from .conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _pair(municipality):
    """Two planned, movable initiatives of the plan of record: B (high value) and A, which
    cannot end before B's earliest start, so B must start later once it waits for A."""
    run = current_version(municipality.pk).run
    items = {item["id"]: item for item in run.problem["initiatives"]}
    horizon = len(run.problem["periods"])
    chosen = [
        items[entry["id"]]
        for entry in run.solution["selected"]
        if items[entry["id"]].get("fixed_start") is None
        and not items[entry["id"]].get("mandatory")
        and not items[entry["id"]].get("exclusive_group")
    ]
    chosen.sort(key=lambda item: -float(item["value"]))
    for b in chosen:
        for a in sorted(chosen, key=lambda item: int(item["duration"])):
            fits = (
                int(a.get("earliest_start", 0)) + int(a["duration"]) + 1 + int(b["duration"])
                <= horizon - 2
            )
            if a is not b and a["earliest_start"] >= b.get("earliest_start", 0) and fits:
                return (
                    Initiative.objects.get(pk=a["x-pk"]),
                    Initiative.objects.get(pk=b["x-pk"]),
                )
    raise AssertionError("the demo plan has no pair to make dependent")


def test_a_dependency_is_respected_and_explained(live_server, page):
    municipality, _logins = load_demo()
    users = {u.username: u for u in get_user_model().objects.all()}
    load_planning(municipality, users=users)
    a, b = _pair(municipality)

    login(page, live_server, "portfoliomanager", content.DEMO_PASSWORD)
    page.goto(f"{live_server.url}{b.get_absolute_url()}")
    section = page.get_by_role("region", name="Afhankelijkheden en alternatieven")
    expect(section).to_contain_text("dit initiatief wacht op geen ander initiatief")
    section.get_by_label("Dit initiatief").select_option(label="start na afronding van")
    section.get_by_label(re.compile("^Initiatief")).select_option(label=f"{a.reference} {a.title}")
    section.get_by_label("Wachttijd (kwartalen)").fill("1")
    section.get_by_role("button", name="Afhankelijkheid toevoegen").click()
    expect(section.get_by_role("alert").or_(section.get_by_role("status"))).to_contain_text(
        "Afhankelijkheid toegevoegd"
    )
    expect(section.get_by_role("list").first).to_contain_text(f"{a.reference} {a.title}")
    assert_accessible(page)

    # Both pages show it.
    page.goto(f"{live_server.url}{a.get_absolute_url()}")
    expect(page.get_by_role("region", name="Afhankelijkheden en alternatieven")).to_contain_text(
        b.reference
    )

    # A new scenario, run: B waits for A's end plus one quarter, and the result says so.
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Planning").click()
    page.get_by_role("navigation", name="Planning").get_by_role("link", name="Scenario's").click()
    page.get_by_role("link", name="Nieuw scenario").click()
    page.get_by_label("Naam").fill("Met afhankelijkheid")
    page.get_by_role("button", name="Scenario aanmaken").click()
    page.get_by_role("button", name="Doorrekenen").click()
    expect(page.locator("#run-progress")).to_contain_text("Doorgerekend op", timeout=60_000)
    out = page.get_by_role(
        "table",
        name="Initiatieven buiten het plan of later gestart, met de knellende pools en kwartalen",
    )
    expect(out).to_contain_text(
        re.compile(
            rf"{re.escape(b.reference)} kan pas na {re.escape(a.reference)} \(eindigt \d{{4}}-Q\d\)"
        )
    )
    assert_accessible(page)

    run = ScenarioRun.objects.filter(scenario__name="Met afhankelijkheid").latest("pk")
    starts = {entry["id"]: entry["start"] for entry in run.solution["selected"]}
    items = {item["id"]: item for item in run.problem["initiatives"]}
    assert b.reference in starts and a.reference in starts
    assert starts[b.reference] >= starts[a.reference] + items[a.reference]["duration"] + 1

    # Adopted, the roadmap says in words what B waits for, and links to A's row.
    page.get_by_role("link", name="Vaststellen als plan").click()
    page.get_by_label("Gremium").select_option(index=0)
    page.get_by_label("Motivering").fill("Eerst A, dan B.")
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vastgesteld plan")
    page.get_by_role("navigation", name="Planning").get_by_role("link", name="Roadmap").click()
    links = page.get_by_role("region", name="Afhankelijkheden in dit plan")
    expect(links).to_contain_text(f"{b.reference} start na afronding van {a.reference}")
    row = page.get_by_role("row").filter(has_text=f"{b.reference} {b.title}")
    row.get_by_role("link", name=f"na {a.reference}").click()
    expect(page).to_have_url(re.compile(rf"#roadmap-{a.reference.lower()}$"))
    assert_accessible(page)
