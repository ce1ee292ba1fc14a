"""Group AHP rounds: invite, fill in one's own judgements, aggregate, apply, adopt by decision."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from koersvast import weighing
from koersvast.framework.choices import RoundStatus
from koersvast.framework.models import Comparison, RoundParticipant
from koersvast.framework.selectors.rounds import (
    comparable_groups,
    group_key,
    participant_judgements,
    person_name,
    round_overview,
)
from koersvast.framework.selectors.weights import judgement_ratio, member_label, weight_group
from koersvast.framework.services.rounds import round_apply, round_create, round_judgements_save
from koersvast.framework.services.versions import framework_publish
from koersvast.framework.services.weights import comparisons_save
from koersvast.tenancy.choices import Role
from tests.factories import DecisionBodyFactory, UserFactory

from .helpers import build_framework

pytestmark = pytest.mark.django_db

WETHOUDER, SECRETARIS, MT = Role.POLITICAL_SPONSOR, Role.OFFICIAL_SPONSOR, Role.BOARD_MEMBER


@pytest.fixture
def pm(personas):
    return personas[Role.PORTFOLIO_MANAGER]


@pytest.fixture
def draft(municipality, pm):
    return build_framework(municipality, by=pm)


@pytest.fixture
def round_(draft, pm, personas):
    return round_create(
        framework=draft,
        by=pm,
        title="Weging 2027",
        participants=[personas[WETHOUDER], personas[SECRETARIS], personas[MT]],
    )


def _choices(framework, first_value: int) -> dict[str, dict[tuple[int, int], int]]:
    """Judgements for every pair of every group: `first_value` for the first pair, else 2."""
    judgements = {}
    for group in comparable_groups(framework=framework):
        pairs = group.pairs()
        judgements[group_key(group)] = {
            (a.pk, b.pk): (first_value if index == 0 else 2) for index, (a, b) in enumerate(pairs)
        }
    return judgements


def _post_data(framework, first_value: int) -> dict[str, str]:
    data = {}
    for index, group in enumerate(comparable_groups(framework=framework)):
        for position, (a, b) in enumerate(group.pairs()):
            data[f"g{index}-p{a.pk}_{b.pk}"] = str(first_value if position == 0 else 2)
    return data


def _fill_in(round_, personas):
    for role, value in ((WETHOUDER, 3), (SECRETARIS, 5), (MT, -3)):
        round_judgements_save(
            comparison_round=round_, by=personas[role], judgements=_choices(round_.framework, value)
        )


# --- Services -------------------------------------------------------------------------------


def test_only_a_portfolio_manager_invites_and_only_members_who_see_the_framework(
    draft, personas, other_municipality
):
    with pytest.raises(PermissionDenied):
        round_create(
            framework=draft,
            by=personas[WETHOUDER],
            title="X",
            participants=[personas[WETHOUDER], personas[MT]],
        )
    stranger = UserFactory(username="vreemde")
    with pytest.raises(ValidationError):
        round_create(
            framework=draft,
            by=personas[Role.PORTFOLIO_MANAGER],
            title="X",
            participants=[personas[WETHOUDER], stranger],
        )
    with pytest.raises(ValidationError):  # a submitter cannot see the framework
        round_create(
            framework=draft,
            by=personas[Role.PORTFOLIO_MANAGER],
            title="X",
            participants=[personas[WETHOUDER], personas[Role.SUBMITTER]],
        )


def test_participants_store_only_their_own_complete_judgements(round_, personas):
    with pytest.raises(PermissionDenied):
        round_judgements_save(
            comparison_round=round_,
            by=personas[Role.READER],
            judgements=_choices(round_.framework, 3),
        )
    incomplete = _choices(round_.framework, 3)
    incomplete["axes"] = {}
    with pytest.raises(ValidationError):
        round_judgements_save(
            comparison_round=round_, by=personas[WETHOUDER], judgements=incomplete
        )
    round_judgements_save(
        comparison_round=round_, by=personas[WETHOUDER], judgements=_choices(round_.framework, 3)
    )
    rows = {p.user_id: p for p in RoundParticipant.objects.filter(round=round_)}
    assert rows[personas[WETHOUDER].pk].submitted_at is not None
    assert rows[personas[SECRETARIS].pk].judgements == {}


def test_overview_aggregates_by_geometric_mean_and_lists_where_opinions_differ(round_, personas):
    _fill_in(round_, personas)
    overview = round_overview(comparison_round=round_)
    assert overview.submitted == 3
    themes = next(g for g in overview.groups if g.key == "objectives")
    assert len(themes.participants) == 3
    assert all(row.ahp is not None for row in themes.participants)
    # The first pair was judged 3, 5 and 1/3: its group judgement is their geometric mean.
    first, second = themes.group.pairs()[0]
    expected = (3 * 5 * (1 / 3)) ** (1 / 3)
    assert themes.result.pairs[0].group == pytest.approx(expected)
    assert themes.divergent[0].first == first and themes.divergent[0].second == second
    assert [name for name, _v in themes.divergent[0].judgements] == [
        person_name(personas[role]) for role in (WETHOUDER, SECRETARIS, MT)
    ]
    assert 0 < themes.result.consensus < 1
    assert sum(themes.percents.values()) == 100


def test_apply_writes_the_group_weights_and_closes_the_round(round_, personas, pm):
    framework = round_.framework
    comparisons_save(
        framework=framework,
        by=pm,
        group="axes",
        judgements={
            (a.pk, b.pk): 1 for a, b in weight_group(framework=framework, group="axes").pairs()
        },
    )
    _fill_in(round_, personas)
    overview = round_overview(comparison_round=round_)
    round_apply(comparison_round=round_, by=pm)
    round_.refresh_from_db()
    assert round_.status == RoundStatus.APPLIED and round_.applied_by == pm
    for entry in overview.groups:
        for member, weight in zip(entry.group.members, entry.result.aggregate.weights, strict=True):
            member.refresh_from_db()
            assert float(member.weight) == pytest.approx(weight, abs=1e-4)
    assert not Comparison.objects.filter(framework=framework, group="axes").exists()
    with pytest.raises(ValidationError):
        round_judgements_save(
            comparison_round=round_,
            by=personas[WETHOUDER],
            judgements=_choices(framework, 7),
        )
    with pytest.raises(ValidationError):
        round_apply(comparison_round=round_, by=pm)


def test_apply_needs_complete_judgements_and_a_manager(round_, personas, pm):
    with pytest.raises(ValidationError):
        round_apply(comparison_round=round_, by=pm)
    _fill_in(round_, personas)
    with pytest.raises(PermissionDenied):
        round_apply(comparison_round=round_, by=personas[WETHOUDER])


def test_publish_records_the_college_decision(draft, pm, municipality):
    college = DecisionBodyFactory(municipality=municipality, name="College", kind="college")
    framework_publish(framework=draft, by=pm, body=college, rationale="Collegebesluit")
    draft.refresh_from_db()
    assert draft.is_published
    assert draft.decision_body == college and draft.decision_date is not None
    assert draft.decision_rationale == "Collegebesluit"


def test_publish_refuses_a_body_of_another_municipality(draft, pm, other_municipality):
    with pytest.raises(ValidationError):
        framework_publish(
            framework=draft, by=pm, body=DecisionBodyFactory(municipality=other_municipality)
        )


def test_the_template_library_carries_the_framework_without_participants(round_, personas, pm):
    from koersvast.library.kinds import KINDS

    for role in (WETHOUDER, SECRETARIS, MT):
        user = personas[role]
        user.first_name, user.last_name = "Anna", f"Wethouder{role.value}"
        user.save()
    _fill_in(round_, personas)
    round_apply(comparison_round=round_, by=pm)
    framework_publish(framework=round_.framework, by=pm)
    kind = KINDS["afwegingskader"]
    content = json.dumps(kind.export(round_.framework.municipality, str(round_.framework.pk)))
    for role in (WETHOUDER, SECRETARIS, MT):
        user = personas[role]
        assert user.last_name not in content
        assert user.username not in content
    assert "participant" not in content and "round" not in content
    # The group weights themselves travel.
    themes = round_.framework.objectives.filter(parent=None).order_by("order", "code")
    assert f'"weight": {float(themes[0].weight)}' in content or str(themes[0].weight) in content


# --- Pages ----------------------------------------------------------------------------------


def test_portfolio_manager_starts_a_round_through_the_page(draft, personas, pm, client_for):
    client = client_for(pm)
    url = reverse("framework:round_create", args=[draft.pk])
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert person_name(personas[WETHOUDER]) in body
    assert person_name(personas[Role.SUBMITTER]) not in body
    response = client.post(
        url,
        {
            "title": "Weging",
            "participants": [personas[WETHOUDER].pk, personas[SECRETARIS].pk, personas[MT].pk],
        },
    )
    assert response.status_code == 302
    round_ = draft.rounds.get()
    assert round_.participants.count() == 3
    assert (
        "Groepsvergelijking starten"
        in client.get(reverse("framework:framework_detail", args=[draft.pk])).content.decode()
    )


def test_who_may_open_the_round_pages(round_, personas, client_for):
    detail = reverse("framework:round_detail", args=[round_.pk])
    mine = reverse("framework:round_participate", args=[round_.pk])
    create = reverse("framework:round_create", args=[round_.framework_id])
    apply = reverse("framework:round_apply", args=[round_.pk])
    expectations = {
        Role.PORTFOLIO_MANAGER: (200, 403, 200),  # manages, but is not invited
        WETHOUDER: (403, 200, 403),
        SECRETARIS: (403, 200, 403),
        Role.READER: (403, 403, 403),
    }
    for role, (detail_status, mine_status, create_status) in expectations.items():
        client = client_for(personas[role])
        assert client.get(detail).status_code == detail_status, role
        assert client.get(mine).status_code == mine_status, role
        assert client.get(create).status_code == create_status, role
        if role != Role.PORTFOLIO_MANAGER:
            assert client.post(apply).status_code == 403, role


def test_invitation_link_only_for_the_invited(round_, personas, client_for):
    framework_url = reverse("framework:framework_detail", args=[round_.framework_id])
    mine = reverse("framework:round_participate", args=[round_.pk])
    assert mine in client_for(personas[WETHOUDER]).get(framework_url).content.decode()
    reader_page = client_for(personas[Role.READER]).get(framework_url).content.decode()
    assert mine not in reader_page
    assert reverse("framework:round_detail", args=[round_.pk]) not in reader_page


def test_participant_fills_in_through_the_page_and_sees_own_cr(round_, personas, client_for):
    client = client_for(personas[WETHOUDER])
    url = reverse("framework:round_participate", args=[round_.pk])
    response = client.post(url, _post_data(round_.framework, 3))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Uw oordelen zijn opgeslagen" in body
    assert "Uw consistentieratio (CR)" in body
    own = RoundParticipant.objects.get(round=round_, user=personas[WETHOUDER])
    assert own.submitted_at is not None
    others = RoundParticipant.objects.filter(round=round_).exclude(pk=own.pk)
    assert all(p.judgements == {} for p in others)
    # Reopening shows the stored judgements.
    first_group = comparable_groups(framework=round_.framework)[0]
    a, b = first_group.pairs()[0]
    form = client.get(url).context["sections"][0][0]
    assert form[f"p{a.pk}_{b.pk}"].value() == "3"


def test_incomplete_post_is_refused(round_, personas, client_for):
    data = _post_data(round_.framework, 3)
    data.pop(next(iter(data)))
    response = client_for(personas[WETHOUDER]).post(
        reverse("framework:round_participate", args=[round_.pk]), data
    )
    assert response.status_code == 400
    assert RoundParticipant.objects.get(round=round_, user=personas[WETHOUDER]).submitted_at is None


def test_round_page_shows_weights_crs_consensus_and_divergence(round_, personas, client_for):
    _fill_in(round_, personas)
    response = client_for(personas[Role.PORTFOLIO_MANAGER]).get(
        reverse("framework:round_detail", args=[round_.pk])
    )
    body = response.content.decode()
    assert "3 van 3 deelnemers hebben ingevuld" in body
    assert "Consensus" in body and "Consistentieratio (CR)" in body
    assert "Hierover lopen de meningen het meest uiteen" in body
    assert "Groepsgewichten overnemen in het concept" in body


def test_apply_and_publish_through_the_pages(round_, personas, pm, client_for, municipality):
    _fill_in(round_, personas)
    college = DecisionBodyFactory(municipality=municipality, name="College van B&W", kind="college")
    client = client_for(pm)
    response = client.post(reverse("framework:round_apply", args=[round_.pk]))
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.status == RoundStatus.APPLIED
    publish = reverse("framework:framework_publish", args=[round_.framework_id])
    page = client.get(publish).content.decode()
    assert "College van B&amp;W" in page and "Weging 2027" in page
    response = client.post(
        publish, {"body": college.pk, "decision_date": "2027-01-12", "rationale": "B&W-besluit"}
    )
    assert response.status_code == 302
    framework = round_.framework
    framework.refresh_from_db()
    assert framework.is_published and str(framework.decision_date) == "2027-01-12"
    detail = client.get(reverse("framework:framework_detail", args=[framework.pk]))
    assert "Vastgesteld bij besluit van College van B&amp;W" in detail.content.decode()


def test_outsider_gets_404_on_every_round_url(round_, outsider, client_for):
    client = client_for(outsider)
    for url in (
        reverse("framework:round_detail", args=[round_.pk]),
        reverse("framework:round_participate", args=[round_.pk]),
        reverse("framework:round_create", args=[round_.framework_id]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("framework:round_apply", args=[round_.pk])).status_code == 404


def test_aggregate_equals_the_engine(round_, personas):
    _fill_in(round_, personas)
    overview = round_overview(comparison_round=round_)
    axes = next(g for g in overview.groups if g.key == "axes")
    labels = [member_label(m, axes.group.members) for m in axes.group.members]
    individual = []
    for participant in overview.participants:
        stored = participant_judgements(participant, axes.group)
        individual.append(
            {
                (labels[i], labels[j]): judgement_ratio(
                    stored[(axes.group.members[i].pk, axes.group.members[j].pk)]
                )
                for i in range(len(labels))
                for j in range(i + 1, len(labels))
            }
        )
    expected = weighing.group_ahp(labels, individual)
    assert axes.result.aggregate.weights == pytest.approx(expected.aggregate.weights)
