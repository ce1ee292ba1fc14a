"""One initiative with its people: the four users come from one query, not four joins."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from koersvast.portfolio.selectors import initiative_get
from koersvast.tenancy.choices import Role
from tests.factories import InitiativeFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_people_are_set_with_one_query(municipality, personas, django_assert_num_queries) -> None:
    sponsor, contractor = UserFactory(first_name="Anouk"), UserFactory(first_name="Bram")
    initiative = InitiativeFactory(
        municipality=municipality,
        political_sponsor=sponsor,
        official_sponsor=sponsor,
        contractor=contractor,
        submitted_by=None,
    )
    reader = personas[Role.READER]
    with CaptureQueriesContext(connection) as captured:
        found = initiative_get(user=reader, pk=initiative.pk)
    user_queries = [q for q in captured.captured_queries if 'FROM "auth_user"' in q["sql"]]
    assert len(user_queries) == 1
    with django_assert_num_queries(0):
        assert found.political_sponsor == sponsor
        assert found.official_sponsor == sponsor
        assert found.contractor == contractor
        assert found.submitted_by is None


def test_no_people_no_query(municipality, personas, django_assert_num_queries) -> None:
    initiative = InitiativeFactory(municipality=municipality)
    found = initiative_get(user=personas[Role.READER], pk=initiative.pk)
    with django_assert_num_queries(0):
        assert found.contractor is None
        assert found.political_sponsor is None


def test_the_page_names_the_people(municipality, personas, client_for) -> None:
    contractor = UserFactory(first_name="Bram", last_name="de Vries")
    initiative = InitiativeFactory(municipality=municipality, contractor=contractor)
    response = client_for(personas[Role.READER]).get(
        reverse("portfolio:initiative_detail", args=[initiative.pk])
    )
    assert "Bram de Vries" in response.content.decode()


def test_other_municipality_gets_404(municipality, outsider, client_for) -> None:
    initiative = InitiativeFactory(municipality=municipality, contractor=UserFactory())
    response = client_for(outsider).get(
        reverse("portfolio:initiative_detail", args=[initiative.pk])
    )
    assert response.status_code == 404
