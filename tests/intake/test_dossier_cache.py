"""The dossier's municipality-wide part (criteria, framework) from the shared cache: a new
criterion shows on the next request, and never on another municipality's initiative."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from koersvast.tenancy.choices import Role
from tests.factories import EntryCriterionFactory, InitiativeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_cache")]


def _page(client: Any, initiative: Any) -> str:
    url = reverse("portfolio:initiative_detail", args=[initiative.pk])
    return client.get(url).content.decode()


def test_a_new_criterion_shows_on_the_next_request(
    municipality, personas, client_for, django_capture_on_commit_callbacks
) -> None:
    initiative = InitiativeFactory(municipality=municipality)
    client = client_for(personas[Role.PORTFOLIO_MANAGER])
    EntryCriterionFactory(municipality=municipality, name="Eerste criterium")
    assert "Eerste criterium" in _page(client, initiative)
    with django_capture_on_commit_callbacks(execute=True):
        EntryCriterionFactory(municipality=municipality, name="Tweede criterium")
    assert "Tweede criterium" in _page(client, initiative)


def test_criteria_stay_with_their_municipality(
    municipality, other_municipality, personas, outsider, client_for
) -> None:
    EntryCriterionFactory(municipality=municipality, name="Criterium van Utrecht")
    EntryCriterionFactory(municipality=other_municipality, name="Criterium van Amsterdam")
    ours = InitiativeFactory(municipality=municipality)
    theirs = InitiativeFactory(municipality=other_municipality)
    client, other = client_for(personas[Role.PORTFOLIO_MANAGER]), client_for(outsider)
    for _ in range(2):  # cold, then from the cache
        page = _page(client, ours)
        assert "Criterium van Utrecht" in page and "Criterium van Amsterdam" not in page
        page = _page(other, theirs)
        assert "Criterium van Amsterdam" in page and "Criterium van Utrecht" not in page
