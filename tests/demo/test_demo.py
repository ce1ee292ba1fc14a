"""The demo municipality: complete, realistic, deterministic and idempotent."""

from __future__ import annotations

import itertools

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory
from django.utils import timezone

from koersvast.audit.models import AuditEvent
from koersvast.capacity.models import CapacityPool, Demand, PoolCapacity
from koersvast.demo import content
from koersvast.demo.services import demo_load
from koersvast.framework.models import Framework, Objective
from koersvast.portfolio.models import Domain, Initiative
from koersvast.portfolio.references import next_reference
from koersvast.tenancy.choices import Role
from koersvast.tenancy.models import Membership

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, object]:
    return {
        # The benchmark peers reuse references (VGL-001 …), so order by municipality too.
        "initiatives": list(
            Initiative.objects.order_by("municipality__cbs_code", "reference").values_list(
                "municipality__cbs_code",
                "reference",
                "state",
                "domain__code",
                "taakveld__code",
                "duration_quarters",
            )
        ),
        "demand": Demand.objects.count(),
        "capacity": PoolCapacity.objects.count(),
        "memberships": Membership.objects.count(),
        "objectives": Objective.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


def test_demo_is_complete():
    municipality, logins = demo_load()
    assert municipality.name == "Gemeente Voorbeeld"
    assert 40_000 <= municipality.inhabitants <= 50_000
    assert Domain.objects.filter(municipality=municipality).count() == 5
    initiatives = Initiative.objects.filter(municipality=municipality)
    assert initiatives.count() >= 60
    assert initiatives.values("domain").distinct().count() == 5
    assert initiatives.values("state").distinct().count() >= 10
    assert not initiatives.filter(taakveld__isnull=True).exists()
    # One reference scheme: the demo's are those a new initiative of the municipality gets.
    assert municipality.reference_prefix == content.REFERENCE_PREFIX
    references = sorted(initiatives.values_list("reference", flat=True))
    assert references == [municipality.reference(n) for n in range(1, len(references) + 1)]
    assert next_reference(municipality) == municipality.reference(len(references) + 1)
    framework = Framework.objects.get(municipality=municipality)
    assert framework.is_published
    assert Objective.objects.filter(framework=framework, parent=None).count() >= 3
    for pool in CapacityPool.objects.filter(municipality=municipality):
        assert pool.capacities.count() == 16
    roles = set(Membership.objects.filter(municipality=municipality).values_list("role", flat=True))
    assert roles == {role.value for role in Role}
    assert len(logins) == len(Role)
    for login in logins:
        request = RequestFactory().post("/inloggen/")
        user = authenticate(request, username=login.username, password=content.DEMO_PASSWORD)
        assert user is not None


def test_demo_is_idempotent_and_deterministic():
    demo_load()
    first = snapshot()
    demo_load()
    assert snapshot() == first


def test_demo_starts_with_an_adopted_plan_consistent_with_the_states():
    from koersvast.planning.models import PlanItem
    from koersvast.planning.selectors.plan import current_version

    municipality, _logins = demo_load()
    version = current_version(municipality.pk)
    assert version is not None and version.is_baseline and version.label == "Plan 2027-1"
    items = PlanItem.objects.filter(version=version).select_related("initiative")
    planned = [item for item in items if item.in_plan]
    assert len(planned) >= 10
    today = timezone.localdate()
    this_quarter = today.year * 4 + (today.month - 1) // 3
    running = Initiative.objects.filter(municipality=municipality, state="in_uitvoering")
    assert running.exists()
    by_initiative = {item.initiative_id: item for item in items}
    for initiative in running:
        item = by_initiative[initiative.pk]  # every running initiative is in the plan
        assert item.running and item.start_index <= this_quarter, initiative
        assert item.start_period == initiative.start_label
    # Every initiative the plan schedules is planned or running; admitted work is left out.
    for item in items:
        if item.in_plan:
            assert item.initiative.state in ("gepland", "in_uitvoering"), item
        else:
            assert item.initiative.state == "opgenomen" and item.reason, item


def test_demo_plan_and_urgency_options_hold_on_the_problem_rebuilt_now():
    """The plan of record and the urgency options were computed on the data as loaded (the
    finance figures included), so the problem rebuilt at decision time accepts them: deciding
    the demo's request is not refused as stale."""
    from koersvast.planning import translate
    from koersvast.planning.choices import UrgencyOption
    from koersvast.planning.models import UrgencyRequest
    from koersvast.planning.selectors.plan import current_version
    from koersvast.planning.services import urgency_options

    municipality, _logins = demo_load()
    request = UrgencyRequest.objects.get(municipality=municipality)
    assert request.plan_version == current_version(municipality.pk)
    problem = urgency_options.problem_of(request).problem
    item_id = translate.initiative_id(request.initiative)
    assert any(pool["id"] == "budget:exploitatie" for pool in problem["pools"])
    plan = request.plan_version.run.solution
    without = {**problem, "initiatives": [i for i in problem["initiatives"] if i["id"] != item_id]}
    assert translate.check(without, {"mode": "baseline", "selected": plan["selected"]}) == []
    # Faseren displaces other work; extra middelen needs capacity and exploitatie room.
    assert request.options[UrgencyOption.PHASE]["moved"]
    assert request.options[UrgencyOption.EXTRA]["pools"]
    assert request.options[UrgencyOption.EXTRA]["budget"]
    for option in (UrgencyOption.PHASE, UrgencyOption.EXTRA):
        stored = request.plans[option]
        pinned = urgency_options.pinned(problem, item_id, int(stored["start"]))
        if option == UrgencyOption.EXTRA:
            pinned = translate.with_extra_capacity(pinned, stored["extra_capacity"])
        solution = {"mode": "plan", **stored}
        assert translate.check(pinned, solution) == [], option


def test_demo_history_leads_each_initiative_to_its_state():
    """Issue 19 item 2: the "Verloop" panel and lead times have a past that fits the state,
    and running work went in uitvoering at its actual start, not in the future."""
    from koersvast.intake.models import Transition

    municipality, _logins = demo_load()
    today = timezone.localdate()
    initiatives = Initiative.objects.filter(municipality=municipality).order_by("reference")
    for initiative in initiatives:
        moves = list(Transition.objects.filter(initiative=initiative).order_by("created_at", "id"))
        if initiative.state == "idee":
            assert moves == [], initiative
            continue
        assert moves, initiative
        assert moves[0].from_state == "idee" and moves[0].to_state == "ingediend", initiative
        assert moves[-1].to_state == initiative.state, initiative
        for before, after in itertools.pairwise(moves):
            assert before.to_state == after.from_state, initiative
        assert all(move.created_at.date() <= today and move.by_id for move in moves), initiative
        if initiative.state == "in_uitvoering":
            started = next(m for m in moves if m.to_state == "in_uitvoering").created_at.date()
            assert (started.year, (started.month - 1) // 3 + 1) == (
                initiative.start_year,
                initiative.start_quarter,
            ), initiative
    decided = Transition.objects.filter(initiative__municipality=municipality, to_state="afgewezen")
    assert all(move.reason for move in decided)


def test_demo_benefits_serve_objectives_and_programmes_hold_related_work():
    """Issue 19 item 2: a benefit sits under an objective its initiative contributes to, and a
    programme holds the related work, not an arbitrary half of what runs."""
    from koersvast.demo.monitoring_demo import PROGRAMME_STATES, PROGRAMMES
    from koersvast.intake.models import Contribution
    from koersvast.monitoring.models import Benefit, Programme

    municipality, _logins = demo_load()
    benefits = Benefit.objects.filter(municipality=municipality).select_related("initiative")
    assert benefits.exists()
    for benefit in benefits:
        if Contribution.objects.filter(initiative=benefit.initiative, score__gt=0).exists():
            best = Contribution.objects.filter(initiative=benefit.initiative).order_by("-score")[0]
            served = Contribution.objects.get(
                initiative=benefit.initiative, objective=benefit.objective
            )
            assert served.score == best.score > 0, benefit
    for name, _opgave, _goals, titles in PROGRAMMES:
        programme = Programme.objects.get(municipality=municipality, name=name)
        members = Initiative.objects.filter(programme_link__programme=programme)
        related = Initiative.objects.filter(
            municipality=municipality, state__in=PROGRAMME_STATES, title__in=titles
        )
        assert members.count() >= 3 and set(members) == set(related), programme
