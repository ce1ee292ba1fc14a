"""Monitoring workflows: programmes, reports, milestones, risks, benefits, budgets and phases.

Every function is keyword-only, checks the right to act, and runs in one transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from koersvast.core.concurrency import check_version
from koersvast.intake.models import Advice
from koersvast.intake.services import notify
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.policy import Action, can

from . import phases, selectors
from .choices import Rag, ReportStatus, RiskSource
from .models import (
    Benefit,
    BenefitMeasurement,
    Milestone,
    PhaseDefinition,
    PhaseGate,
    Programme,
    ProgrammeInitiative,
    ProgressReport,
    RagDefinition,
    Risk,
)


class MonitoringError(Exception):
    """A monitoring step that cannot be taken, with a message for the user."""


# --- rights ------------------------------------------------------------------------------


def may_manage(user: Any, municipality_id: int) -> bool:
    return can(user, municipality_id, Action.INITIATIVE_MANAGE)


def may_report(user: Any, initiative: Initiative) -> bool:
    """The portfolio manager for any initiative; a project leader for the ones they lead."""
    if may_manage(user, initiative.municipality_id):
        return True
    return initiative.contractor_id == user.pk and can(
        user, initiative.municipality_id, Action.PROGRESS_REPORT
    )


def may_decide_phase(user: Any, initiative: Initiative) -> bool:
    """The opdrachtgever decides on a phase gate: the official sponsor, or the portfolio manager."""
    if may_manage(user, initiative.municipality_id):
        return True
    return initiative.official_sponsor_id == user.pk and can(
        user, initiative.municipality_id, Action.DECISION_RECORD
    )


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# --- RAG definitions and programmes ------------------------------------------------------


@transaction.atomic
def rag_definitions_set(*, municipality_id: int, meanings: Mapping[str, str], by: Any) -> None:
    """Record the municipality's own meaning of each colour."""
    _require(may_manage(by, municipality_id))
    for colour in Rag:
        meaning = (meanings.get(colour.value) or "").strip()
        if meaning:
            RagDefinition.objects.update_or_create(
                municipality_id=municipality_id, colour=colour.value, defaults={"meaning": meaning}
            )


@transaction.atomic
@transaction.atomic
def opgave_save(*, opgave: Any, by: Any) -> Any:
    """Create or edit an opgave (portfolio managers)."""
    _require(may_manage(by, opgave.municipality_id))
    opgave.full_clean()
    opgave.save()
    return opgave


def programme_save(
    *, programme: Programme, initiatives: Iterable[Initiative], by: Any
) -> Programme:
    """Save a programme and its initiatives; an initiative moves here from any other programme."""
    _require(may_manage(by, programme.municipality_id))
    programme.full_clean()
    programme.save()
    chosen = {i.pk: i for i in initiatives if i.municipality_id == programme.municipality_id}
    programme.links.exclude(initiative_id__in=chosen).delete()
    linked = set(
        ProgrammeInitiative.objects.filter(initiative_id__in=chosen).values_list(
            "initiative_id", "programme_id"
        )
    )
    for initiative_id, programme_id in linked:
        if programme_id != programme.pk:
            link = ProgrammeInitiative.objects.get(initiative_id=initiative_id)
            link.programme = programme
            link.save()
    already = {initiative_id for initiative_id, _p in linked}
    for pk in chosen.keys() - already:
        ProgrammeInitiative.objects.create(
            municipality_id=programme.municipality_id, programme=programme, initiative_id=pk
        )
    return programme


# --- progress reports --------------------------------------------------------------------


