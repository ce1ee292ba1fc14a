"""Instellingen of a municipality: its beheerder sets the prefix of initiative references."""

from __future__ import annotations

import pytest
from django.urls import reverse

from koersvast.audit.models import AuditEvent
from koersvast.tenancy.choices import Role
from koersvast.tenancy.models import Municipality

pytestmark = pytest.mark.django_db

URL = "tenancy:settings"


def test_beheerder_sets_the_prefix(municipality, personas, client_for) -> None:
    client = client_for(personas[Role.ADMINISTRATOR])
    page = client.get(reverse(URL)).content.decode()
    assert "KV-001" in page and 'name="reference_prefix"' in page
    assert reverse(URL) in client.get(reverse("administration:index")).content.decode()
    response = client.post(reverse(URL), {"reference_prefix": " utr "})
    assert response.status_code == 302
    municipality.refresh_from_db()
    assert municipality.reference_prefix == "UTR"
    assert "UTR-001" in client.get(reverse(URL)).content.decode()
    event = AuditEvent.objects.filter(object_repr=str(municipality)).order_by("-pk").first()
    assert event is not None and "reference_prefix" in str(event.changes)


@pytest.mark.parametrize("prefix", ["", "K V", "KV-", "ÉÉN", "ABCDEFGHIJK"])
def test_an_invalid_prefix_is_refused_in_dutch(prefix, municipality, personas, client_for) -> None:
    client = client_for(personas[Role.ADMINISTRATOR])
    response = client.post(reverse(URL), {"reference_prefix": prefix})
    assert response.status_code == 200
    body = response.content.decode()
    messages = ("hoofdletters of cijfers", "Dit veld is vereist", "niet meer dan 10 tekens")
    assert any(message in body for message in messages)
    municipality.refresh_from_db()
    assert municipality.reference_prefix == "KV"
    assert "Utrecht" in body  # the page header still shows the stored municipality


@pytest.mark.parametrize("role", [Role.READER, Role.PORTFOLIO_MANAGER, Role.SUBMITTER])
def test_only_the_beheerder_may(role, municipality, personas, client_for) -> None:
    client = client_for(personas[role])
    assert client.get(reverse(URL)).status_code == 403
    assert client.post(reverse(URL), {"reference_prefix": "XX"}).status_code == 403
    municipality.refresh_from_db()
    assert municipality.reference_prefix == "KV"


def test_a_beheerder_elsewhere_changes_only_their_own(
    municipality, other_municipality, outsider, client_for
) -> None:
    client = client_for(outsider)
    page = client.get(reverse(URL)).content.decode()
    assert "Amsterdam" in page and "Utrecht" not in page
    assert client.post(reverse(URL), {"reference_prefix": "AMS"}).status_code == 302
    assert Municipality.objects.get(pk=other_municipality.pk).reference_prefix == "AMS"
    assert Municipality.objects.get(pk=municipality.pk).reference_prefix == "KV"
