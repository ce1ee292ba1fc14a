"""The bestuurlijke planning (per initiative and municipality-wide) and where overdue
toezeggingen and moties show: the dashboard and the raad report."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from koersvast.council.models import AgendaMoment
from koersvast.intake.models import Decision
from koersvast.reports.selectors import raad_report
from tests.factories import DecisionBodyFactory, InitiativeFactory

from .factories import AgendaMomentFactory, CouncilItemFactory

TODAY = timezone.localdate()


def _days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def test_a_moment_is_planned_and_linked_to_a_decision(municipality, pm_client) -> None:
    initiative = InitiativeFactory(municipality=municipality, title="Nieuw zaaksysteem")
    college = DecisionBodyFactory(municipality=municipality, name="College van B&W", kind="college")
    decision = Decision.objects.create(
        municipality=municipality,
        initiative=initiative,
        body=college,
        outcome="admit",
        rationale="Past in het kader.",
    )
    url = reverse("council:moment_create", args=[initiative.pk])
    data = {"kind": "bw_besluit", "body": college.pk, "planned_on": _days(7).isoformat()}
    # A decision needs the date the moment took place.
    response = pm_client.post(url, {**data, "decision": decision.pk})
    assert response.status_code == 200
    assert "werkelijke datum" in response.content.decode()
    response = pm_client.post(
        url, {**data, "decision": decision.pk, "held_on": _days(7).isoformat()}
    )
    assert response.status_code == 302
    moment = AgendaMoment.objects.get()
    assert moment.decision == decision and moment.initiative == initiative
    page = pm_client.get(initiative.get_absolute_url()).content.decode()
    assert "Bestuurlijke planning" in page and "B&amp;W-besluit" in page
    assert "Opnemen" in page  # the decision's outcome, linked to the decision log
    assert pm_client.post(reverse("council:moment_delete", args=[moment.pk])).status_code == 302
    assert not AgendaMoment.objects.exists()


def test_another_initiatives_decision_cannot_be_linked(municipality, pm_client) -> None:
    initiative = InitiativeFactory(municipality=municipality)
    body = DecisionBodyFactory(municipality=municipality)
    other = Decision.objects.create(
        municipality=municipality,
        initiative=InitiativeFactory(municipality=municipality),
        body=body,
        outcome="admit",
        rationale="x",
    )
    response = pm_client.post(
        reverse("council:moment_create", args=[initiative.pk]),
        {
            "kind": "raadsvoorstel",
            "planned_on": _days(3).isoformat(),
            "held_on": _days(3).isoformat(),
            "decision": other.pk,
        },
    )
    assert response.status_code == 200
    assert not AgendaMoment.objects.exists()


def test_the_overview_shows_the_next_three_months_by_body(municipality, pm_client) -> None:
    college = DecisionBodyFactory(municipality=municipality, name="College", kind="college")
    raad = DecisionBodyFactory(municipality=municipality, name="Gemeenteraad", kind="raad")
    soon = AgendaMomentFactory(municipality=municipality, body=college, planned_on=_days(10))
    council = AgendaMomentFactory(
        municipality=municipality, body=raad, kind="raadsvoorstel", planned_on=_days(40)
    )
    later = AgendaMomentFactory(municipality=municipality, body=raad, planned_on=_days(120))
    missed = AgendaMomentFactory(municipality=municipality, body=college, planned_on=_days(-5))
    url = reverse("council:index")
    page = pm_client.get(url).content.decode()
    assert soon.initiative.reference in page and council.initiative.reference in page
    assert later.initiative.reference not in page
    assert "Gepland, maar nog niet geweest" in page and missed.initiative.reference in page
    page = pm_client.get(url, {"gremium": raad.pk}).content.decode()
    assert council.initiative.reference in page
    assert soon.initiative.reference not in page


def test_overdue_items_appear_on_the_dashboard(municipality, pm_client) -> None:
    CouncilItemFactory(
        municipality=municipality, title="Raad informeren over de aanbesteding", due_on=_days(-3)
    )
    CouncilItemFactory(municipality=municipality, title="Nog op tijd", due_on=_days(30))
    page = pm_client.get(reverse("dashboards:index")).content.decode()
    assert "Toezeggingen en moties over de termijn" in page
    assert "Raad informeren over de aanbesteding" in page
    assert "Nog op tijd" not in page


def test_overdue_items_are_in_the_raad_report(municipality, personas) -> None:
    late = CouncilItemFactory(
        municipality=municipality,
        kind="motie",
        number="M2026-07",
        title="Inwoners betrekken",
        due_on=_days(-10),
    )
    CouncilItemFactory(municipality=municipality, due_on=_days(10))
    data = raad_report(municipality=municipality, moment="najaarsnota", year=TODAY.year)
    (row,) = data["council_overdue"]
    assert row["number"] == "M2026-07" and row["days_late"] == 10
    assert row["initiatives"] == [late.initiatives.get().reference]
    # No names of people in a report to the raad.
    assert late.owner.last_name not in str(row)
