"""The urgency request page, the decision through the form, stale options, the decision
document (page and PDF): who sees what, and no link that leads to a 403."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from koersvast.planning.choices import RunStatus, UrgencyOption
from koersvast.planning.models import UrgencyRequest
from koersvast.tenancy.choices import Role

from .test_urgency_decisions import _adopt, _request

pytestmark = pytest.mark.django_db

DECIDERS = [Role.PORTFOLIO_MANAGER, Role.OFFICIAL_SPONSOR, Role.BOARD_MEMBER]
READERS = [Role.READER, Role.POLITICAL_SPONSOR, Role.PROJECT_LEADER, Role.ADVISER]


@pytest.fixture
def urgency(world, municipality, personas):
    return _request(world, municipality, personas[Role.PORTFOLIO_MANAGER], personas)


def _decide_url(urgency):
    return reverse("planning:urgency_decide", args=[urgency.pk])


@pytest.mark.parametrize("role", DECIDERS)
def test_deciders_see_the_form_with_the_four_options(role, urgency, personas, client_for):
    page = client_for(personas[role]).get(urgency.get_absolute_url()).content.decode()
    assert _decide_url(urgency) in page
    for option in UrgencyOption:
        assert f'value="{option.value}"' in page
    assert "4. Faseren van het verzoek" in page
    assert reverse("planning:urgency_document", args=[urgency.pk]) in page


@pytest.mark.parametrize("role", READERS)
def test_readers_see_the_options_read_only(role, urgency, personas, client_for):
    client = client_for(personas[role])
    page = client.get(urgency.get_absolute_url()).content.decode()
    assert "2. Faseren" in page
    assert _decide_url(urgency) not in page and "Besluit vastleggen" not in page
    # Every link on the page opens for them (the document too).
    document = reverse("planning:urgency_document", args=[urgency.pk])
    assert document in page and client.get(document).status_code == 200
    assert client.post(_decide_url(urgency), {"option": "faseren"}).status_code == 403
    recompute = reverse("planning:urgency_recompute", args=[urgency.pk])
    assert client.post(recompute).status_code == 403


def test_deciding_faseren_through_the_form(urgency, world, municipality, pm_client):
    response = pm_client.post(
        _decide_url(urgency),
        {"option": "faseren", "body": world["body"].pk, "rationale": "Opvang gaat voor"},
    )
    assert response.status_code == 302
    urgency.refresh_from_db()
    assert urgency.chosen == UrgencyOption.PHASE
    page = pm_client.get(urgency.get_absolute_url()).content.decode()
    assert "Nieuwe planversie: Plan 2027-2." in page
    assert "Bravo schuift van 2027-Q1 naar 2028-Q1." in page
    assert "Status: Besluitvorming → Gepland." in page
    assert _decide_url(urgency) not in page
    # The initiative pages name the decision and the move.
    bravo = pm_client.get(world["b"].get_absolute_url()).content.decode()
    assert "Besluit urgent verzoek" in bravo and "schuift van 2027-Q1 naar 2028-Q1" in bravo
    echo = pm_client.get(world["e"].get_absolute_url()).content.decode()
    assert "opgenomen in Plan 2027-2, start 2027-Q1" in echo


def test_stale_options_offer_recomputation(urgency, world, municipality, personas, pm_client):
    _adopt(world, municipality, personas[Role.PORTFOLIO_MANAGER], name="Nieuw plan")
    page = pm_client.get(urgency.get_absolute_url()).content.decode()
    assert "Het vastgestelde plan is gewijzigd sinds de opties zijn doorgerekend" in page
    assert "Besluit vastleggen" not in page
    recompute = reverse("planning:urgency_recompute", args=[urgency.pk])
    assert recompute in page
    # A stale form posted anyway is refused with the message.
    response = pm_client.post(
        _decide_url(urgency),
        {"option": "faseren", "body": world["body"].pk, "rationale": "x"},
        follow=True,
    )
    assert "Reken de opties opnieuw door" in response.content.decode()
    urgency.refresh_from_db()
    assert not urgency.chosen
    assert pm_client.post(recompute).status_code == 302
    urgency.refresh_from_db()
    assert urgency.status == RunStatus.DONE  # the test settings run tasks at once
    page = pm_client.get(urgency.get_absolute_url()).content.decode()
    assert "Besluit vastleggen" in page and "Plan 2027-2" in page


def test_the_decision_document(urgency, pm_client):
    page = pm_client.get(reverse("planning:urgency_document", args=[urgency.pk]))
    html = page.content.decode()
    assert "Besluitdocument bestuurlijke urgentie" in html
    assert "De opties naast elkaar" in html
    for label in ("Niet doen", "Faseren", "Extra middelen", "Faseren van het verzoek"):
        assert label in html
    assert "Bravo: 2027-Q1 → 2028-Q1" in html
    pdf = pm_client.get(reverse("planning:urgency_document_pdf", args=[urgency.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert re.search(
        r'filename="besluitdocument-urgent-verzoek-e\.pdf"', pdf["Content-Disposition"]
    )


def test_the_document_of_a_request_still_computing(world, municipality, personas, pm_client):
    request = UrgencyRequest.objects.create(
        municipality=municipality, initiative=world["e"], year=2027, quarter=1
    )
    page = pm_client.get(reverse("planning:urgency_document", args=[request.pk]))
    assert "De opties zijn nog niet doorgerekend." in page.content.decode()
    assert reverse("planning:urgency_document_pdf", args=[request.pk]) not in page.content.decode()
    pdf = pm_client.get(reverse("planning:urgency_document_pdf", args=[request.pk]))
    assert pdf.status_code == 302


def test_outsiders_get_404(urgency, outsider, client_for):
    client = client_for(outsider)
    for name in ("planning:urgency", "planning:urgency_document", "planning:urgency_document_pdf"):
        assert client.get(reverse(name, args=[urgency.pk])).status_code == 404
    for name in ("planning:urgency_decide", "planning:urgency_recompute"):
        assert client.post(reverse(name, args=[urgency.pk])).status_code == 404


def test_the_pages_that_read_the_plan_open_after_a_decision(urgency, world, pm_client):
    pm_client.post(
        _decide_url(urgency),
        {"option": "extra_middelen", "body": world["body"].pk, "rationale": "Rijksgeld"},
    )
    urgency.refresh_from_db()
    assert urgency.chosen == UrgencyOption.EXTRA
    plan = urgency.plan
    for url in (
        plan.get_absolute_url(),
        reverse("planning:roadmap"),
        reverse("planning:capacity_map"),
        reverse("planning:plan_versions"),
        reverse("planning:compare") + f"?s={plan.pk}",
        reverse("capacity:index"),
        reverse("dashboards:index"),
        reverse("planning:urgency_document", args=[urgency.pk]),
    ):
        response = pm_client.get(url)
        assert response.status_code == 200, url
    versions = pm_client.get(reverse("planning:plan_versions")).content.decode()
    assert "Urgent verzoek E: Extra middelen" in versions
    document = pm_client.get(reverse("planning:urgency_document", args=[urgency.pk]))
    assert "Extra middelen (gekozen)" in document.content.decode()
