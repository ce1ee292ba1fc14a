"""Adopting a scenario as the plan of record: a recorded decision that writes a new plan
version, in one transaction.

What one adoption does (docs/decisions/0402-plan-of-record.md):
- records the decision (body, rationale, who) and makes the scenario the plan of record;
- writes a new, immutable `PlanVersion` ("Plan 2027-3") with one `PlanItem` per initiative of
  the run: planned start and end, or, for work the plan leaves out, the optimiser's reason;
- moves admitted work that is scheduled to *gepland* (and planned work the plan leaves out back
  to *opgenomen*), recording each transition and auditing it;
- makes the scenario's capacity and budget levers real changes, linked to the decision;
- running work keeps its actual start.

The number of queries does not depend on the number of initiatives: items, state changes,
transitions and their audit events are written in bulk.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from koersvast.audit.choices import AuditAction
from koersvast.audit.recorder import model_changes, record_many
from koersvast.capacity.models import BudgetCapacity, DecidedChange, PoolCapacity
from koersvast.core.periods import Quarter, quarter_of_label
from koersvast.intake import lifecycle
from koersvast.intake.models import DecisionBody, Transition
from koersvast.intake.signals import initiative_transitioned
from koersvast.portfolio.choices import LifecycleState
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.models import Municipality
from koersvast.tenancy.policy import require

from .. import constants, presenters
from ..choices import RunStatus
from ..documents import X_PK
from ..errors import PlanningError
from ..levers import KINDS, kind_of
from ..levers.budget import Budget
from ..levers.capacity import Capacity
from ..models import (
    Lever,
    PlanItem,
    PlanVersion,
    Scenario,
    ScenarioDecision,
    ScenarioRun,
)
from ..rules import DECIDE


@transaction.atomic
def scenario_adopt(
    *, scenario: Scenario, body: DecisionBody, rationale: str, by: Any
) -> ScenarioDecision:
    """Make the scenario's newest finished run the plan of record through a recorded decision:
    a new plan version, planned starts, states and real capacity changes (one transaction)."""
    require(by, scenario.municipality_id, *DECIDE)
    run = (
        scenario.runs.filter(status=RunStatus.DONE).order_by("-pk").first() if scenario.pk else None
    )
    if run is None:
        raise PlanningError(
            _("Reken het scenario eerst door; alleen een doorgerekend plan kan worden vastgesteld.")
        )
    return _adopt(scenario=scenario, run=run, body=body, rationale=rationale, by=by)


@transaction.atomic
def plan_version_readopt(
    *, version: PlanVersion, body: DecisionBody, rationale: str, by: Any
) -> ScenarioDecision:
    """Adopt an earlier plan version again: a new version with the same plan (nothing is
    deleted; capacity changes it brought are already real and are not applied twice)."""
    require(by, version.municipality_id, *DECIDE)
    return _adopt(
        scenario=version.scenario,
        run=version.run,
        body=body,
        rationale=rationale,
        by=by,
        readopts=version,
    )


def _adopt(
    *,
    scenario: Scenario,
    run: ScenarioRun,
    body: DecisionBody,
    rationale: str,
    by: Any,
    readopts: PlanVersion | None = None,
) -> ScenarioDecision:
    if body.municipality_id != scenario.municipality_id:
        raise PermissionDenied
    if not rationale.strip():
        raise PlanningError(_("Motiveer het besluit."))
    municipality = lock_plan(scenario.municipality_id)
    current_version = PlanVersion.objects.filter(municipality=municipality).order_by("-pk").first()
    if current_version is not None and current_version.run_id == run.pk:
        raise PlanningError(_("Dit scenario is al het vastgestelde plan."))
    written = plan_write(
        municipality=municipality,
        scenario=scenario,
        run=run,
        body=body,
        rationale=rationale,
        by=by,
        readopts=readopts,
    )
    if readopts is None:
        _realise_levers(scenario, run, written.decision, written.version)
    return written.decision


def lock_plan(municipality_id: int) -> Municipality:
    """Lock the municipality's row: it serialises every write of the plan of record (version
    numbers, the plan scenario). Call inside the transaction that writes the plan."""
    return Municipality.objects.select_for_update().get(pk=municipality_id)


@dataclass
class WrittenPlan:
    """What one write of the plan of record made: the decision, the version and its items."""

    decision: ScenarioDecision
    version: PlanVersion
    planned: list[Planned]


def plan_write(
    *,
    municipality: Municipality,
    scenario: Scenario,
    run: ScenarioRun,
    body: DecisionBody,
    rationale: str,
    by: Any,
    readopts: PlanVersion | None = None,
    reasons: Mapping[int, str] | None = None,
) -> WrittenPlan:
    """The one writer of the plan of record (adoption, re-adoption, urgency decisions): make
    the scenario the plan of record, record the decision, write the new version and its items
    from the run, and move the states. The caller holds `lock_plan` in its transaction and
    checked the right to decide.

    `reasons` (initiative pk → reason) says why work the run leaves out is out, where the run
    itself has no explanation (a plan written by a decision rather than by the optimiser).
    """
    current = list(
        Scenario.objects.select_for_update().filter(
            municipality=municipality, is_plan_of_record=True
        )
    )
    # Adopting the plan scenario again is allowed when its run changed (or, for a plan adopted
    # before plan versions existed, to give it its first version).
    previous = current[0] if current else None
    for old in current:
        if old.pk != scenario.pk:
            old.is_plan_of_record = False
            old.save(update_fields=["is_plan_of_record", "updated_at"])
    if not scenario.is_plan_of_record:
        scenario.is_plan_of_record = True
        scenario.save(update_fields=["is_plan_of_record", "updated_at"])
    decision = ScenarioDecision.objects.create(
        municipality=municipality,
        scenario=scenario,
        run=run,
        previous=previous,
        body=body,
        rationale=rationale.strip(),
        decided_by=by,
    )
    version = _new_version(municipality, scenario, run, decision, by, readopts)
    planned = _write_items(version, run, reasons or {})
    _move_states(version, planned, body, by)
    return WrittenPlan(decision=decision, version=version, planned=planned)


def _new_version(
    municipality: Municipality,
    scenario: Scenario,
    run: ScenarioRun,
    decision: ScenarioDecision,
    by: Any,
    readopts: PlanVersion | None,
) -> PlanVersion:
    """The next version of the plan's year; the first of a year is its baseline."""
    periods = (run.problem or {}).get("periods") or []
    year = int(periods[0][:4]) if periods else timezone.localdate().year
    highest = PlanVersion.objects.filter(municipality=municipality, year=year).aggregate(
        number=Max("number")
    )["number"]
    return PlanVersion.objects.create(
        municipality=municipality,
        year=year,
        number=(highest or 0) + 1,
        scenario=scenario,
        run=run,
        decision=decision,
        readopts=readopts,
        is_baseline=highest is None,
        adopted_at=timezone.now(),
        adopted_by=by,
    )


