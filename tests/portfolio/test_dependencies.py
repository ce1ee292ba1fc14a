"""Dependencies and alternatives: the checks of the services and the initiative page."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from koersvast.audit.models import AuditEvent
from koersvast.portfolio import dependencies as deps
from koersvast.portfolio.choices import DependencyKind
from koersvast.portfolio.dependency_graph import Edge, Node, findings
from koersvast.portfolio.models import Alternative, AlternativeGroup, Dependency
from koersvast.tenancy.choices import Role
from tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(municipality: Any) -> list[Any]:
    return [
        InitiativeFactory(municipality=municipality, reference=f"KV-{n:03d}", duration_quarters=2)
        for n in (14, 19, 23)
    ]


def test_finish_to_start_with_lag_is_recorded_and_audited(three, personas):
    a, b, _c = three
    pm = personas[Role.PORTFOLIO_MANAGER]
    dependency = deps.dependency_add(successor=b, predecessor=a, lag_quarters=2, by=pm)
    assert (dependency.kind, dependency.lag_quarters) == (DependencyKind.FINISH_TO_START, 2)
    assert AuditEvent.objects.filter(
        content_type__model="dependency", object_id=str(dependency.pk)
    ).exists()


def test_a_cycle_is_refused_naming_the_initiatives(three, personas):
    a, b, c = three
    pm = personas[Role.PORTFOLIO_MANAGER]
    deps.dependency_add(successor=b, predecessor=a, by=pm)
    deps.dependency_add(successor=c, predecessor=b, by=pm)
    with pytest.raises(deps.DependencyError) as caught:
        deps.dependency_add(successor=a, predecessor=c, by=pm)
    message = str(caught.value)
    assert "kring" in message
    assert all(ref in message for ref in ("KV-014", "KV-019", "KV-023"))
    assert Dependency.objects.count() == 2


def test_an_impossible_chain_is_refused(three, personas):
    a, b, _c = three
    a.start_year, a.start_quarter = 2028, 1
    a.save()
    b.latest_year, b.latest_quarter = 2028, 2
    b.save()
    with pytest.raises(deps.DependencyError) as caught:
        deps.dependency_add(
            successor=b, predecessor=a, by=personas[Role.PORTFOLIO_MANAGER], lag_quarters=1
        )
    assert "KV-014 → KV-019" in str(caught.value)
    assert "2028-Q4" in str(caught.value)  # the earliest start the chain allows


def test_other_municipality_self_and_duplicates_are_refused(three, personas, other_municipality):
    a, b, _c = three
    pm = personas[Role.PORTFOLIO_MANAGER]
    elsewhere = InitiativeFactory(municipality=other_municipality)
    with pytest.raises(deps.DependencyError, match="dezelfde gemeente"):
        deps.dependency_add(successor=b, predecessor=elsewhere, by=pm)
    with pytest.raises(deps.DependencyError, match="zichzelf"):
        deps.dependency_add(successor=b, predecessor=b, by=pm)
    deps.dependency_add(successor=b, predecessor=a, by=pm)
    with pytest.raises(deps.DependencyError, match="bestaat al"):
        deps.dependency_add(successor=a, predecessor=b, by=pm)


def test_only_who_manages_initiatives_may_add(three, personas):
    a, b, _c = three
    with pytest.raises(PermissionDenied):
        deps.dependency_add(successor=b, predecessor=a, by=personas[Role.PROJECT_LEADER])


def test_alternatives_group_and_its_checks(three, personas):
    a, b, c = three
    pm = personas[Role.PORTFOLIO_MANAGER]
    deps.alternative_add(initiative=b, other=a, group_name="Nieuwe huisvesting", by=pm)
    assert set(
        Alternative.objects.filter(group__name="Nieuwe huisvesting").values_list(
            "initiative__reference", flat=True
        )
    ) == {"KV-014", "KV-019"}
    # c needs a; putting c in a's group would make c impossible.
    deps.dependency_add(successor=c, predecessor=a, kind=DependencyKind.NEEDS_RESULT, by=pm)
    with pytest.raises(deps.DependencyError, match="alternatieven"):
        deps.alternative_add(initiative=c, other=a, by=pm)
    # and a dependency between two alternatives is refused as well
    with pytest.raises(deps.DependencyError, match="alternatieven"):
        deps.dependency_add(successor=b, predecessor=a, by=pm)
    deps.alternative_remove(alternative=Alternative.objects.get(initiative=b), by=pm)
    assert not AlternativeGroup.objects.exists()  # one member left: the group is gone


def test_start_together_with_an_order_between_the_same_pair_is_a_cycle():
    nodes = {r: Node(r, 1) for r in "AB"}
    found = findings(nodes, [Edge("A", "B", "together"), Edge("B", "A")])
    assert found[0].kind == "cycle"


def test_initiative_page_adds_and_removes_without_javascript(three, pm_client):
    a, b, _c = three
    page = pm_client.get(b.get_absolute_url())
    assert "Afhankelijkheden en alternatieven" in page.content.decode()
    response = pm_client.post(
        reverse("portfolio:dependency_add", args=[b.pk]),
        {"kind": DependencyKind.FINISH_TO_START, "predecessor": a.pk, "lag_quarters": "1"},
    )
    assert response.status_code == 302
    dependency = Dependency.objects.get()
    html = pm_client.get(b.get_absolute_url()).content.decode()
    assert "start na afronding van" in html and "KV-014" in html
    # shown on the predecessor's page too
    assert "KV-019" in pm_client.get(a.get_absolute_url()).content.decode()
    pm_client.post(reverse("portfolio:dependency_remove", args=[a.pk, dependency.pk]))
    assert not Dependency.objects.exists()


def test_htmx_answers_with_the_section_and_the_error_inline(three, pm_client):
    a, b, _c = three
    pm_client.post(
        reverse("portfolio:dependency_add", args=[b.pk]),
        {"kind": DependencyKind.FINISH_TO_START, "predecessor": a.pk},
    )
    response = pm_client.post(
        reverse("portfolio:dependency_add", args=[a.pk]),
        {"kind": DependencyKind.FINISH_TO_START, "predecessor": b.pk},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="links"')
    assert 'role="alert"' in html and "bestaat al" in html


def test_roles_without_the_right_get_403_and_see_no_form(three, personas, client_for):
    a, b, _c = three
    client = client_for(personas[Role.PROJECT_LEADER])
    html = client.get(b.get_absolute_url()).content.decode()
    assert reverse("portfolio:dependency_add", args=[b.pk]) not in html
    response = client.post(
        reverse("portfolio:dependency_add", args=[b.pk]),
        {"kind": DependencyKind.FINISH_TO_START, "predecessor": a.pk},
    )
    assert response.status_code == 403


def test_alternatives_on_the_page_with_and_without_htmx(three, pm_client):
    a, b, _c = three
    response = pm_client.post(
        reverse("portfolio:alternative_add", args=[b.pk]),
        {"other": a.pk, "group_name": "Nieuwe huisvesting"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "Variant in ‘Nieuwe huisvesting’" in html and "KV-014" in html
    assert 'role="status"' in html
    # Without htmx an error comes back as a message on the page.
    again = pm_client.post(
        reverse("portfolio:alternative_add", args=[b.pk]),
        {"group_name": "Iets anders"},
        follow=True,
    )
    assert "hoort al bij een groep alternatieven" in again.content.decode()
    pm_client.post(reverse("portfolio:alternative_remove", args=[a.pk]))
    assert not Alternative.objects.exists()
