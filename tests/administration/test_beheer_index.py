"""The Beheer page shows a role exactly the cards it may use, and every card opens (no link to
a page that answers 403: visibility comes from tenancy/policy.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from koersvast.administration.navigation import CARDS
from koersvast.tenancy.choices import Role
from koersvast.tenancy.policy import BEHEER_ACTIONS, role_allows

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", list(Role))
def test_every_card_shown_opens_and_no_other_is_shown(role, personas, client_for) -> None:
    client = client_for(personas[role])
    response = client.get(reverse("administration:index"))
    if not any(role_allows(role, action) for action in BEHEER_ACTIONS):
        assert response.status_code == 403
        return
    page = response.content.decode()
    for card in CARDS:
        url = reverse(card.url_name)
        allowed = any(role_allows(role, action) for action in card.actions)
        assert (f'href="{url}"' in page) is allowed, (role, card.url_name)
        if allowed:
            assert client.get(url).status_code == 200, (role, card.url_name)
