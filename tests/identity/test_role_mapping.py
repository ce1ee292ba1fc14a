"""The claim → role mapping without a provider: matching, grant/revoke, and its admin page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from koersvast.audit.models import AuditEvent
from koersvast.identity.models import MappedMembership, RoleMapping
from koersvast.identity.sso import claim_matches, sso_roles_sync
from koersvast.tenancy.choices import Role
from koersvast.tenancy.models import Membership
from koersvast.tenancy.services import membership_grant
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGE = reverse("identity:role_mappings")


@pytest.mark.parametrize(
    ("claim", "wanted", "matches"),
    [
        (["kv-portfolio", "medewerkers"], "kv-portfolio", True),
        (["kv-portfolio-test"], "kv-portfolio", False),  # whole values only, no substrings
        ("kv-portfolio", "kv-portfolio", True),
        ("KV-Portfolio", "kv-portfolio", False),  # group names are compared exactly
        (None, "kv-portfolio", False),
        ([], "kv-portfolio", False),
        (True, "True", True),
    ],
)
def test_claim_matches(claim, wanted, matches):
    assert claim_matches(claim, wanted) is matches


def _map(municipality, value, role, claim="groups"):
    return RoleMapping.objects.create(
        municipality=municipality, claim=claim, value=value, role=role
    )


def test_sync_grants_mapped_roles_in_each_municipality(municipality, other_municipality):
    user = UserFactory(username="sso-user")
    _map(municipality, "kv-portfolio", Role.PORTFOLIO_MANAGER)
    _map(other_municipality, "kv-portfolio", Role.READER)
    _map(municipality, "Afdeling Financiën", Role.ADVISER, claim="department")
    result = sso_roles_sync(
        user=user, claims={"groups": ["kv-portfolio"], "department": "Afdeling Financiën"}
    )
    assert result.granted == {
        (municipality.pk, Role.PORTFOLIO_MANAGER),
        (municipality.pk, Role.ADVISER),
        (other_municipality.pk, Role.READER),
    }
    assert MappedMembership.objects.filter(membership__user=user).count() == 3


def test_sync_revokes_only_mapped_roles(municipality):
    user = UserFactory(username="sso-user")
    _map(municipality, "kv-portfolio", Role.PORTFOLIO_MANAGER)
    sso_roles_sync(user=user, claims={"groups": ["kv-portfolio"]})
    membership_grant(user=user, municipality=municipality, roles=[Role.READER])  # by hand

    result = sso_roles_sync(user=user, claims={"groups": []})
    assert result.revoked == {(municipality.pk, Role.PORTFOLIO_MANAGER)}
    assert list(Membership.objects.current().filter(user=user).values_list("role", flat=True)) == [
        Role.READER
    ]
    # The revoked role stays in the history, withdrawn by the login that revoked it.
    revoked = Membership.objects.get(user=user, role=Role.PORTFOLIO_MANAGER)
    assert revoked.withdrawn_at is not None and revoked.withdrawn_by == user


def test_a_role_held_by_hand_is_not_taken_over_by_the_mapping(municipality):
    user = UserFactory(username="sso-user")
    membership_grant(user=user, municipality=municipality, roles=[Role.PORTFOLIO_MANAGER])
    _map(municipality, "kv-portfolio", Role.PORTFOLIO_MANAGER)
    assert sso_roles_sync(user=user, claims={"groups": ["kv-portfolio"]}).granted == frozenset()
    sso_roles_sync(user=user, claims={"groups": []})
    assert Membership.objects.current().filter(user=user, role=Role.PORTFOLIO_MANAGER).exists()


def test_sync_without_changes_writes_nothing(municipality):
    user = UserFactory(username="sso-user")
    _map(municipality, "kv-portfolio", Role.PORTFOLIO_MANAGER)
    sso_roles_sync(user=user, claims={"groups": ["kv-portfolio"]})
    events = AuditEvent.objects.count()
    result = sso_roles_sync(user=user, claims={"groups": ["kv-portfolio"]})
    assert (result.granted, result.revoked) == (frozenset(), frozenset())
    assert AuditEvent.objects.count() == events


def test_administrator_lists_adds_and_deletes_mappings(personas, client_for, municipality):
    client = client_for(personas[Role.ADMINISTRATOR])
    assert "Nog geen koppelingen" in client.get(PAGE).content.decode()
    response = client.post(
        PAGE, {"claim": "groups", "value": " kv-portfolio ", "role": Role.PORTFOLIO_MANAGER}
    )
    assert response.status_code == 302
    mapping = RoleMapping.objects.get()
    assert (mapping.municipality, mapping.value) == (municipality, "kv-portfolio")
    assert "kv-portfolio" in client.get(PAGE).content.decode()
    assert AuditEvent.objects.filter(
        action="create", content_type__model="rolemapping", municipality=municipality
    ).exists()

    duplicate = client.post(
        PAGE, {"claim": "groups", "value": "kv-portfolio", "role": Role.PORTFOLIO_MANAGER}
    )
    assert "Deze koppeling bestaat al." in duplicate.content.decode()
    bad = client.post(PAGE, {"claim": "groups", "value": "", "role": "koning"})
    assert bad.status_code == 200
    assert RoleMapping.objects.count() == 1

    assert (
        client.post(reverse("identity:role_mapping_delete", args=[mapping.pk])).status_code == 302
    )
    assert not RoleMapping.objects.exists()
    assert AuditEvent.objects.filter(action="delete", content_type__model="rolemapping").exists()


def test_only_administrators_manage_mappings(personas, client_for, municipality):
    mapping = _map(municipality, "kv-portfolio", Role.PORTFOLIO_MANAGER)
    manager = client_for(personas[Role.PORTFOLIO_MANAGER])
    assert manager.get(PAGE).status_code == 403
    assert (
        manager.post(reverse("identity:role_mapping_delete", args=[mapping.pk])).status_code == 403
    )
    assert RoleMapping.objects.exists()


def test_mappings_are_kept_per_municipality(personas, outsider, client_for, municipality):
    mapping = _map(municipality, "kv-geheim", Role.PORTFOLIO_MANAGER)
    client = client_for(outsider)
    assert "kv-geheim" not in client.get(PAGE).content.decode()
    assert (
        client.post(reverse("identity:role_mapping_delete", args=[mapping.pk])).status_code == 404
    )
    assert RoleMapping.objects.filter(pk=mapping.pk).exists()
