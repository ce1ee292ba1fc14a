"""Planning pages: rights per role, the run flow through the views, compare query counts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from koersvast.planning.choices import RunStatus
from koersvast.planning.models import Scenario, ScenarioRun, UrgencyRequest
from koersvast.planning.services.runs import scenario_run_now
from koersvast.planning.services.scenarios import scenario_create
from koersvast.tenancy.choices import Role
from tests.factories import InitiativeFactory, PriorityScoreFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario(world, municipality, personas):
    scenario = scenario_create(
        municipality=municipality, name="Basis", by=personas[Role.PORTFOLIO_MANAGER]
    )
    scenario_run_now(scenario=scenario, by=personas[Role.PORTFOLIO_MANAGER])
    return scenario


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.PORTFOLIO_MANAGER, 200),
        (Role.READER, 200),
        (Role.BOARD_MEMBER, 200),
        (Role.SUBMITTER, 403),
        (Role.ADMINISTRATOR, 403),
    ],
)
def test_viewing_needs_capacity_view(scenario, personas, client_for, role, expected):
    client = client_for(personas[role])
    assert client.get(reverse("planning:scenarios")).status_code == expected
    assert client.get(scenario.get_absolute_url()).status_code in (expected, 404)


def test_managing_needs_scenario_manage(scenario, personas, client_for):
    reader = client_for(personas[Role.READER])
    assert reader.get(reverse("planning:create")).status_code == 403
    assert reader.post(reverse("planning:run_start", args=[scenario.pk])).status_code == 403
    assert reader.get(reverse("planning:compare")).status_code == 403
    assert reader.get(reverse("planning:adopt", args=[scenario.pk])).status_code == 403
    board = client_for(personas[Role.BOARD_MEMBER])
    assert board.get(reverse("planning:adopt", args=[scenario.pk])).status_code == 200
    assert board.post(reverse("planning:run_start", args=[scenario.pk])).status_code == 403


def test_create_add_lever_run_and_adopt_through_the_pages(world, pm_client):
    response = pm_client.post(reverse("planning:create"), {"name": "Extra PL"})
    scenario = Scenario.objects.get(name="Extra PL")
    assert response.url == scenario.get_absolute_url()
    pm_client.post(
        reverse("planning:lever_add", args=[scenario.pk]),
        {"kind": "capacity", "pool": world["pl"].pk, "period": "2027-Q3", "fte": "1"},
    )
    assert scenario.levers.get().fte == Decimal(1)
    pm_client.post(reverse("planning:run_start", args=[scenario.pk]))
    run = scenario.runs.get()
    assert run.status == RunStatus.DONE
    page = pm_client.get(scenario.get_absolute_url()).content.decode()
    assert "+1 fte Projectleiders vanaf 2027-Q3" in page
    assert "Bezetting per pool per kwartaal" in page
    progress = pm_client.get(
        reverse("planning:run_progress", args=[run.pk]), HTTP_HX_REQUEST="true"
    )
    assert progress["HX-Refresh"] == "true"
    pm_client.post(
        reverse("planning:adopt", args=[scenario.pk]),
        {"body": world["body"].pk, "rationale": "Meer projectleiders"},
    )
    scenario.refresh_from_db()
    assert scenario.is_plan_of_record


def test_progress_partial_polls_while_running(scenario, pm_client):
    run = ScenarioRun.objects.create(
        municipality=scenario.municipality,
        scenario=scenario,
        status=RunStatus.RUNNING,
        progress=40,
        message="Exact zoeken (MILP), 0.4 s",
    )
    body = pm_client.get(reverse("planning:run_progress", args=[run.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in body and "Exact zoeken (MILP), 0.4 s" in body


def test_failed_run_shows_reason_and_retry(world, scenario, pm_client, personas):
    ScenarioRun.objects.create(
        municipality=scenario.municipality,
        scenario=scenario,
        status=RunStatus.FAILED,
        failure_reason="Juristen 2027-Q3 tekort 10 uur",
    )
    page = pm_client.get(scenario.get_absolute_url()).content.decode()
    assert "Juristen 2027-Q3 tekort 10 uur" in page and "Opnieuw doorrekenen" in page


def _compare_queries(client, ids):
    url = reverse("planning:compare") + "?" + "&".join(f"s={i}" for i in ids)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_compare_query_count_is_constant(world, municipality, personas, pm_client):
    pm = personas[Role.PORTFOLIO_MANAGER]
    first = scenario_create(municipality=municipality, name="Een", by=pm)
    second = scenario_create(municipality=municipality, name="Twee", by=pm)
    for s in (first, second):
        scenario_run_now(scenario=s, by=pm)
    small = _compare_queries(pm_client, [first.pk, second.pk])
    for n in range(30):
        i = InitiativeFactory(municipality=municipality, state="opgenomen", duration_quarters=1)
        PriorityScoreFactory(initiative=i, framework=world["framework"], total=Decimal(n))
    third = scenario_create(municipality=municipality, name="Drie", by=pm)
    for s in (first, second, third):
        scenario_run_now(scenario=s, by=pm)
    large = _compare_queries(pm_client, [first.pk, second.pk, third.pk])
    assert large == small
    page = pm_client.get(reverse("planning:compare") + f"?s={first.pk}&s={third.pk}")
    assert "Totale waarde" in page.content.decode()


def test_urgency_pages(world, municipality, personas, pm_client, client_for):
    response = pm_client.post(reverse("planning:urgency_start"), {"initiative": world["e"].pk})
    request = UrgencyRequest.objects.get()
    assert response.url == request.get_absolute_url()
    assert request.status == RunStatus.DONE, request.failure_reason
    page = pm_client.get(request.get_absolute_url()).content.decode()
    for title in ("Niet doen", "Faseren", "Extra middelen"):
        assert title in page
    pm_client.post(
        reverse("planning:urgency_decide", args=[request.pk]),
        {"option": "niet_doen", "not_done": "", "body": world["body"].pk, "rationale": "Nu niet"},
    )
    request.refresh_from_db()
    assert request.chosen == "niet_doen"
    reader = client_for(personas[Role.READER])
    assert reader.get(request.get_absolute_url()).status_code == 200
    assert reader.post(reverse("planning:urgency_decide", args=[request.pk])).status_code == 403


def _shown_lever_fields(html: str) -> set[str]:
    """The names of the lever form's fields that are not hidden."""
    import re

    form = html[html.index('class="form grid lever-form"') :]
    form = form[: form.index("</form>")]
    shown = set()
    for wrapper in re.findall(r'<div class="field"([^>]*)>(.*?)</div>', form, re.S):
        attributes, body = wrapper
        if " hidden" in attributes:
            continue
        shown |= set(re.findall(r'name="([a-z_]+)"', body))
    return shown - {"toon", "csrfmiddlewaretoken"}