@transaction.atomic
def report_save(
    *,
    report: ProgressReport,
    by: Any,
    submit: bool = False,
    expected_version: str | None = None,
) -> ProgressReport:
    """Save a draft report (and submit it when asked); a submitted report is frozen.

    With `expected_version` (the version the edit started from) a draft that someone saved or
    submitted meanwhile raises `EditConflict` instead of being overwritten.
    """
    _require(may_report(by, report.initiative))
    if report.pk is not None:
        current = check_version(report, expected_version)
        if current.is_frozen:
            raise MonitoringError(
                _("Een ingediende rapportage verandert niet meer; maak een correctie.")
            )
    if report.pk is not None and report.is_frozen:
        raise MonitoringError(
            _("Een ingediende rapportage verandert niet meer; maak een correctie.")
        )
    if report.pk is None:
        clash = ProgressReport.objects.filter(
            initiative=report.initiative,
            year=report.year,
            quarter=report.quarter,
            version=report.version,
        ).exists()
        if clash:
            raise MonitoringError(
                _("Er is al een rapportage over %(period)s; open die of maak een correctie.")
                % {"period": report.period_label}
            )
        report.author = by
    report.rag_overall = report.worst_colour()
    report.full_clean(exclude=["corrects"])
    if submit:
        report.status = ReportStatus.SUBMITTED
        report.submitted_by = by
        report.submitted_at = timezone.now()
    report.save()
    return report


def report_submit(*, report: ProgressReport, by: Any) -> ProgressReport:
    return report_save(report=report, by=by, submit=True)


