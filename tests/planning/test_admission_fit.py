"""Does it fit the plan? The fit check beside the admission decision: computed in the background
against the plan of record, shown on the decision form with the score, the advice and the
mandate; without a plan of record it says so."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from koersvast.intake.models import Advice
from koersvast.planning.choices import LeverKind, RunStatus
from koersvast.planning.models import AdmissionCheck
from koersvast.planning.services.admission import admission_check_start
from koersvast.planning.services.adoption import scenario_adopt
from koersvast.planning.services.runs import scenario_run_now
from koersvast.planning.services.scenarios import lever_add, scenario_create
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.choices import Role
from tests.factories import PriorityScoreFactory

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def pm(personas):
    return personas[Role.PORTFOLIO_MANAGER]


def _adopt(world, municipality, pm, name="Plan"):
    plan = scenario_create(municipality=municipality, name=name, by=pm)
    lever_add(scenario=plan, by=pm, kind=LeverKind.HEADROOM, headroom_pct=90)
    run = scenario_run_now(scenario=plan, by=pm)
    assert run.status == RunStatus.DONE, run.failure_reason
    scenario_adopt(scenario=plan, body=world["body"], rationale="Begroting", by=pm)
    return plan


def _on_agenda(world, hours=10, quarter=1):
    echo = world["e"]
    Initiative.objects.filter(pk=echo.pk).update(
        state="besluitvorming", start_year=2027, start_quarter=quarter
    )
    echo.refresh_from_db()
    echo.demands.update(hours=Decimal(hours))
    PriorityScoreFactory(initiative=echo, framework=world["framework"], total=Decimal(55))
    return echo


def _panel(client, initiative):
    return client.get(
        reverse("planning:admission_fit", args=[initiative.pk]), **HX
    ).content.decode()


def test_without_a_plan_of_record_it_says_so(world, municipality, pm, pm_client):
    echo = _on_agenda(world)
    assert "Er is nog geen vastgesteld plan" in _panel(pm_client, echo)
    response = pm_client.post(reverse("planning:admission_fit", args=[echo.pk]), **HX)
    assert "Er is nog geen vastgesteld plan" in response.content.decode()
    assert not AdmissionCheck.objects.exists()


def test_it_fits_from_its_requested_start(world, municipality, pm, pm_client):
    _adopt(world, municipality, pm)
    echo = _on_agenda(world, hours=10, quarter=3)
    assert "Nog niet getoetst" in _panel(pm_client, echo)
    response = pm_client.post(reverse("planning:admission_fit", args=[echo.pk]), **HX)
    check = AdmissionCheck.objects.get()
    assert check.status == RunStatus.DONE, check.failure_reason
    assert check.result["fits"] is True and check.result["start"] == "2027-Q3"
    page = response.content.decode()
    assert 'data-fit="fits"' in page and "vanaf de gevraagde start 2027-Q3" in page
    assert "Getoetst aan Plan 2027-1" in page


def test_what_does_not_fit_shows_earliest_start_displacement_and_extra_capacity(
    world, municipality, pm, pm_client
):
    _adopt(world, municipality, pm)
    # 120 project-leader hours in 2027-Q1, where A, B and C already use the project leaders.
    echo = _on_agenda(world, hours=120, quarter=1)
    check = admission_check_start(initiative=echo, by=pm)
    check.refresh_from_db()
    assert check.status == RunStatus.DONE, check.failure_reason
    fit = check.result
    assert fit["fits"] is False
    assert fit["earliest"] and fit["earliest"] != "2027-Q1"
    assert fit["displace"]["possible"]
    assert fit["displace"]["moved"] or fit["displace"]["dropped"]
    assert fit["extra"]["possible"] and fit["extra"]["pools"][0]["pool"] == "Projectleiders"
    page = _panel(pm_client, echo)
    assert 'data-fit="does-not-fit"' in page
    assert f"Vroegst mogelijke start zonder iets te verschuiven: <strong>{fit['earliest']}" in page
    assert "Op de gevraagde start verdringt het:" in page
    assert "Of met extra capaciteit" in page and "Projectleiders" in page


def test_a_newer_plan_makes_the_check_outdated(world, municipality, pm, pm_client):
    _adopt(world, municipality, pm)
    echo = _on_agenda(world)
    admission_check_start(initiative=echo, by=pm)
    assert "is gewijzigd sinds deze toets" not in _panel(pm_client, echo)
    _adopt(world, municipality, pm, name="Nieuw plan")
    page = _panel(pm_client, echo)
    assert "is gewijzigd sinds deze toets" in page and "Opnieuw toetsen" in page


def test_progress_is_polled_until_done(world, municipality, pm, pm_client):
    _adopt(world, municipality, pm)
    echo = _on_agenda(world)
    check = AdmissionCheck.objects.create(
        municipality=municipality, initiative=echo, status=RunStatus.RUNNING, progress=40
    )
    url = reverse("planning:admission_fit_progress", args=[check.pk])
    page = pm_client.get(url, **HX).content.decode()
    assert 'hx-trigger="every 1s"' in page and 'value="40"' in page
    AdmissionCheck.objects.filter(pk=check.pk).update(status=RunStatus.FAILED, failure_reason="x")
    page = pm_client.get(url, **HX).content.decode()
    assert "every 1s" not in page and "Berekening mislukt" in page


def test_the_decision_form_shows_mandate_score_advice_and_loads_the_fit(
    world, municipality, pm, personas, client_for
):
    echo = _on_agenda(world)
    Advice.objects.create(
        municipality=municipality,
        initiative=echo,
        kind="juridisch",
        verdict="positive",
        conditions="Eerst een DPIA",
        given_at="2026-11-01T10:00:00Z",
    )
    Advice.objects.create(municipality=municipality, initiative=echo, kind="financieel")
    client = client_for(personas[Role.PORTFOLIO_MANAGER])
    page = client.get(reverse("intake:decide", args=[echo.pk])).content.decode()
    assert 'data-check="mandate"' in page and "College" in page
    assert "Prioriteitsscore <strong>55,0</strong>" in page
    assert "met voorwaarden" in page and "Eerst een DPIA" in page
    assert "Gevraagd advies staat nog open" in page
    assert reverse("planning:admission_fit", args=[echo.pk]) in page
    # Without JavaScript the panel is a page of its own.
    own = client.get(reverse("planning:admission_fit", args=[echo.pk]))
    assert own.status_code == 200 and "<h1>" in own.content.decode()


def test_only_deciders_check(world, municipality, pm, personas, client_for):
    _adopt(world, municipality, pm)
    echo = _on_agenda(world)
    reader = client_for(personas[Role.READER])
    url = reverse("planning:admission_fit", args=[echo.pk])
    assert reader.get(url, **HX).status_code == 403
    assert reader.post(url, **HX).status_code == 403
    assert not AdmissionCheck.objects.exists()
