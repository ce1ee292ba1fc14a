"""Links and buttons follow the rights of the view they lead to (core/navigation.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from koersvast.core.navigation import MENU, required_actions, view_allows
from koersvast.tenancy.choices import Role
from koersvast.tenancy.policy import Action

pytestmark = pytest.mark.django_db


def test_views_declare_the_rights_they_enforce():
    assert required_actions(reverse("tenancy:members")) == (Action.MEMBERS_MANAGE,)
    assert required_actions(reverse("library:index")) == ()  # every member
    assert required_actions(reverse("identity:mfa")) is None  # login alone


def test_a_link_to_a_view_is_allowed_exactly_when_the_view_opens(personas, client_for):
    for role, user in personas.items():
        client = client_for(user)
        request = client.get(reverse("identity:mfa")).wsgi_request
        for item in MENU:
            url = reverse(item.url_name)
            opens = client.get(url).status_code == 200
            assert view_allows(request, url) is opens, (role, url)


def test_portfolio_manager_sees_only_the_beheer_pages_they_may_open(personas, client_for):
    body = client_for(personas[Role.PORTFOLIO_MANAGER]).get(reverse("administration:index")).content
    page = body.decode()
    assert reverse("audit:log") in page
    for forbidden in ("tenancy:members", "benchmarking:participation", "identity:members_mfa"):
        assert reverse(forbidden) not in page, forbidden


def test_reader_is_not_offered_to_submit_or_compare(personas, client_for):
    client = client_for(personas[Role.READER])
    board = client.get(reverse("intake:board")).content.decode()
    assert reverse("intake:create") not in board
    assert reverse("intake:mine") not in board
    planning = client.get(reverse("capacity:index")).content.decode()
    assert reverse("planning:compare") not in planning


def test_submitter_detail_page_leads_back_to_their_own_list(municipality, personas, client_for):
    from tests.factories import InitiativeFactory

    submitter = personas[Role.SUBMITTER]
    initiative = InitiativeFactory(municipality=municipality, submitted_by=submitter)
    page = client_for(submitter).get(initiative.get_absolute_url())
    assert page.status_code == 200
    assert reverse("portfolio:list") + '"' not in page.content.decode()
    assert reverse("intake:mine") in page.content.decode()


def test_intake_and_the_bestuurlijke_agenda_share_one_place_in_the_menu(personas, client_for):
    """Decision 0405: a group of two or more entries the user may open is a disclosure; one
    left is an ordinary link."""
    agenda, board = reverse("council:index"), reverse("intake:board")
    manager = client_for(personas[Role.PORTFOLIO_MANAGER]).get(agenda)
    [group] = [place for place in manager.context["menu_bar"] if place.get("children")]
    assert [child["url"] for child in group["children"]] == [board, agenda]
    assert group["current"] and group["children"][1]["current"]
    page = manager.content.decode()
    assert '<details class="is-current">' in page and "<summary>Intake</summary>" in page
    assert f'href="{agenda}" aria-current="page"' in page
    submitter = client_for(personas[Role.SUBMITTER]).get(board)
    assert not any(place.get("children") for place in submitter.context["menu_bar"])
    assert "<summary>" not in submitter.content.decode()
    assert f'href="{board}" aria-current="page"' in submitter.content.decode()