def test_the_lever_form_shows_only_the_chosen_kinds_fields_without_javascript(
    world, pm_client, personas
):
    """Issue 19 item 21: only the fields of the chosen kind; "Velden voor deze soort tonen"
    reloads the form for another kind without JavaScript, and a failed lever keeps its kind."""
    scenario = scenario_create(
        municipality=world["pl"].municipality, name="Hefbomen", by=personas[Role.PORTFOLIO_MANAGER]
    )
    page = pm_client.get(scenario.get_absolute_url()).content.decode()
    assert _shown_lever_fields(page) == {"kind", "initiative", "note"}

    url = reverse("planning:lever_add", args=[scenario.pk])
    response = pm_client.post(url, {"kind": "capacity", "toon": "1"})
    assert response.url == f"{scenario.get_absolute_url()}?hefboom=capacity#hefboom"
    assert not scenario.levers.exists()
    page = pm_client.get(response.url).content.decode()
    assert _shown_lever_fields(page) == {"kind", "pool", "fte", "period", "note"}
    assert '<option value="capacity" selected>' in page

    # A lever without its pool: the message, and the capacity fields again.
    response = pm_client.post(url, {"kind": "capacity", "fte": "1", "period": "2027-Q3"})
    assert response.url.endswith("?hefboom=capacity#hefboom")
    assert not scenario.levers.exists()

    # A value left in a field of another kind does not count.
    pm_client.post(url, {"kind": "headroom", "headroom_pct": "80", "fte": "3", "period": "2027-Q3"})
    lever = scenario.levers.get()
    assert (lever.kind, lever.headroom_pct, lever.fte, lever.year) == ("headroom", 80, None, None)
