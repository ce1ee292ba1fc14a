"""Invitations: a one-time, expiring, revocable link to set a password (and enrol MFA where
the role needs it), or to add the roles to an existing account, never a second one."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from koersvast.audit.models import AuditEvent
from koersvast.identity.models import Invitation
from koersvast.tenancy.choices import Role
from koersvast.tenancy.models import Membership
from koersvast.tenancy.services import membership_grant
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

INVITATIONS = reverse("administration:invitations")
NEW_PASSWORD = "een-lang-wachtwoord-42"


@pytest.fixture
def admin_client(personas, client_for) -> Client:
    return client_for(personas[Role.ADMINISTRATOR])


def _invite(client: Client, email: str, *roles: str, **extra: str) -> str:
    """Invite through the page; the link from the e-mail that was sent."""
    response = client.post(INVITATIONS, {"email": email, "roles": list(roles), **extra})
    assert response.status_code == 302, response.content
    body = mail.outbox[-1].body
    return re.search(r"https?://\S+/uitnodiging/\S+/", body).group(0)


def _path(link: str) -> str:
    return "/" + link.split("/", 3)[3]


def _accept(link: str, **data: str) -> Client:
    client = Client()
    response = client.post(
        _path(link),
        {
            "first_name": "Fleur",
            "last_name": "de Vries",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            **data,
        },
    )
    assert response.status_code == 302, response.content
    return client


def test_an_invitee_sets_a_password_and_gets_the_roles(
    admin_client, municipality, personas
) -> None:
    link = _invite(admin_client, "Fleur@Utrecht.example", Role.SUBMITTER, Role.READER)
    assert mail.outbox[-1].to == ["Fleur@utrecht.example"]
    # The link is shown once on the page as well, for when the mail does not arrive.
    assert link in admin_client.get(INVITATIONS).content.decode()
    assert link not in admin_client.get(INVITATIONS).content.decode()
    invitation = Invitation.objects.get()
    assert invitation.token_hash not in link  # only the hash is stored

    client = _accept(link)
    fleur = get_user_model().objects.get(email="Fleur@utrecht.example")
    assert (fleur.first_name, fleur.is_superuser, fleur.is_staff) == ("Fleur", False, False)
    assert set(Membership.objects.current().filter(user=fleur).values_list("role", flat=True)) == {
        Role.SUBMITTER,
        Role.READER,
    }
    assert Membership.objects.filter(user=fleur).first().granted_by == personas[Role.ADMINISTRATOR]
    assert client.get(reverse("portfolio:list")).status_code == 200  # logged in, with rights
    invitation.refresh_from_db()
    assert invitation.accepted_by == fleur
    assert AuditEvent.objects.filter(object_id=str(invitation.pk), action="update").exists()
    # One time only.
    assert Client().get(_path(link)).status_code == 404


def test_a_role_that_needs_mfa_enrols_after_the_password(admin_client, settings) -> None:
    settings.KOERSVAST_MFA_REQUIRED = True
    link = _invite(admin_client, "pm@utrecht.example", Role.PORTFOLIO_MANAGER)
    client = _accept(link)
    response = client.get(reverse("portfolio:list"))
    assert response.url.startswith(reverse("identity:enrol"))


def test_expired_and_revoked_links_do_not_work(admin_client) -> None:
    expired = _invite(admin_client, "laat@utrecht.example", Role.READER)
    Invitation.objects.filter(email="laat@utrecht.example").update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    assert Client().get(_path(expired)).status_code == 404
    revoked = _invite(admin_client, "weg@utrecht.example", Role.READER)
    invitation = Invitation.objects.get(email="weg@utrecht.example")
    page = admin_client.get(INVITATIONS).content.decode()
    assert "weg@utrecht.example" in page
    admin_client.post(reverse("administration:invitation_revoke", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    response = Client().post(_path(revoked), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 404
    assert (
        not get_user_model()
        .objects.filter(email__in=["laat@utrecht.example", "weg@utrecht.example"])
        .exists()
    )
    assert Client().get("/uitnodiging/niet-bestaand/").status_code == 404


def test_an_invitation_for_a_member_here_adds_the_role_at_once(admin_client, personas) -> None:
    reader = personas[Role.READER]
    reader.email = "lezer@utrecht.example"
    reader.save()
    admin_client.post(INVITATIONS, {"email": "LEZER@utrecht.example", "roles": [Role.ADVISER]})
    assert not Invitation.objects.exists()
    assert not mail.outbox
    assert Membership.objects.current().filter(user=reader, role=Role.ADVISER).exists()


def test_an_account_elsewhere_logs_in_and_accepts(admin_client, outsider, municipality) -> None:
    """No second account: the invitee logs in with their account (from another municipality,
    or made at a first SSO login) and the roles are added to it."""
    outsider.email = "pm@amsterdam.example"
    outsider.save()
    link = _invite(admin_client, "pm@amsterdam.example", Role.READER)
    anonymous = Client().get(_path(link)).content.decode()
    assert "Er bestaat al een account met dit e-mailadres" in anonymous
    response = Client().post(_path(link), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 200
    assert get_user_model().objects.filter(email__iexact="pm@amsterdam.example").count() == 1

    client = Client()
    client.force_login(outsider)
    assert "outsider" in client.get(_path(link)).content.decode()
    client.post(_path(link))
    assert (
        Membership.objects.current()
        .filter(user=outsider, municipality=municipality, role=Role.READER)
        .exists()
    )
    assert client.get(reverse("portfolio:list")).status_code == 200


def test_an_sso_account_accepts_an_invitation(admin_client, municipality) -> None:
    sso_user = UserFactory(username="sso-anna", email="anna@utrecht.example")
    sso_user.set_unusable_password()
    sso_user.save()
    link = _invite(admin_client, "anna@utrecht.example", Role.SUBMITTER)
    client = Client()
    client.force_login(sso_user)
    client.post(_path(link))
    assert Membership.objects.current().filter(user=sso_user, role=Role.SUBMITTER).exists()


def test_an_address_of_another_municipality_never_gets_roles_directly(
    admin_client, other_municipality
) -> None:
    """A beheerder elsewhere made an account with this address (and knows its password): an
    invitation here must not hand that account the roles; only the link's holder decides."""
    planted = UserFactory(username="geplant", email="wethouder@utrecht.example")
    membership_grant(user=planted, municipality=other_municipality, roles=[Role.READER])
    _invite(admin_client, "wethouder@utrecht.example", Role.POLITICAL_SPONSOR)
    assert Invitation.objects.filter(email="wethouder@utrecht.example").exists()
    assert not Membership.objects.filter(user=planted, role=Role.POLITICAL_SPONSOR).exists()


def test_invitations_need_the_right_and_a_role(personas, client_for, admin_client) -> None:
    for role, user in personas.items():
        if role != Role.ADMINISTRATOR:
            assert client_for(user).get(INVITATIONS).status_code == 403
    response = admin_client.post(INVITATIONS, {"email": "x@utrecht.example", "roles": []})
    assert response.status_code == 200
    response = admin_client.post(
        INVITATIONS, {"email": "x@utrecht.example", "roles": ["superuser"]}
    )
    assert response.status_code == 200
    assert not Invitation.objects.exists()


def test_a_weak_password_makes_no_account(admin_client) -> None:
    link = _invite(admin_client, "zwak@utrecht.example", Role.READER)
    response = Client().post(_path(link), {"password1": "123", "password2": "123"})
    assert response.status_code == 200
    assert not get_user_model().objects.filter(email="zwak@utrecht.example").exists()
    assert Invitation.objects.get().accepted_at is None
