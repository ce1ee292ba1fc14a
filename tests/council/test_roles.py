"""Who may do what in the bestuurlijke agenda: portfolio manager and ambtelijk opdrachtgever
edit; every reader of the portfolio reads; a link is shown only to those its view lets in."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from koersvast.tenancy.choices import Role
from tests.factories import InitiativeFactory

from .factories import AgendaMomentFactory, CouncilItemFactory

EDITORS = {Role.PORTFOLIO_MANAGER, Role.OFFICIAL_SPONSOR}
READERS = {
    Role.PORTFOLIO_MANAGER,
    Role.OFFICIAL_SPONSOR,
    Role.POLITICAL_SPONSOR,
    Role.PROJECT_LEADER,
    Role.ADVISER,
    Role.BOARD_MEMBER,
    Role.READER,
}


@pytest.fixture
def things(municipality: Any) -> dict[str, Any]:
    initiative = InitiativeFactory(municipality=municipality, state="in_uitvoering")
    return {
        "initiative": initiative,
        "item": CouncilItemFactory(municipality=municipality, initiatives=[initiative]),
        "moment": AgendaMomentFactory(municipality=municipality, initiative=initiative),
    }


def _pages(things: dict[str, Any]) -> dict[str, tuple[str, set[Role]]]:
    return {
        "index": (reverse("council:index"), READERS),
        "items": (reverse("council:items"), READERS),
        "item_detail": (reverse("council:item_detail", args=[things["item"].pk]), READERS),
        "item_create": (reverse("council:item_create"), EDITORS),
        "item_edit": (reverse("council:item_edit", args=[things["item"].pk]), EDITORS),
        "moment_create": (
            reverse("council:moment_create", args=[things["initiative"].pk]),
            EDITORS,
        ),
        "moment_edit": (reverse("council:moment_edit", args=[things["moment"].pk]), EDITORS),
        "moment_delete": (reverse("council:moment_delete", args=[things["moment"].pk]), EDITORS),
        "publication": (reverse("council:publication"), EDITORS),
    }


@pytest.mark.parametrize("role", list(Role))
def test_each_role_opens_what_it_may(role, personas, client_for, things) -> None:
    client = client_for(personas[role])
    for name, (url, allowed) in _pages(things).items():
        status = client.get(url).status_code
        if role in allowed:
            assert status == 200, (role, name)
        else:
            assert status in (403, 404), (role, name)


@pytest.mark.parametrize("role", [Role.READER, Role.OFFICIAL_SPONSOR, Role.BOARD_MEMBER])
def test_no_link_to_a_page_the_role_may_not_open(role, personas, client_for, things) -> None:
    client = client_for(personas[role])
    pages = _pages(things)
    forbidden = [url for url, allowed in pages.values() if role not in allowed]
    for url in (
        pages["index"][0],
        pages["items"][0],
        pages["item_detail"][0],
        things["initiative"].get_absolute_url(),
    ):
        html = client.get(url).content.decode()
        for target in forbidden:
            assert f'href="{target}' not in html, (role, url, target)
    if role in EDITORS:
        html = client.get(things["initiative"].get_absolute_url()).content.decode()
        assert reverse("council:moment_create", args=[things["initiative"].pk]) in html


def test_the_agenda_is_reached_from_intake_the_decision_log_and_the_dashboard(
    municipality, personas, client_for
) -> None:
    InitiativeFactory(municipality=municipality, state="in_uitvoering")  # a dashboard to show
    reader = client_for(personas[Role.READER])
    for url in (reverse("intake:board"), reverse("intake:decisions"), reverse("dashboards:index")):
        assert reverse("council:index") in reader.get(url).content.decode(), url
    # The public list's management only for those who may manage it.
    assert (
        reverse("council:publication")
        not in reader.get(reverse("intake:decisions")).content.decode()
    )
    manager = client_for(personas[Role.PORTFOLIO_MANAGER])
    assert (
        reverse("council:publication") in manager.get(reverse("intake:decisions")).content.decode()
    )
    home = client_for(personas[Role.SUBMITTER]).get(reverse("intake:board")).content.decode()
    assert reverse("council:index") not in home


def test_a_submitter_sees_the_planning_of_their_initiative_without_links(
    municipality, personas, client_for
) -> None:
    from koersvast.intake.models import Decision
    from tests.factories import DecisionBodyFactory

    submitter = personas[Role.SUBMITTER]
    initiative = InitiativeFactory(municipality=municipality, submitted_by=submitter)
    item = CouncilItemFactory(municipality=municipality, initiatives=[initiative])
    decision = Decision.objects.create(
        municipality=municipality,
        initiative=initiative,
        body=DecisionBodyFactory(municipality=municipality),
        outcome="admit",
        rationale="Goed.",
    )
    AgendaMomentFactory(
        municipality=municipality,
        initiative=initiative,
        decision=decision,
        held_on=decision.created_at.date(),
    )
    html = client_for(submitter).get(initiative.get_absolute_url()).content.decode()
    assert item.title in html and "Opnemen" in html
    assert item.get_absolute_url() not in html
    assert reverse("intake:decisions") not in html
