"""OIDC single sign-on end to end against a real provider (npm oidc-provider on loopback).

The browser is played by `sso_flow.sso_login`; the Chromium journey is in
tests/browser/test_identity_sso_browser.py.
"""

from __future__ import annotations

import pytest
import requests
from django.contrib.auth import get_user_model
from django.urls import reverse

from koersvast.audit.models import AuditEvent
from koersvast.identity.models import ExternalIdentity, MappedMembership, RoleMapping
from koersvast.identity.oidc import forget_discovery
from koersvast.tenancy.choices import Role
from koersvast.tenancy.models import Membership
from koersvast.tenancy.services import membership_grant

from .provider import oidc_provider
from .sso_flow import sso_login

pytestmark = pytest.mark.django_db

HOME = reverse("home")


@pytest.fixture
def provider(settings):
    with oidc_provider(["http://testserver/sso/callback/"]) as running:
        for name, value in running.settings().items():
            setattr(settings, name, value)
        forget_discovery()
        yield running
    forget_discovery()


def test_first_login_creates_an_account_without_rights(provider, client, municipality):
    response = sso_login(client, "bram")
    assert response.status_code == 302
    assert response.url == HOME
    user = get_user_model().objects.get(username="bram")
    assert (user.email, user.first_name, user.last_name) == ("bram@voorbeeld.nl", "Bram", "Jansen")
    assert not user.has_usable_password()
    assert not Membership.objects.filter(user=user).exists()
    identity = ExternalIdentity.objects.get(user=user)
    assert (identity.issuer, identity.subject) == (provider.issuer, "bram")
    # Logged in, but a user without a role sees only the "ask for access" page.
    assert client.get(HOME).status_code == 403
    assert AuditEvent.objects.filter(action="login", actor=user).exists()


def test_mapping_grants_at_login_and_revokes_when_the_claim_changes(
    provider, client, municipality, personas
):
    RoleMapping.objects.create(
        municipality=municipality, claim="groups", value="kv-portfolio", role=Role.PORTFOLIO_MANAGER
    )
    RoleMapping.objects.create(
        municipality=municipality, claim="groups", value="kv-lezers", role=Role.READER
    )
    assert sso_login(client, "anna").url == HOME
    anna = get_user_model().objects.get(username="anna")
    membership = Membership.objects.get(user=anna)
    assert (membership.municipality, membership.role) == (municipality, Role.PORTFOLIO_MANAGER)
    assert MappedMembership.objects.filter(membership=membership).exists()
    assert client.get(HOME).status_code == 200
    granted = AuditEvent.objects.get(
        action="create", content_type__model="membership", object_id=str(membership.pk)
    )
    assert (granted.actor, granted.origin, granted.municipality) == (anna, "sso", municipality)

    # A role given by hand is never touched by the mapping.
    membership_grant(user=anna, municipality=municipality, roles=[Role.ADVISER])

    provider.set_groups("anna", ["medewerkers", "kv-lezers"])
    client.post(reverse("logout"))
    assert sso_login(client, "anna").url == HOME
    roles = set(Membership.objects.current().filter(user=anna).values_list("role", flat=True))
    assert roles == {Role.READER, Role.ADVISER}
    # Revoked by withdrawal: the role stays in the rights report's history.
    revoked = AuditEvent.objects.get(action="update", object_id=str(membership.pk))
    assert (revoked.origin, revoked.municipality) == ("sso", municipality)
    assert set(revoked.changes) == {"withdrawn_at", "withdrawn_by"}
    # Still one account: found again by issuer + subject.
    assert get_user_model().objects.filter(email="anna@voorbeeld.nl").count() == 1


def test_sso_logins_are_exempt_from_mfa(provider, client, municipality, settings):
    settings.KOERSVAST_MFA_REQUIRED = True
    RoleMapping.objects.create(
        municipality=municipality, claim="groups", value="kv-portfolio", role=Role.PORTFOLIO_MANAGER
    )
    sso_login(client, "anna")
    assert client.get(HOME).status_code == 200  # no detour to enrolment


def test_a_second_login_needs_no_password_at_the_provider(provider, client, municipality):
    provider_session = requests.Session()
    sso_login(client, "bram", provider_session)
    client.post(reverse("logout"))
    # The provider remembers its own session; the account stays the same.
    assert sso_login(client, "bram", provider_session).url == HOME
    assert get_user_model().objects.filter(username__startswith="bram").count() == 1


def test_a_deactivated_account_cannot_log_in(provider, client, municipality):
    sso_login(client, "bram")
    get_user_model().objects.filter(username="bram").update(is_active=False)
    client.post(reverse("logout"))
    response = sso_login(client, "bram")
    assert response.url == reverse("login")
    assert client.get(HOME).url.startswith(reverse("login"))


def test_the_login_page_offers_sso_when_configured(provider, client):
    page = client.get(reverse("login")).content.decode()
    assert "Inloggen met uw organisatieaccount" in page
    assert 'name="password"' in page
