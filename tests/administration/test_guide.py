"""The first-run guide: its steps and what is missing before intake can open, computed from the
data; starter templates, suggested domains and the usual bodies in one click each."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from koersvast.administration.guide import STEP_SLUGS, setup_status
from koersvast.framework.models import Framework
from koersvast.intake.models import DecisionBody, EntryCriterion
from koersvast.portfolio.models import Domain
from koersvast.tenancy.choices import Role
from koersvast.tenancy.services import membership_grant
from tests.factories import MunicipalityFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_town():
    return MunicipalityFactory(cbs_code="GM0014", name="Groningen")


@pytest.fixture
def beheerder(new_town):
    user = UserFactory(username="beheer-groningen")
    membership_grant(user=user, municipality=new_town, roles=[Role.ADMINISTRATOR])
    return user


@pytest.fixture
def beheer_client(beheerder, client_for) -> Client:
    return client_for(beheerder)


def _missing(town) -> list[str]:
    return [str(check.label) for check in setup_status(town).missing_for_intake]


def test_a_new_municipality_lacks_what_intake_needs(new_town, beheerder) -> None:
    assert _missing(new_town) == [
        "Een vastgesteld afwegingskader",
        "Ten minste één domein",
        "Een gremium dat initiatieven mag opnemen",
        "Een portfoliomanager",
    ]
    assert not setup_status(new_town).intake_ready


def test_following_the_guide_opens_intake(new_town, beheerder, beheer_client) -> None:
    guide = reverse("administration:guide")
    assert "Nog nodig voordat de intake open kan" in beheer_client.get(guide).content.decode()

    beheer_client.post(reverse("administration:guide_starter"), {"kind": "afwegingskader"})
    beheer_client.post(reverse("administration:guide_starter"), {"kind": "toelatingscriteria"})
    draft = Framework.objects.get(municipality=new_town)
    assert draft.status == "draft"
    assert EntryCriterion.objects.filter(municipality=new_town).count() == 4
    assert "Er is een concept; stel het vast." in beheer_client.get(guide).content.decode()

    beheer_client.post(
        reverse("administration:guide_domains"),
        {"domains": ["sociaal-domein", "informatievoorziening"]},
    )
    social = Domain.objects.get(municipality=new_town, code="sociaal-domein")
    assert "6.1" in set(social.taakvelden.values_list("code", flat=True))
    assert Domain.objects.filter(municipality=new_town).count() == 2

    beheer_client.post(
        reverse("administration:guide_bodies"),
        {"bodies": ["portfolioboard", "mt", "college", "raad"]},
    )
    chain = {b.kind: b for b in DecisionBody.objects.filter(municipality=new_town)}
    assert chain["portfolioboard"].escalates_to == chain["mt"]
    assert chain["mt"].escalates_to == chain["college"]
    assert chain["college"].escalates_to == chain["raad"]
    assert chain["raad"].mandate_max_budget is None

    assert _missing(new_town) == ["Een vastgesteld afwegingskader", "Een portfoliomanager"]
    manager = UserFactory(username="pm-groningen")
    membership_grant(user=manager, municipality=new_town, roles=[Role.PORTFOLIO_MANAGER])
    from koersvast.framework.services.versions import framework_publish

    framework_publish(framework=draft, by=manager)
    assert setup_status(new_town).intake_ready
    assert "de intake kan open" in beheer_client.get(guide).content.decode()


def test_every_step_can_be_opened_in_any_order(beheer_client) -> None:
    for slug in reversed(STEP_SLUGS):
        response = beheer_client.get(reverse("administration:guide_step", args=[slug]))
        assert response.status_code == 200, slug
    assert (
        beheer_client.get(reverse("administration:guide_step", args=["onbekend"])).status_code
        == 404
    )


def test_the_guide_links_only_to_what_the_user_may_do(new_town, beheer_client, client_for) -> None:
    step = reverse("administration:guide_step", args=["sjabloon"])
    page = beheer_client.get(step).content.decode()
    assert reverse("framework:framework_create") not in page  # the beheerder may not
    assert "stelt een portfoliomanager vast" in page
    manager = UserFactory(username="pm")
    membership_grant(user=manager, municipality=new_town, roles=[Role.PORTFOLIO_MANAGER])
    pm = client_for(manager)
    assert reverse("framework:framework_create") in pm.get(step).content.decode()
    domains = pm.get(reverse("administration:guide_step", args=["domeinen"])).content.decode()
    assert reverse("administration:guide_domains") not in domains
    assert (
        pm.post(
            reverse("administration:guide_domains"), {"domains": ["sociaal-domein"]}
        ).status_code
        == 403
    )
    assert not Domain.objects.filter(municipality=new_town).exists()


def test_only_beheerders_and_portfolio_managers_see_the_guide(personas, client_for) -> None:
    for role, user in personas.items():
        allowed = role in (Role.ADMINISTRATOR, Role.PORTFOLIO_MANAGER)
        status = client_for(user).get(reverse("administration:guide")).status_code
        assert status == (200 if allowed else 403), role


def test_an_unknown_starter_is_404(beheer_client) -> None:
    response = beheer_client.post(reverse("administration:guide_starter"), {"kind": "rag"})
    assert response.status_code == 404
