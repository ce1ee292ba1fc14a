"""Every page of Beheer that issue 20 added, opened in Chromium with axe-core (no serious or
critical violation), filled with a little of everything so that tables and forms show."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from koersvast.identity.services import invitation_create
from koersvast.intake.models import AdviceKind, DecisionBody
from koersvast.portfolio.models import BudgetProgramme, CustomField
from koersvast.tenancy.choices import Role
from koersvast.tenancy.services import membership_grant, membership_withdraw
from tests.conftest import PASSWORD
from tests.factories import DomainFactory, UserFactory

from .conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_beheer_pages_are_accessible(live_server, page, personas, municipality):
    admin, reader = personas[Role.ADMINISTRATOR], personas[Role.READER]
    (old,) = membership_grant(user=reader, municipality=municipality, roles=[Role.ADVISER])
    membership_withdraw(membership=old, by=admin)
    domain = DomainFactory(municipality=municipality, name="Sociaal domein")
    programme = BudgetProgramme.objects.create(municipality=municipality, name="Zorg", code="zorg")
    board = DecisionBody.objects.create(municipality=municipality, name="MT", kind="mt")
    kind = AdviceKind.objects.filter(municipality=municipality).first()
    field = CustomField.objects.create(
        municipality=municipality, code="wijk", name="Wijk", kind="keuze", options=["N", "Z"]
    )
    invitation_create(
        municipality=municipality, email="nieuw@utrecht.example", roles=[Role.READER], by=admin
    )
    login(page, live_server, admin.username, PASSWORD)
    pages = [
        reverse("administration:index"),
        reverse("administration:users"),
        reverse("administration:user", args=[reader.pk]),
        reverse("administration:user_create"),
        reverse("administration:invitations"),
        reverse("tenancy:members"),
        reverse("identity:members_mfa"),
        reverse("administration:guide"),
        *(
            reverse(f"administration:{key}_list")
            for key in ("domain", "programme", "body", "advice_kind", "field")
        ),
        *(
            reverse(f"administration:{key}_create")
            for key in ("domain", "programme", "body", "advice_kind", "field")
        ),
        reverse("administration:domain_edit", args=[domain.pk]),
        reverse("administration:programme_edit", args=[programme.pk]),
        reverse("administration:body_edit", args=[board.pk]),
        reverse("administration:advice_kind_edit", args=[kind.pk]),
        reverse("administration:field_edit", args=[field.pk]),
    ]
    for path in pages:
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("h1")).to_have_count(1)
        assert_accessible(page)

    # The invitation pages: an invalid link, and a link opened while logged in.
    page.goto(f"{live_server.url}/uitnodiging/bestaat-niet/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Deze uitnodiging is niet (meer) geldig"
    )
    assert_accessible(page)
    result = invitation_create(
        municipality=municipality, email="x@utrecht.example", roles=[Role.SUBMITTER], by=admin
    )
    page.goto(f"{live_server.url}/uitnodiging/{result.token}/")
    expect(page.get_by_role("button", name="Uitnodiging aannemen")).to_be_visible()
    assert_accessible(page)


def test_operator_pages_are_accessible(live_server, page, municipality):
    UserFactory(username="operator", is_staff=True, is_superuser=True)
    login(page, live_server, "operator", PASSWORD)
    for path in (
        reverse("administration:installation"),
        reverse("administration:beheerder_invite", args=[municipality.pk]),
    ):
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("h1")).to_have_count(1)
        assert_accessible(page)