# States in which an initiative is no longer planned, whatever the run said.
CLOSED_STATES = (
    LifecycleState.COMPLETED,
    LifecycleState.BENEFITS,
    LifecycleState.STOPPED,
    LifecycleState.REJECTED,
    LifecycleState.PARKED,
)


@dataclass
class Planned:
    """What the plan says about one initiative, before it is written."""

    initiative: Initiative
    item: PlanItem


def _write_items(
    version: PlanVersion, run: ScenarioRun, given_reasons: Mapping[int, str]
) -> list[Planned]:
    """One plan item per initiative of the run (bulk): planned periods, or the reason it is out."""
    problem, solution = run.problem or {}, run.solution or {}
    periods = list(problem.get("periods", []))
    items = {item["id"]: item for item in problem.get("initiatives", []) if X_PK in item}
    selected = {entry["id"]: entry for entry in solution.get("selected", [])}
    reasons = {
        explanation["id"]: presenters.explanation_text(problem, explanation)
        for explanation in solution.get("explanations", [])
        if explanation.get("status", "unselected") != "delayed"
    }
    # The run's initiatives, and admitted or planned work the run did not consider (forced out,
    # longer than the horizon, or admitted after the run): the plan leaves those out too.
    initiatives = {
        i.pk: i
        for i in Initiative.objects.select_for_update()
        .filter(municipality_id=version.municipality_id)
        .filter(
            Q(pk__in=[i[X_PK] for i in items.values()])
            | Q(state__in=[LifecycleState.ADMITTED, LifecycleState.PLANNED])
        )
        .only(
            "pk",
            "municipality_id",
            "reference",
            "title",
            "state",
            "start_year",
            "start_quarter",
            "duration_quarters",
        )
    }
    forced_out = set(
        version.scenario.levers.filter(
            kind__in=[kind.key for kind in KINDS.values() if kind.leaves_out]
        ).values_list("initiative_id", flat=True)
    )
    result: list[Planned] = []
    for item_id, item in items.items():
        initiative = initiatives.get(item[X_PK])
        if initiative is None:  # removed since the run
            continue
        plan_item = PlanItem(
            municipality_id=version.municipality_id,
            version=version,
            initiative=initiative,
            value=float(item.get("value", 0.0)),
        )
        entry = selected.get(item_id)
        if initiative.state in CLOSED_STATES:
            # Stopped or finished since the run: the decision cannot plan it any more.
            plan_item.reason = _("niet meer in het plan: de status is nu %(state)s") % {
                "state": LifecycleState(initiative.state).label
            }
        elif entry is not None:
            _set_periods(plan_item, initiative, item, entry, periods)
        else:
            plan_item.reason = (
                reasons.get(item_id)
                or given_reasons.get(initiative.pk)
                or _("past niet: geen reden gerapporteerd")
            )
        result.append(Planned(initiative, plan_item))
    considered = {item[X_PK] for item in items.values()}
    for pk, initiative in initiatives.items():
        if pk in considered:
            continue
        # Stored in Dutch (the source language) and translated where shown.
        reason = (
            gettext_noop("niet opgenomen: het scenario zet het buiten het plan")
            if pk in forced_out
            else gettext_noop(
                "niet in de doorrekening: duurt langer dan de planningshorizon of was nog niet "
                "opgenomen toen het scenario werd doorgerekend"
            )
        )
        result.append(
            Planned(
                initiative,
                PlanItem(
                    municipality_id=version.municipality_id,
                    version=version,
                    initiative=initiative,
                    reason=reason,
                ),
            )
        )
    PlanItem.objects.bulk_create([planned.item for planned in result])
    return result


