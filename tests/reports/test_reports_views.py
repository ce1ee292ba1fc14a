"""Rapportages pages: rights, tenant isolation, validation, publishing and frozen snapshots."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from koersvast.audit.models import AuditEvent
from koersvast.monitoring.models import BudgetLine
from koersvast.reports.models import FrozenPublicationError, PublishedReport
from koersvast.reports.services import report_publish
from koersvast.tenancy.choices import Role

pytestmark = pytest.mark.django_db

RAAD = {"kind": "raad", "moment": "najaarsnota", "year": 2026, "threshold": 1_000_000}
PORTFOLIO = {"kind": "portfolio", "moment": "najaarsnota", "year": 2026, "group_by": "taakveld"}


def _publish(municipality, user, parameters=None) -> PublishedReport:
    return report_publish(municipality=municipality, parameters=parameters or RAAD, by=user)


def test_index_lists_kinds_form_and_empty_state(personas, client_for) -> None:
    response = client_for(personas[Role.READER]).get(reverse("reports:index"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Portfoliorapportage per P&amp;C-moment" in content
    assert "Raadsrapportage grote projecten" in content
    assert 'name="moment"' in content
    assert "Er zijn nog geen rapportages gepubliceerd." in content
    assert 'href="/rapportages/"' in content  # the menu points at the new app


def test_roles_without_reports_right_get_403(personas, client_for) -> None:
    for role in (Role.SUBMITTER, Role.ADMINISTRATOR):
        client = client_for(personas[role])
        assert client.get(reverse("reports:index")).status_code == 403
        assert client.get(reverse("reports:report"), PORTFOLIO).status_code == 403


def test_reader_sees_report_but_may_not_publish(personas, client_for, portfolio) -> None:
    client = client_for(personas[Role.READER])
    response = client.get(reverse("reports:report"), RAAD)
    assert response.status_code == 200
    assert "Vervanging Zuidbrug" in response.content.decode()
    assert reverse("reports:publish") not in response.content.decode()
    assert client.post(reverse("reports:publish"), RAAD).status_code == 403
    assert not PublishedReport.objects.exists()


@pytest.mark.parametrize("role", [Role.PORTFOLIO_MANAGER, Role.OFFICIAL_SPONSOR])
def test_publishing_freezes_a_snapshot(role, personas, client_for, portfolio) -> None:
    user = personas[role]
    client = client_for(user)
    response = client.post(reverse("reports:publish"), RAAD)
    published = PublishedReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == published.get_absolute_url()
    assert published.publisher_name == (user.get_full_name() or user.username)
    assert published.parameters == RAAD
    assert published.data["projects"][0]["reference"] == "KV-001"
    event = AuditEvent.objects.for_object(published).get()
    assert event.actor == user
    page = client.get(published.get_absolute_url()).content.decode()
    assert "Gepubliceerd op" in page
    assert "Vervanging Zuidbrug" in page
    assert "Geldend" in client.get(reverse("reports:index")).content.decode()


def test_snapshot_stays_frozen_after_data_changes(municipality, personas, client_for, portfolio):
    client = client_for(personas[Role.READER])
    published = _publish(municipality, personas[Role.PORTFOLIO_MANAGER], PORTFOLIO)
    before = client.get(published.get_absolute_url()).content.decode()
    assert "€ 1.300.000" in before

    portfolio.bridge.title = "Zuidbrug (hernoemd)"
    portfolio.bridge.save()
    BudgetLine.objects.filter(initiative=portfolio.bridge).update(planned=Decimal(1))
    live = client.get(reverse("reports:report"), PORTFOLIO).content.decode()
    assert "Zuidbrug (hernoemd)" in live

    after = client.get(published.get_absolute_url()).content.decode()
    assert "Vervanging Zuidbrug" in after
    assert "Zuidbrug (hernoemd)" not in after
    assert "€ 1.300.000" in after
    published.refresh_from_db()
    assert published.data["groups"][0]["initiatives"][0]["title"] == "Vervanging Zuidbrug"


def test_published_report_cannot_be_changed_or_deleted(municipality, personas, portfolio):
    published = _publish(municipality, personas[Role.PORTFOLIO_MANAGER])
    published.title = "Anders"
    with pytest.raises(FrozenPublicationError):
        published.save()
    with pytest.raises(FrozenPublicationError):
        published.delete()
    assert PublishedReport.objects.get().title != "Anders"


def test_republishing_supersedes(municipality, personas, client_for, portfolio) -> None:
    manager = personas[Role.PORTFOLIO_MANAGER]
    first = _publish(municipality, manager)
    other_year = _publish(municipality, manager, {**RAAD, "year": 2025})
    second = _publish(municipality, manager)
    assert second.supersedes == first
    assert other_year.supersedes is None
    page = client_for(manager).get(first.get_absolute_url()).content.decode()
    assert "Vervangen door" in page
    index = client_for(manager).get(reverse("reports:index")).content.decode()
    assert index.count("Vervangen") == 1


def test_outsider_gets_404_on_published_report_and_pdf(
    municipality, personas, outsider, client_for
):
    published = _publish(municipality, personas[Role.PORTFOLIO_MANAGER])
    client = client_for(outsider)
    assert client.get(published.get_absolute_url()).status_code == 404
    assert client.get(reverse("reports:published_pdf", args=[published.pk])).status_code == 404
    index = client.get(reverse("reports:index")).content.decode()
    assert published.get_absolute_url() not in index
    assert "Er zijn nog geen rapportages gepubliceerd." in index


def test_outsider_reports_show_only_their_own_portfolio(outsider, client_for, portfolio) -> None:
    response = client_for(outsider).get(reverse("reports:report"), {**RAAD, "threshold": 0})
    assert response.status_code == 200
    assert "Vervanging Zuidbrug" not in response.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({**PORTFOLIO, "moment": "zomernota"}, "Onbekend P&amp;C-moment"),
        ({**PORTFOLIO, "year": 1990}, "Kies een jaar van 2015 tot en met"),
        ({**PORTFOLIO, "year": 2999}, "Kies een jaar van 2015 tot en met"),
        ({**PORTFOLIO, "year": "twintig"}, "Vul een jaartal in, bijvoorbeeld 2026."),
        ({**PORTFOLIO, "kind": "roman"}, "Onbekende soort rapportage"),
        ({**RAAD, "threshold": -5}, "De drempel kan niet negatief zijn."),
        ({**PORTFOLIO, "domain": 999_999}, "Dit domein bestaat niet in uw gemeente."),
    ],
)
def test_bad_input_gives_dutch_errors(params, message, pm_client, portfolio) -> None:
    response = pm_client.get(reverse("reports:report"), params)
    assert response.status_code == 400
    assert message in response.content.decode()
    response = pm_client.post(reverse("reports:publish"), params)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PublishedReport.objects.exists()


def test_domain_of_another_municipality_is_refused(outsider, client_for, portfolio) -> None:
    params = {**PORTFOLIO, "domain": portfolio.domain.pk}
    response = client_for(outsider).get(reverse("reports:report"), params)
    assert response.status_code == 400
    assert "Dit domein bestaat niet in uw gemeente." in response.content.decode()


def test_published_list_paginates(municipality, personas, pm_client, portfolio) -> None:
    manager = personas[Role.PORTFOLIO_MANAGER]
    for year in range(2016, 2027):
        for moment in ("najaarsnota", "jaarrekening"):
            _publish(municipality, manager, {**RAAD, "year": year, "moment": moment})
    first = pm_client.get(reverse("reports:index")).content.decode()
    assert "Pagina 1 van 2" in first
    assert "Jaarrekening 2026" in first
    assert "2016" not in first
    second = pm_client.get(reverse("reports:index"), {"page": 2}).content.decode()
    assert "Najaarsnota 2016" in second
    assert "Jaarrekening 2026" not in second
