"""The open decision list (Woo): public, read-only, only what the municipality marked public,
only its own decisions, and nothing about people."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from koersvast.council.models import CouncilSettings
from koersvast.intake.models import Decision
from koersvast.tenancy.choices import Role
from tests.factories import DecisionBodyFactory, InitiativeFactory, MeetingFactory


def _decision(municipality: Any, *, public: bool, title: str, by: Any = None, **kw: Any) -> Any:
    initiative = InitiativeFactory(municipality=municipality, title=title, **kw)
    return Decision.objects.create(
        municipality=municipality,
        initiative=initiative,
        body=DecisionBodyFactory(municipality=municipality, name="College van B&W"),
        outcome="admit",
        rationale=f"Motivering van {title}.",
        conditions="Geheime voorwaarde",
        recorded_by=by,
        is_public=public,
    )


@pytest.fixture
def world(municipality, other_municipality, personas) -> dict[str, Any]:
    pm = personas[Role.PORTFOLIO_MANAGER]
    sponsor = personas[Role.POLITICAL_SPONSOR]
    return {
        "public": _decision(
            municipality,
            public=True,
            title="Openbaar besluit",
            by=pm,
            political_sponsor=sponsor,
            official_sponsor=personas[Role.OFFICIAL_SPONSOR],
            submitted_by=personas[Role.SUBMITTER],
        ),
        "hidden": _decision(municipality, public=False, title="Intern besluit", by=pm),
        "elsewhere": _decision(other_municipality, public=True, title="Besluit van Amsterdam"),
        "people": [pm, sponsor, personas[Role.OFFICIAL_SPONSOR], personas[Role.SUBMITTER]],
    }


def _urls(municipality: Any) -> list[str]:
    code = municipality.cbs_code.lower()
    return [
        reverse(f"woo:{name}", args=[code])
        for name in ("decisions", "decisions_csv", "decisions_json")
    ]


def test_public_list_csv_and_json_without_login(municipality, world) -> None:
    page, csv_url, json_url = _urls(municipality)
    client = Client()  # anonymous
    html = client.get(page)
    assert html.status_code == 200
    assert "Openbaar besluit" in html.content.decode()
    csv = client.get(csv_url)
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode().splitlines()
    assert lines[0] == "gremium;datum;onderwerp;besluit;motivering"
    assert len(lines) == 2 and "Openbaar besluit" in lines[1]
    body = client.get(json_url).json()
    assert body["municipality"] == {"name": "Utrecht", "cbsCode": "GM0344"}
    (decision,) = body["decisions"]
    assert set(decision) == {"body", "date", "subject", "outcome", "rationale"}
    assert decision["body"] == "College van B&W"
    assert decision["rationale"] == "Motivering van Openbaar besluit."
    # The code works in either case.
    assert client.get(page.replace("gm0344", "GM0344")).status_code == 200


def test_nothing_non_public_nor_of_another_municipality_nor_about_people(
    municipality, world
) -> None:
    client = Client()
    for url in _urls(municipality):
        text = client.get(url).content.decode()
        assert "Intern besluit" not in text
        assert "Besluit van Amsterdam" not in text
        assert "Geheime voorwaarde" not in text
        for person in world["people"]:
            assert person.username not in text
            assert person.last_name not in text
            assert person.get_full_name() not in text
        payload = text if not url.endswith(".json") else json.dumps(json.loads(text))
        for key in ("recorded_by", "recordedBy", "user", "owner", "sponsor", "email"):
            assert key not in payload


def test_a_json_id_of_a_user_never_appears(municipality, world) -> None:
    body = Client().get(_urls(municipality)[2]).json()
    for decision in body["decisions"]:
        assert all(not isinstance(value, int) for value in decision.values())


def test_switched_off_or_unknown_is_404(municipality, world) -> None:
    CouncilSettings.objects.create(municipality=municipality, publish_decisions=False)
    for url in _urls(municipality):
        assert Client().get(url).status_code == 404
    assert Client().get(reverse("woo:decisions", args=["gm9999"])).status_code == 404
    assert Client().get("/openbaar/%00/besluiten.json").status_code == 404


def test_the_date_is_the_meetings_date(municipality) -> None:
    meeting = MeetingFactory(municipality=municipality, date=datetime.date(2026, 10, 14))
    decision = _decision(municipality, public=True, title="Met vergadering")
    decision.meeting = meeting
    decision.save()
    (row,) = Client().get(_urls(municipality)[2]).json()["decisions"]
    assert row["date"] == "2026-10-14"


def test_a_formula_in_the_csv_is_defused(municipality) -> None:
    decision = _decision(municipality, public=True, title="Formule")
    decision.rationale = '=HYPERLINK("http://x")'
    decision.save()
    lines = Client().get(_urls(municipality)[1]).content.decode().splitlines()
    assert "'=HYPERLINK" in lines[1]


def test_marking_public_is_for_council_managers(municipality, personas, client_for, world) -> None:
    hidden = world["hidden"]
    url = reverse("council:decision_public", args=[hidden.pk])
    assert client_for(personas[Role.READER]).post(url, {"public": "1"}).status_code == 403
    response = client_for(personas[Role.OFFICIAL_SPONSOR]).post(url, {"public": "1"})
    assert response.status_code == 302
    hidden.refresh_from_db()
    assert hidden.is_public
    assert "Intern besluit" in Client().get(_urls(municipality)[0]).content.decode()


def test_the_setting_switches_the_list_off(municipality, pm_client, world) -> None:
    page = pm_client.get(reverse("council:publication")).content.decode()
    assert "/openbaar/gm0344/besluiten/" in page
    response = pm_client.post(reverse("council:publication"), {})  # unchecked: off
    assert response.status_code == 302
    assert Client().get(_urls(municipality)[0]).status_code == 404