def _set_periods(
    plan_item: PlanItem,
    initiative: Initiative,
    item: Mapping[str, Any],
    entry: Mapping[str, Any],
    periods: list[str],
) -> None:
    """Planned start and end; running work keeps its actual start (and its own duration)."""
    if (
        initiative.state == constants.RUNNING_STATE
        and initiative.start_year
        and initiative.start_quarter
    ):
        start = Quarter(initiative.start_year, initiative.start_quarter)
        end = start + max(1, initiative.duration_quarters) - 1
        plan_item.running = True
        plan_item.start_year, plan_item.start_quarter = start
        plan_item.end_year, plan_item.end_quarter = end
        plan_item.start_period, plan_item.end_period = start.label, end.label
        return
    start_index = int(entry["start"])
    end_index = int(entry.get("end", start_index + int(item.get("duration", 1)) - 1))
    end_index = min(end_index, len(periods) - 1)
    plan_item.start_period, plan_item.end_period = periods[start_index], periods[end_index]
    plan_item.start_year, plan_item.start_quarter = quarter_of_label(plan_item.start_period)
    plan_item.end_year, plan_item.end_quarter = quarter_of_label(plan_item.end_period)


def _move_states(version: PlanVersion, planned: list[Planned], body: DecisionBody, by: Any) -> None:
    """Admitted work in the plan → gepland; planned work left out → opgenomen (bulk, with a
    transition and an audit event each). Other states do not move."""
    moves: list[tuple[Initiative, str, LifecycleState]] = []
    for entry in planned:
        initiative = entry.initiative
        if entry.item.in_plan and initiative.state == LifecycleState.ADMITTED:
            target = LifecycleState.PLANNED
        elif not entry.item.in_plan and initiative.state == LifecycleState.PLANNED:
            target = LifecycleState.ADMITTED
        else:
            continue
        rule = lifecycle.rule_for(initiative.state, target)
        if rule is None:  # the lifecycle table no longer allows it: leave the state alone
            continue
        moves.append((initiative, initiative.state, target))
    if not moves:
        return
    now = timezone.now()
    reason = _("%(plan)s vastgesteld door %(body)s") % {"plan": version.label, "body": body}
    # One UPDATE per target state (a bulk_update of thousands of rows is a slow CASE).
    for target in {m[2] for m in moves}:
        Initiative.objects.filter(pk__in=[m[0].pk for m in moves if m[2] == target]).update(
            state=target, updated_at=now
        )
    for initiative, _source, target in moves:
        initiative.state = target
        initiative.updated_at = now
    Transition.objects.bulk_create(
        Transition(
            municipality_id=version.municipality_id,
            initiative=initiative,
            from_state=source,
            to_state=target,
            by=by,
            reason=reason,
        )
        for initiative, source, target in moves
    )
    record_many(
        action=AuditAction.UPDATE,
        municipality_id=version.municipality_id,
        changes=[(initiative, {"state": [source, target]}) for initiative, source, target in moves],
        user=by,
    )

    def send() -> None:
        for initiative, source, target in moves:
            initiative_transitioned.send(
                sender=Initiative, initiative=initiative, source=source, target=target, by=by
            )

    transaction.on_commit(send)


