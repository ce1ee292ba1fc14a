"""The page shell: every menu page renders for the roles that see it, errors are friendly."""

from __future__ import annotations

import pytest
from django.urls import reverse

from koersvast.core.navigation import MENU
from koersvast.tenancy.choices import Role
from koersvast.tenancy.policy import role_allows
from tests.factories import InitiativeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", list(Role))
def test_menu_shows_exactly_the_allowed_pages_and_each_renders(role, personas, client_for):
    client = client_for(personas[role])
    home = client.get(reverse("home"), follow=True)
    assert home.status_code == 200
    shown = {entry["item"].key for entry in home.context["menu"]}
    for item in MENU:
        allowed = not item.actions or any(role_allows(role, action) for action in item.actions)
        assert (item.key in shown) is allowed, item.key
        response = client.get(reverse(item.url_name))
        assert response.status_code == (200 if allowed else 403), (role, item.key)


def test_anonymous_users_are_sent_to_login(client):
    response = client.get(reverse("portfolio:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_user_without_membership_gets_explanation(client_for):
    response = client_for(UserFactory()).get(reverse("home"))
    assert response.status_code == 403
    assert "Nog geen toegang" in response.content.decode()


def test_healthz_reports_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_friendly_404(pm_client):
    response = pm_client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_friendly_500_without_context(client, settings):
    from koersvast.core.views import error_500

    response = error_500(None)
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()


def test_portfolio_list_filters_and_paginates(municipality, pm_client):
    for n in range(55):
        InitiativeFactory(municipality=municipality, title=f"Project {n:02d}", state="gepland")
    InitiativeFactory(municipality=municipality, title="Het idee", state="idee")
    page1 = pm_client.get(reverse("portfolio:list"))
    assert len(page1.context["page"].object_list) == 50
    assert "Pagina 1 van 2" in page1.content.decode()
    filtered = pm_client.get(reverse("portfolio:list"), {"state": "idee"})
    assert [i.title for i in filtered.context["page"].object_list] == ["Het idee"]
    empty = pm_client.get(reverse("portfolio:list"), {"q": "zzz"})
    assert "Geen initiatieven gevonden" in empty.content.decode()


def test_portfolio_list_query_count_is_constant(
    municipality, pm_client, django_assert_max_num_queries
):
    for _ in range(5):
        InitiativeFactory(municipality=municipality)
    with django_assert_max_num_queries(12) as small:
        pm_client.get(reverse("portfolio:list"))
    for _ in range(45):
        InitiativeFactory(municipality=municipality)
    with django_assert_max_num_queries(len(small.captured_queries)):
        pm_client.get(reverse("portfolio:list"))


def test_home_query_count_is_constant(municipality, pm_client, django_assert_max_num_queries):
    # Fixed: session, user, membership, the tasks (with the proposals on running work), the
    # municipality's own look (huisstijl); none grows with the portfolio.
    InitiativeFactory(municipality=municipality)
    with django_assert_max_num_queries(16) as small:
        pm_client.get(reverse("home"))
    for _ in range(30):
        InitiativeFactory(municipality=municipality)
    with django_assert_max_num_queries(len(small.captured_queries)):
        pm_client.get(reverse("home"))


def test_language_switch_to_english(pm_client):
    response = pm_client.post(reverse("set_language"), {"language": "en", "next": "/portfolio/"})
    assert response.status_code == 302
    body = pm_client.get(reverse("portfolio:list")).content.decode()
    assert '<html lang="en">' in body
    assert "Log out" in body
    assert "Uitloggen" not in body


def test_dutch_is_the_default_whatever_the_browser_prefers(pm_client):
    body = pm_client.get(reverse("portfolio:list"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="nl">' in body.content.decode()
    assert body["Content-Language"] == "nl"
