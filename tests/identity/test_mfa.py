"""MFA (TOTP): who must use it, enrolment, verification, recovery codes, lockout, removal."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from koersvast.audit.models import AuditEvent
from koersvast.identity.constants import MFA_ROLES
from koersvast.tenancy.choices import Role
from tests.conftest import PASSWORD

from .helpers import KEY, RECOVERY_CODES, enrol_device, password_login
from .totp import next_totp, totp

pytestmark = pytest.mark.django_db

HOME = reverse("home")
ENROL = reverse("identity:enrol")
VERIFY = reverse("identity:verify")


def _opens_pages(client) -> bool:
    """The home page (or where it sends this role) opens without a detour to MFA."""
    response = client.get(HOME, follow=True)
    visited = [url for url, _status in response.redirect_chain]
    return response.status_code == 200 and not any("tweestapsverificatie" in u for u in visited)


def _mfa_events(user, action):
    return AuditEvent.objects.filter(
        action=action, actor=user, changes__has_key="tweestapsverificatie"
    )


@pytest.mark.parametrize("role", sorted(MFA_ROLES))
def test_privileged_role_must_enrol_before_any_other_page(mfa_on, personas, role):
    client = password_login(personas[role].username)
    for url in (HOME, reverse("portfolio:list"), reverse("api_tokens"), reverse("identity:mfa")):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(ENROL), url
    assert client.get(ENROL).status_code == 200
    # Logging out is always possible.
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(HOME).url.startswith(reverse("login"))


@pytest.mark.parametrize("role", sorted(set(Role) - MFA_ROLES))
def test_other_roles_are_not_asked_for_a_second_factor(mfa_on, personas, role):
    client = password_login(personas[role].username)
    assert _opens_pages(client)


def test_superuser_must_enrol(mfa_on, db):
    get_user_model().objects.create_superuser("root", password=PASSWORD)
    client = password_login("root")
    assert client.get(HOME).url.startswith(ENROL)


def test_switched_off_nobody_is_sent_to_enrolment(personas):
    client = password_login(personas[Role.ADMINISTRATOR].username)
    assert _opens_pages(client)


def test_enrolment_with_a_code_computed_from_the_shown_secret(mfa_on, personas):
    user = personas[Role.PORTFOLIO_MANAGER]
    client = password_login(user.username)
    page = client.get(ENROL, {"next": "/portfolio/"}).content.decode()
    assert 'src="data:image/svg+xml' in page  # the QR code, as a data URI (no external request)
    secret = re.search(r'<code id="totp-secret">([A-Z2-7 ]+)</code>', page).group(1)
    # The same secret on a reload: the unconfirmed device is kept, not replaced.
    assert secret in client.get(ENROL).content.decode()

    response = client.post(ENROL, {"code": totp(secret), "next": "/portfolio/"})
    assert response.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    assert len(codes) == 8
    assert 'href="/portfolio/"' in response.content.decode()
    assert TOTPDevice.objects.get(user=user).confirmed
    assert set(
        StaticToken.objects.filter(device__user=user).values_list("token", flat=True)
    ) == set(codes)
    assert _opens_pages(client)  # the session is verified now
    assert _mfa_events(user, "update").get().changes == {
        "tweestapsverificatie": ["niet ingesteld", "ingesteld"]
    }

    # The next login asks for a code instead.
    client = password_login(user.username)
    assert client.get(HOME).url.startswith(VERIFY)
    assert client.post(VERIFY, {"code": next_totp(secret)}).url == HOME


def test_a_wrong_code_at_enrolment_is_refused_and_audited(mfa_on, personas):
    user = personas[Role.ADMINISTRATOR]
    client = password_login(user.username)
    client.get(ENROL)
    response = client.post(ENROL, {"code": "000000"})
    assert response.status_code == 200
    assert "Deze code klopt niet" in response.content.decode()
    assert not TOTPDevice.objects.get(user=user).confirmed
    assert client.get(HOME).url.startswith(ENROL)
    assert _mfa_events(user, "login_failed").get().result == "failure"


def test_an_enrolled_user_verifies_with_a_code_after_the_password(mfa_on, personas):
    user = personas[Role.ADMINISTRATOR]
    enrol_device(user)
    client = password_login(user.username)
    response = client.get(reverse("portfolio:list"))
    assert response.url == f"{VERIFY}?next=%2Fportfolio%2F"
    page = client.get(response.url)
    assert page.status_code == 200
    assert "Verificatiecode" in page.content.decode()

    wrong = client.post(VERIFY, {"code": "123456", "next": "/portfolio/"})
    assert wrong.status_code == 200
    assert "Deze code klopt niet" in wrong.content.decode()
    failed = _mfa_events(user, "login_failed").get()
    assert failed.result == "failure"
    assert "123456" not in str(failed.changes)  # codes never reach the audit trail

    # django-otp delays the device after a failure; the next step's code is the real retry.
    TOTPDevice.objects.filter(user=user).update(throttling_failure_count=0)
    response = client.post(VERIFY, {"code": totp(KEY), "next": "/portfolio/"})
    assert response.status_code == 302
    assert response.url == "/portfolio/"
    assert _opens_pages(client)
    assert _mfa_events(user, "login").get().changes == {
        "tweestapsverificatie": [None, "authenticator-app"]
    }


def test_a_code_cannot_be_used_twice(mfa_on, personas):
    user = personas[Role.ADMINISTRATOR]
    enrol_device(user)
    code = totp(KEY)
    assert password_login(user.username).post(VERIFY, {"code": code}).url == HOME
    replay = password_login(user.username).post(VERIFY, {"code": code})
    assert replay.status_code == 200


def test_a_recovery_code_works_once(mfa_on, personas):
    user = personas[Role.PORTFOLIO_MANAGER]
    enrol_device(user)
    client = password_login(user.username)
    response = client.post(VERIFY, {"code": RECOVERY_CODES[0].upper()}, follow=True)
    assert response.redirect_chain[0][0] == HOME
    assert "U heeft er nog 1 over" in response.content.decode()
    assert _mfa_events(user, "login").get().changes == {
        "tweestapsverificatie": [None, "herstelcode"]
    }
    again = password_login(user.username, address="192.0.2.11")
    assert again.post(VERIFY, {"code": RECOVERY_CODES[0]}).status_code == 200
    assert again.get(HOME).url.startswith(VERIFY)


def test_voluntary_enrolment_is_asked_for_at_every_login(mfa_on, personas):
    user = personas[Role.READER]
    client = password_login(user.username)
    assert _opens_pages(client)
    assert client.get(reverse("identity:mfa")).status_code == 200
    secret = re.search(
        r'<code id="totp-secret">([A-Z2-7 ]+)</code>', client.get(ENROL).content.decode()
    ).group(1)
    assert client.post(ENROL, {"code": totp(secret)}).status_code == 200
    assert password_login(user.username).get(HOME).url.startswith(VERIFY)


def test_five_wrong_codes_lock_the_user_out(mfa_on, personas, settings):
    user = personas[Role.ADMINISTRATOR]
    enrol_device(user)
    client = password_login(user.username, address="198.51.100.20")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(VERIFY, {"code": "999999"}).status_code == 200
    locked = client.post(VERIFY, {"code": "999999"})
    assert locked.status_code == 429
    assert "Tijdelijk geblokkeerd" in locked.content.decode()
    # Logged out, and the password is refused from that address for the cool-off time.
    assert client.get(HOME).url.startswith(reverse("login"))
    relogin = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert relogin.status_code == 429
    assert _mfa_events(user, "login_failed").count() == settings.AXES_FAILURE_LIMIT


def test_removing_the_second_factor_needs_a_fresh_code(mfa_on, personas):
    user = personas[Role.READER]
    enrol_device(user)
    client = password_login(user.username)
    client.post(VERIFY, {"code": totp(KEY)})
    remove = reverse("identity:remove")
    refused = client.post(remove, {"code": "000000"}, follow=True)
    assert "niet verwijderd" in refused.content.decode()
    assert TOTPDevice.objects.filter(user=user).exists()

    TOTPDevice.objects.filter(user=user).update(throttling_failure_count=0)
    done = client.post(remove, {"code": next_totp(KEY)}, follow=True)
    assert "Tweestapsverificatie is verwijderd" in done.content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticToken.objects.filter(device__user=user).exists()
    assert _mfa_events(user, "update").get().changes == {
        "tweestapsverificatie": ["ingesteld", "verwijderd"]
    }
    assert _opens_pages(client)  # a reader need not enrol again


def test_administrator_resets_a_members_mfa(mfa_on, personas, municipality):
    admin, manager = personas[Role.ADMINISTRATOR], personas[Role.PORTFOLIO_MANAGER]
    enrol_device(admin)
    enrol_device(manager)
    admin_client = password_login(admin.username)
    admin_client.post(VERIFY, {"code": totp(KEY)})
    manager_client = password_login(manager.username, address="192.0.2.12")
    manager_client.post(VERIFY, {"code": next_totp(KEY)})
    assert _opens_pages(manager_client)

    page = admin_client.get(reverse("identity:members_mfa")).content.decode()
    assert manager.username in page
    url = reverse("identity:member_mfa_reset", args=[manager.pk])
    # Without a reason nothing is reset.
    admin_client.post(url, {"reason": "  "})
    assert TOTPDevice.objects.filter(user=manager).exists()
    response = admin_client.post(url, {"reason": "Telefoon verloren"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=manager).exists()
    event = AuditEvent.objects.get(
        actor=admin, object_id=str(manager.pk), changes__has_key="tweestapsverificatie"
    )
    assert event.municipality_id == municipality.pk
    assert event.changes == {
        "tweestapsverificatie": ["ingesteld", "hersteld door beheerder"],
        "reden": [None, "Telefoon verloren"],
    }
    # The manager's open session is sent to enrolment at once, not at the next login.
    assert manager_client.get(HOME).url.startswith(ENROL)


def test_an_administrator_cannot_reset_their_own_mfa_from_the_list(mfa_on, personas):
    admin = personas[Role.ADMINISTRATOR]
    enrol_device(admin)
    client = password_login(admin.username)
    client.post(VERIFY, {"code": totp(KEY)})
    client.post(reverse("identity:member_mfa_reset", args=[admin.pk]), {"reason": "Test"})
    assert TOTPDevice.objects.filter(user=admin).exists()


def test_only_administrators_reset(personas, client_for):
    target = personas[Role.READER]
    enrol_device(target)
    url = reverse("identity:member_mfa_reset", args=[target.pk])
    assert client_for(personas[Role.PORTFOLIO_MANAGER]).post(url).status_code == 403
    assert (
        client_for(personas[Role.PORTFOLIO_MANAGER])
        .get(reverse("identity:members_mfa"))
        .status_code
        == 403
    )
    assert TOTPDevice.objects.filter(user=target).exists()


def test_a_user_of_another_municipality_cannot_be_reset(personas, outsider, client_for):
    enrol_device(outsider)
    url = reverse("identity:member_mfa_reset", args=[outsider.pk])
    response = client_for(personas[Role.ADMINISTRATOR]).post(url, {"reason": "Telefoon kwijt"})
    assert response.status_code == 404
    assert TOTPDevice.objects.filter(user=outsider).exists()


def test_operator_resets_a_superusers_mfa_on_the_command_line(mfa_on, db):
    from io import StringIO

    from django.core.management import CommandError, call_command

    root = get_user_model().objects.create_superuser("root", password=PASSWORD)
    enrol_device(root)
    out = StringIO()
    call_command("reset_mfa", "root", stdout=out)
    assert "verwijderd" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=root).exists()
    assert not StaticToken.objects.filter(device__user=root).exists()
    event = AuditEvent.objects.get(object_id=str(root.pk), changes__has_key="tweestapsverificatie")
    assert event.changes == {"tweestapsverificatie": ["ingesteld", "hersteld op de opdrachtregel"]}
    assert event.actor_name == "koersvast reset-mfa"
    # At the next login the superuser enrols again.
    assert password_login("root").get(HOME).url.startswith(ENROL)
    call_command("reset_mfa", "root", stdout=out)
    assert "geen tweede factor" in out.getvalue()
    with pytest.raises(CommandError, match="unknown user: niemand"):
        call_command("reset_mfa", "niemand")