def _realise_levers(
    scenario: Scenario, run: ScenarioRun, decision: ScenarioDecision, version: PlanVersion
) -> None:
    """The scenario's capacity and budget levers become real changes, linked to the decision,
    effective from their period through the end of the plan's horizon.

    In bulk, so the number of queries depends neither on the horizon nor on the number of
    levers: one read of the pools' quarters and of the budget room, then one write per kind of
    row (updated and new capacity figures, decided changes, realised levers) and two audit
    inserts. The figures follow `capacity.services.decided_capacity_change` and
    `decided_budget_change` exactly: a quarter or year without an entry takes the nearest
    earlier one (else the first), and each lever builds on the levers before it.
    """
    periods = (run.problem or {}).get("periods") or []
    last = quarter_of_label(periods[-1]) if periods else None
    levers = [
        lever
        for lever in scenario.levers.select_related("pool")
        if kind_of(lever.kind).realised_on_adoption and not lever.realised and lever.year
    ]
    capacity_levers = [
        lever
        for lever in levers
        if lever.kind == Capacity.key and lever.pool is not None and lever.fte
    ]
    budget_levers = [
        lever for lever in levers if lever.kind == Budget.key and lever.budget_kind and lever.amount
    ]
    if not capacity_levers and not budget_levers:
        return
    now = timezone.now()
    municipality_id = scenario.municipality_id
    quarters: dict[int, dict[tuple[int, int], PoolCapacity]] = {
        lever.pool_id: {} for lever in capacity_levers if lever.pool_id is not None
    }
    if quarters:
        for row in (
            PoolCapacity.objects.select_for_update()
            .select_related("pool")
            .filter(municipality_id=municipality_id, pool_id__in=list(quarters))
        ):
            quarters[row.pool_id][row.year, row.quarter] = row
    rooms: dict[str, dict[int, BudgetCapacity]] = {
        str(lever.budget_kind): {} for lever in budget_levers
    }
    if rooms:
        for held in BudgetCapacity.objects.select_for_update().filter(
            municipality_id=municipality_id, kind__in=list(rooms)
        ):
            rooms[held.kind][held.year] = held
    before: dict[int, tuple[Any, str, Any]] = {}  # id(row) → (row, field, value before)
    created: list[Any] = []
    changes: list[DecidedChange] = []

    def change(row: Any, field: str, value: Decimal) -> None:
        if getattr(row, field) == value:
            return
        if row.pk is not None:
            before.setdefault(id(row), (row, field, getattr(row, field)))
            row.updated_at = now
        setattr(row, field, value)

    for lever in capacity_levers:
        assert lever.pool is not None
        assert lever.year is not None  # a capacity lever has a year and an fte
        assert lever.fte is not None
        rows = quarters[lever.pool.pk]
        year, quarter = lever.year, lever.quarter or 1
        through = last or (year, quarter)
        known = sorted(rows)
        first = year * 4 + quarter - 1
        end = max([through[0] * 4 + through[1] - 1] + [y * 4 + q - 1 for y, q in known])
        fte = Decimal(lever.fte)
        for index in range(first, end + 1):
            key = (index // 4, index % 4 + 1)
            current = rows.get(key)
            base: Decimal | int
            if current is not None:
                base = current.fte
            else:
                earlier = [k for k in known if k <= key]
                base = rows[earlier[-1]].fte if earlier else (rows[known[0]].fte if known else 0)
            value = max(Decimal(0), Decimal(base) + fte)
            if current is None:
                rows[key] = PoolCapacity(
                    municipality_id=municipality_id,
                    pool=lever.pool,
                    year=key[0],
                    quarter=key[1],
                    fte=value,
                )
                created.append(rows[key])
            else:
                change(current, "fte", value)
        changes.append(
            DecidedChange(
                municipality_id=municipality_id,
                pool=lever.pool,
                year=year,
                quarter=quarter,
                fte=fte,
                decision=decision,
                description=_lever_description(lever, version),
            )
        )
    for lever in budget_levers:
        assert lever.year is not None  # a budget lever has a year and an amount
        assert lever.amount is not None
        kind = str(lever.budget_kind)
        years = rooms[kind]
        amount = Decimal(lever.amount)
        if years:  # a kind without budget room is not limited, and stays so
            known_years = sorted(years)
            through_year = last[0] if last else lever.year
            for each in range(lever.year, max([through_year, *known_years]) + 1):
                room = years.get(each)
                earlier_years = [y for y in known_years if y <= each]
                base = (
                    room.amount
                    if room
                    else years[earlier_years[-1] if earlier_years else known_years[0]].amount
                )
                value = max(Decimal(0), base + amount)
                if room is None:
                    years[each] = BudgetCapacity(
                        municipality_id=municipality_id, kind=kind, year=each, amount=value
                    )
                    created.append(years[each])
                else:
                    change(room, "amount", value)
        changes.append(
            DecidedChange(
                municipality_id=municipality_id,
                budget_kind=kind,
                year=lever.year,
                quarter=1,
                amount=amount,
                decision=decision,
                description=_lever_description(lever, version),
            )
        )
    updated = [entry[0] for entry in before.values()]
    for model, field in ((PoolCapacity, "fte"), (BudgetCapacity, "amount")):
        rows_of_model = [row for row in updated if isinstance(row, model)]
        if rows_of_model:
            model.objects.bulk_update(rows_of_model, [field, "updated_at"])
        new_rows = [row for row in created if isinstance(row, model)]
        if new_rows:
            model.objects.bulk_create(new_rows)
    DecidedChange.objects.bulk_create(changes)
    realised = [*capacity_levers, *budget_levers]
    Lever.objects.filter(pk__in=[lever.pk for lever in realised]).update(
        realised=True, updated_at=now
    )
    for lever in realised:
        lever.realised = True
    # Bulk writes send no signals: the audit trail gets the same events a save would write.
    record_many(
        action=AuditAction.CREATE,
        municipality_id=municipality_id,
        changes=[(row, model_changes(row, AuditAction.CREATE)) for row in [*created, *changes]],
    )
    record_many(
        action=AuditAction.UPDATE,
        municipality_id=municipality_id,
        changes=[
            *((row, {field: [old, getattr(row, field)]}) for row, field, old in before.values()),
            *((lever, {"realised": [False, True]}) for lever in realised),
        ],
    )


def _lever_description(lever: Lever, version: PlanVersion) -> str:
    return (_("%(lever)s (besluit %(plan)s)") % {"lever": lever.label(), "plan": version.label})[
        :300
    ]