@transaction.atomic
def report_correct(*, report: ProgressReport, by: Any) -> ProgressReport:
    """Start a correction: a new draft version that refers to the submitted report."""
    _require(may_report(by, report.initiative))
    if not report.is_frozen:
        raise MonitoringError(_("Een concept pas je gewoon aan; corrigeren kan na indienen."))
    if ProgressReport.objects.filter(corrects=report).exists():
        raise MonitoringError(_("Op deze versie bestaat al een correctie."))
    latest = (
        ProgressReport.objects.filter(
            initiative_id=report.initiative_id, year=report.year, quarter=report.quarter
        )
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    copy = ProgressReport(
        municipality_id=report.municipality_id,
        initiative=report.initiative,
        year=report.year,
        quarter=report.quarter,
        version=(latest or report.version) + 1,
        corrects=report,
        narrative=report.narrative,
        forecast=report.forecast,
        decisions_needed=report.decisions_needed,
        author=by,
        **{field: getattr(report, field) for field in selectors.ASPECT_FIELDS},
    )
    copy.rag_overall = copy.worst_colour()
    copy.save()
    return copy


def reports_remind(*, today: datetime.date | None = None) -> int:
    """Remind the opdrachtnemer of every overdue report; returns the number of reminders."""
    today = today or timezone.localdate()
    year, quarter = selectors.reporting_period(today)
    sent = 0
    for initiative in selectors.overdue_initiatives(today=today).select_related("contractor"):
        if initiative.contractor is None:
            continue
        notify(
            recipients=[initiative.contractor],
            initiative=initiative,
            message=_(
                "De voortgangsrapportage over %(period)s van %(initiative)s is te laat; "
                "lever die zo snel mogelijk in."
            )
            % {"period": f"{year}-Q{quarter}", "initiative": initiative},
        )
        sent += 1
    return sent


# --- milestones, risks, benefits -----------------------------------------------------------


@transaction.atomic
def milestone_save(*, milestone: Milestone, by: Any) -> Milestone:
    _require(may_report(by, milestone.initiative))
    milestone.full_clean()
    milestone.save()
    return milestone


def _may_edit_risk(user: Any, risk: Risk) -> bool:
    if risk.initiative_id is not None:
        return may_report(user, risk.initiative)
    return may_manage(user, risk.municipality_id)


@transaction.atomic
def risk_save(*, risk: Risk, by: Any) -> Risk:
    _require(_may_edit_risk(by, risk))
    risk.full_clean()
    risk.save()
    risk.refresh_from_db(fields=["score"])
    return risk


@transaction.atomic
def risks_from_advice(*, initiative: Initiative, by: Any = None) -> list[Risk]:
    """Turn every risk line of the given intake advice into a risk in the register (idempotent).

    Called when an initiative is admitted; running it again only adds lines added since.
    """
    created = []
    advices = Advice.objects.with_kind_names().filter(initiative=initiative).exclude(risks="")
    for advice in advices:
        for line in advice.risk_lines():
            risk, was_created = Risk.objects.get_or_create(
                initiative=initiative,
                source_advice=advice,
                title=line[:300],
                defaults={
                    "municipality_id": initiative.municipality_id,
                    "source": RiskSource.ADVICE,
                    "owner": initiative.contractor,
                    "description": _("Gesignaleerd in het %(kind)s-advies bij de intake.")
                    % {"kind": advice.kind_label},
                },
            )
            if was_created:
                created.append(risk)
    return created


@transaction.atomic
def benefit_save(*, benefit: Benefit, by: Any) -> Benefit:
    _require(may_manage(by, benefit.municipality_id))
    benefit.full_clean()
    benefit.save()
    return benefit


def may_measure(user: Any, benefit: Benefit) -> bool:
    """The owner in the line keeps measuring after the project closes; so may the reporters."""
    if benefit.owner_id == user.pk or may_manage(user, benefit.municipality_id):
        return True
    return benefit.initiative is not None and may_report(user, benefit.initiative)


@transaction.atomic
def measurement_record(
    *, benefit: Benefit, measured_on: datetime.date, value: Decimal, note: str = "", by: Any
) -> BenefitMeasurement:
    """Record (or replace) the measurement of one date."""
    _require(may_measure(by, benefit))
    measurement, _created = BenefitMeasurement.objects.update_or_create(
        benefit=benefit,
        measured_on=measured_on,
        defaults={
            "municipality_id": benefit.municipality_id,
            "value": value,
            "note": note,
            "recorded_by": by,
        },
    )
    return measurement


# --- phases ------------------------------------------------------------------------------


@transaction.atomic
def phase_advance(
    *,
    initiative: Initiative,
    by: Any,
    documents: Iterable[str],
    decided_on: datetime.date | None = None,
    note: str = "",
) -> PhaseGate:
    """Record the opdrachtgever's decision to move to the next phase; its documents must exist."""
    _require(may_decide_phase(by, initiative))
    model = phases.phase_model(initiative.municipality_id)
    codes = [step.code for step in model]
    current = selectors.current_phase(initiative)
    if current not in codes:
        raise MonitoringError(_("De huidige fase staat niet meer in het fasemodel."))
    index = codes.index(current)
    if index == len(codes) - 1:
        raise MonitoringError(
            _("Het project is al in de laatste fase (%(phase)s).") % {"phase": model[index].name}
        )
    required = model[index].documents
    present = [d for d in documents if d in required]
    missing = [d for d in required if d not in present]
    if missing:
        raise MonitoringError(
            _("Voor de fasepoort ontbreken nog: %(docs)s.") % {"docs": ", ".join(missing)}
        )
    return PhaseGate.objects.create(
        municipality_id=initiative.municipality_id,
        initiative=initiative,
        from_phase=current,
        to_phase=codes[index + 1],
        decided_on=decided_on or timezone.localdate(),
        decided_by=by,
        documents="\n".join(present),
        note=note,
    )


def _phase_model_errors(municipality_id: int, steps: list[phases.PhaseStep]) -> list[str]:
    errors = []
    if len(steps) < 2:
        errors.append(_("Een fasemodel heeft minstens twee fasen."))
    if len(steps) > phases.MAX_PHASES:
        errors.append(
            _("Een fasemodel heeft hoogstens %(max)d fasen.") % {"max": phases.MAX_PHASES}
        )
    names = [step.name.casefold() for step in steps]
    for name in sorted({n for n in names if names.count(n) > 1}):
        errors.append(_("De fase '%(name)s' komt twee keer voor.") % {"name": name})
    for step in steps:
        if len(step.documents) > phases.MAX_DOCUMENTS:
            errors.append(
                _("Fase '%(name)s': hoogstens %(max)d documenten.")
                % {"name": step.name, "max": phases.MAX_DOCUMENTS}
            )
        if any(len(d) > phases.MAX_DOCUMENT_LENGTH for d in step.documents):
            errors.append(
                _("Fase '%(name)s': een documentnaam is langer dan %(max)d tekens.")
                % {"name": step.name, "max": phases.MAX_DOCUMENT_LENGTH}
            )
    kept = {step.code for step in steps}
    labels = phases.phase_labels(municipality_id)
    for code in sorted(phases.codes_in_use(municipality_id) - kept):
        errors.append(
            _(
                "De fase '%(name)s' kan niet weg: fasebesluiten van %(count)d initiatieven "
                "verwijzen ernaar. Wijzig de naam in plaats daarvan."
            )
            % {
                "name": labels.get(code, code),
                "count": phases.initiatives_in_phase(municipality_id, code),
            }
        )
    return errors


def _new_code(name: str, taken: set[str]) -> str:
    base = slugify(name)[:34] or "fase"
    code, n = base, 2
    while code in taken:
        code, n = f"{base}-{n}", n + 1
    taken.add(code)
    return code


@transaction.atomic
def phase_model_save(
    *, municipality_id: int, steps: Iterable[phases.PhaseStep], by: Any
) -> list[PhaseDefinition]:
    """Store the municipality's own phase model, replacing the previous one as a whole.

    Steps without a code are new phases (a code is made from the name); a phase that a recorded
    gate refers to cannot be removed, so the history of every project stays readable.
    """
    _require(may_manage(by, municipality_id))
    return phase_model_write(municipality_id=municipality_id, steps=steps)


@transaction.atomic
def phase_model_write(
    *, municipality_id: int, steps: Iterable[phases.PhaseStep]
) -> list[PhaseDefinition]:
    """`phase_model_save` without the rights check, for a caller that checked its own right
    (the template library adopting a phase model)."""
    seen: set[str] = set()
    cleaned = []
    for step in steps:
        if not step.name.strip():
            continue
        # A code is kept once; a repeated or malformed one (a tampered form) becomes a new phase.
        code = step.code if step.code == slugify(step.code) and step.code not in seen else ""
        seen.add(code)
        documents = [d.strip() for d in step.documents if d.strip()]
        cleaned.append(phases.PhaseStep(code, step.name.strip(), documents))
    steps = cleaned
    errors = _phase_model_errors(municipality_id, steps)
    if errors:
        raise MonitoringError(" ".join(errors))
    existing = {p.code: p for p in PhaseDefinition.objects.filter(municipality_id=municipality_id)}
    taken = {step.code for step in steps if step.code} | set(existing)
    kept: list[PhaseDefinition] = []
    for position, step in enumerate(steps, start=1):
        code = step.code or _new_code(step.name, taken)
        definition = existing.pop(code, None) or PhaseDefinition(
            municipality_id=municipality_id, code=code
        )
        definition.name = step.name
        definition.position = position
        definition.documents = "\n".join(step.documents)
        definition.full_clean()
        definition.save()
        kept.append(definition)
    for removed in existing.values():
        removed.delete()
    return kept


# --- budget ------------------------------------------------------------------------------


class ImportResult:
    """What an import did (or would do, in a dry run)."""

    def __init__(self, errors: list[str], created: int = 0, updated: int = 0) -> None:
        self.errors = errors
        self.created = created
        self.updated = updated

    @property
    def ok(self) -> bool:
        return not self.errors


class _DryRun(Exception):
    pass


def budget_actuals_import(
    *, municipality_id: int, content: bytes, by: Any, dry_run: bool = False
) -> ImportResult:
    """Import actuals per initiative, year and kind: all rows or none (one transaction)."""
    from .budget import parse_actuals
    from .models import BudgetLine

    _require(may_manage(by, municipality_id))
    parsed = parse_actuals(content)
    references = {row.reference for row in parsed.rows}
    initiatives = dict(
        Initiative.objects.filter(
            municipality_id=municipality_id, reference__in=references
        ).values_list("reference", "pk")
    )
    errors = list(parsed.errors)
    for row in parsed.rows:
        if row.reference not in initiatives:
            errors.append(
                _("Regel %(line)s: geen initiatief met kenmerk '%(ref)s' in deze gemeente.")
                % {"line": row.line, "ref": row.reference}
            )
    if errors:
        return ImportResult(errors=errors)
    result = ImportResult(errors=[])
    try:
        with transaction.atomic():
            existing = {
                (line.initiative_id, line.year, line.kind): line
                for line in BudgetLine.objects.filter(
                    initiative_id__in=initiatives.values(),
                    year__in={row.year for row in parsed.rows},
                )
            }
            for row in parsed.rows:
                key = (initiatives[row.reference], row.year, row.kind)
                line = existing.get(key)
                if line is None:
                    BudgetLine.objects.create(
                        municipality_id=municipality_id,
                        initiative_id=key[0],
                        year=row.year,
                        kind=row.kind,
                        actual=row.amount,
                    )
                    result.created += 1
                else:
                    line.actual = row.amount
                    line.save()
                    result.updated += 1
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return result


@dataclass(frozen=True)
class BudgetEntry:
    """Planned and forecast amounts for one year and kind; None leaves the figure unchanged."""

    year: int
    kind: str
    planned: Decimal | None
    forecast: Decimal | None


@transaction.atomic
def budget_plan_save(
    *, initiative: Initiative, entries: Iterable[BudgetEntry], by: Any
) -> list[Any]:
    """Set the begroting (portfolio managers) and prognose (also the project leader) per year.

    Actuals are not touched: they come from the financial system (`budget_actuals_import`).
    """
    from .models import BudgetLine

    manager = may_manage(by, initiative.municipality_id)
    _require(manager or may_report(by, initiative))
    saved = []
    for entry in entries:
        if entry.planned is not None and not manager:
            raise PermissionDenied
        line, _created = BudgetLine.objects.select_for_update().get_or_create(
            municipality_id=initiative.municipality_id,
            initiative=initiative,
            year=entry.year,
            kind=entry.kind,
        )
        changed = False
        for name in ("planned", "forecast"):
            value = getattr(entry, name)
            if value is not None and getattr(line, name) != value:
                setattr(line, name, value)
                changed = True
        if changed:
            line.full_clean()
            line.save()
        saved.append(line)
    return saved


@transaction.atomic
def budget_line_save(*, line: Any, by: Any) -> Any:
    _require(may_manage(by, line.municipality_id))
    line.full_clean()
    line.save()
    return line


# --- meetings ----------------------------------------------------------------------------


@transaction.atomic
def project_meeting_record(
    *,
    initiative: Initiative,
    kind: str,
    held_on: datetime.date,
    notes: str,
    actions: Iterable[tuple[str, Any, datetime.date | None]],
    by: Any,
) -> Any:
    """Record a project start-up or koersvast-gesprek with its new action items.

    Open actions of earlier meetings stay open and are shown again (follow-up at the next one).
    """
    from .models import MeetingAction, ProjectMeeting

    _require(may_report(by, initiative))
    meeting = ProjectMeeting.objects.create(
        municipality_id=initiative.municipality_id,
        initiative=initiative,
        kind=kind,
        held_on=held_on,
        notes=notes,
    )
    for description, owner, due_date in actions:
        if description.strip():
            MeetingAction.objects.create(
                municipality_id=initiative.municipality_id,
                meeting=meeting,
                description=description.strip()[:300],
                owner=owner,
                due_date=due_date,
            )
    return meeting


@transaction.atomic
def meeting_action_done(*, action: Any, by: Any, done: bool = True) -> Any:
    _require(may_report(by, action.meeting.initiative))
    action.done = done
    action.save()
    return action
