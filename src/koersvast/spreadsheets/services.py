"""Importing a portfolio list from Excel: map, validate every row, then all or nothing.

`portfolio_import` validates the whole sheet first (row / column / value / why) and writes only
when nothing is wrong, in one transaction; a dry run does the same writes and rolls them back.
Rows are matched on the reference (kenmerk), so a re-import updates instead of duplicating.
Every write goes through the ORM on audited models, so each change lands in the audit trail.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from koersvast.core.numbers import parse_amount
from koersvast.portfolio import custom_fields
from koersvast.portfolio.choices import (
    GOVERNED_FIELDS,
    RUNNING_WORK_STATES,
    LifecycleState,
    WorkForm,
)
from koersvast.portfolio.models import CustomField, Domain, Initiative
from koersvast.portfolio.references import save_with_new_reference
from koersvast.reference.models import Taakveld
from koersvast.tenancy.models import Municipality
from koersvast.tenancy.policy import Action, can

from . import dependencies as D
from . import fields as F
from .reading import Issue, Table, WorkbookRejected, read_table

__all__ = [
    "ImportReport",
    "RowResult",
    "WorkbookRejected",
    "import_fields",
    "portfolio_import",
    "suggest_mapping",
    "table_import",
]

parse_work_form = F.choice_parser(
    WorkForm.choices, {"programme": "programma", "program": "programma", "process": "proces"}
)
parse_state = F.choice_parser(
    LifecycleState.choices,
    {"running": "in_uitvoering", "lopend": "in_uitvoering", "afgesloten": "afgerond"},
)
DEFAULT_DURATION = 4
# Plain (non-relation) fields an import sets; validated with the model's own field checks.
_RELATIONS = {f.name for f in Initiative._meta.fields if f.is_relation}


class RowAction:
    """What an import does with a row (shown in the preview)."""

    CREATE = "nieuw"
    UPDATE = "bijwerken"
    SAME = "ongewijzigd"
    ERROR = "fout"


@dataclass
class RowResult:
    """What the import does with one row of the sheet."""

    number: int
    reference: str
    title: str
    action: str = RowAction.SAME
    errors: int = 0


@dataclass
class ImportReport:
    """The outcome of a (dry-run) import: per-row results and every problem found."""

    sheet: str
    mapping: dict[str, int]
    headers: list[str]
    rows: list[RowResult] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    dry_run: bool = False
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.issues

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def created(self) -> int:
        return self.count(RowAction.CREATE)

    @property
    def updated(self) -> int:
        return self.count(RowAction.UPDATE)

    @property
    def unchanged(self) -> int:
        return self.count(RowAction.SAME)


def import_fields(municipality: Municipality) -> tuple[F.ImportField, ...]:
    """The fields a column can be mapped to: the fixed ones and the municipality's own."""
    return F.FIELDS + F.own_import_fields(custom_fields.definitions(municipality.pk))


def suggest_mapping(headers: list[str], own: tuple[F.ImportField, ...] = ()) -> dict[str, int]:
    """Field → column index, suggested from the header names (the first match wins)."""
    mapping: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = F.suggest_field(header, own)
        if key and key not in mapping:
            mapping[key] = index
    return mapping


def portfolio_import(
    *,
    municipality: Municipality,
    by: Any,
    content: bytes,
    sheet: str | None = None,
    mapping: Mapping[str, int] | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Validate a workbook's sheet and, when it has no problems, import it all at once.

    `by` is the importing user (None for the command line, which acts for the municipality).
    Raises WorkbookRejected when the file itself cannot be read.
    """
    if by is not None and not can(by, municipality.pk, Action.INITIATIVE_MANAGE):
        raise PermissionDenied
    return table_import(
        municipality=municipality,
        by=by,
        table=read_table(content, sheet),
        mapping=mapping,
        dry_run=dry_run,
    )


def table_import(
    *,
    municipality: Municipality,
    by: Any,
    table: Table,
    mapping: Mapping[str, int] | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """The import of a table read from any source (an Excel sheet, a Microsoft Project file):
    validate every row, then write all of it in one transaction or nothing."""
    if by is not None and not can(by, municipality.pk, Action.INITIATIVE_MANAGE):
        raise PermissionDenied
    own = custom_fields.definitions(municipality.pk)
    fields = F.FIELDS + F.own_import_fields(own)
    mapping = (
        dict(mapping)
        if mapping is not None
        else suggest_mapping(table.headers, F.own_import_fields(own))
    )
    report = ImportReport(
        sheet=table.sheet, mapping=mapping, headers=table.headers, dry_run=dry_run
    )
    report.issues.extend(table.issues)
    report.issues.extend(_mapping_issues(table, mapping, fields))
    if report.issues and any(i.row is None for i in report.issues):
        return report
    links = D.SheetLinks()
    planned = _validate_rows(table, mapping, municipality, by, report, own, links)
    if report.issues:
        return report
    try:
        with transaction.atomic():
            _apply(planned)
            D.apply(municipality, links, [initiative for _r, initiative, _new in planned])
            if dry_run:
                transaction.set_rollback(True)
    except (DatabaseError, ValidationError) as exc:
        report.issues.append(Issue(_("Opslaan mislukt, er is niets geïmporteerd: %s") % exc))
        return report
    report.applied = not dry_run
    return report


def _mapping_issues(
    table: Table, mapping: Mapping[str, int], fields: tuple[F.ImportField, ...]
) -> list[Issue]:
    issues = [
        Issue(
            _("Verplichte kolom ontbreekt: koppel een kolom aan “%(field)s”.") % {"field": f.label}
        )
        for f in fields
        if f.required and f.key not in mapping
    ]
    known = {f.key for f in fields}
    for key, index in mapping.items():
        if key not in known or not 0 <= index < len(table.headers):
            issues.append(Issue(_("Ongeldige koppeling van kolommen; kies de koppeling opnieuw.")))
    used = list(mapping.values())
    if len(used) != len(set(used)):
        issues.append(Issue(_("Een kolom is aan meer dan één veld gekoppeld.")))
    return issues


def _validate_rows(
    table: Table,
    mapping: Mapping[str, int],
    municipality: Municipality,
    by: Any,
    report: Any,
    own: list[CustomField],
    links: D.SheetLinks | None = None,
) -> list[tuple[RowResult, Initiative, bool]]:
    """Parse and check every row (three queries in all, three more when the sheet has
    dependency columns); returns what to save."""
    cell = dict(mapping)
    references = {
        F.parse_text(values[cell["reference"]])
        for _number, values in table.rows
        if "reference" in cell and values[cell["reference"]] is not None
    } - {""}
    existing = {
        i.reference: i
        for i in Initiative.objects.in_municipality(municipality).filter(reference__in=references)
    }
    domains: dict[str, Domain] = {}
    for domain in Domain.objects.in_municipality(municipality):
        domains[F.normalise(domain.code)] = domain
        domains[F.normalise(domain.name)] = domain
    codes = {
        F.parse_text(values[cell["taakveld"]])
        for _number, values in table.rows
        if "taakveld" in cell
    }
    taakvelden = {t.code: t for t in Taakveld.objects.filter(code__in=codes - {""})}
    links = links if links is not None else D.SheetLinks()
    context = _RowContext(
        table,
        cell,
        domains,
        taakvelden,
        municipality,
        by,
        report,
        {f.code: f for f in own},
        links,
    )
    seen: dict[str, int] = {}
    planned = []
    for number, values in table.rows:
        result = _plan_row(context, number, values, existing, seen)
        report.rows.append(result[0])
        if result[1] is not None:
            planned.append((result[0], result[1], result[2]))
    if not report.issues:
        sheet = {i.reference: i for _r, i, _new in planned if i.reference}
        sheet.update({ref: existing[ref] for ref in links.rows if ref in existing})
        before = len(report.issues)
        D.check(municipality, links, sheet, context.problem)
        failed = {issue.row for issue in report.issues[before:]}
        for row in report.rows:
            if row.number in failed:
                row.action = RowAction.ERROR
                row.errors += 1
    return planned


@dataclass
class _RowContext:
    table: Table
    cell: dict[str, int]
    domains: dict[str, Domain]
    taakvelden: dict[str, Taakveld]
    municipality: Municipality
    by: Any
    report: ImportReport
    own: dict[str, CustomField]
    links: D.SheetLinks = field(default_factory=D.SheetLinks)

    def problem(self, number: int, key: str, value: Any, message: str) -> None:
        column = self.table.column_name(self.cell[key]) if key in self.cell else ""
        shown = "" if value is None else str(value)[:100]
        self.report.issues.append(Issue(message, row=number, column=column, value=shown))


def _plan_row(
    ctx: _RowContext,
    number: int,
    values: list[Any],
    existing: dict[str, Initiative],
    seen: dict[str, int],
) -> tuple[RowResult, Initiative | None, bool]:
    before = len(ctx.report.issues)
    parsed = _parse_row(ctx, number, values)
    reference = parsed.pop("reference", "")
    sheet_links = {key: parsed.pop(key) for key in D.KEYS if key in parsed}
    if sheet_links and reference:
        ctx.links.rows[reference] = number
        for key, value in sheet_links.items():
            ctx.links.add(reference, key, value)
    elif any(sheet_links.values()):
        key = next(key for key, value in sheet_links.items() if value)
        ctx.problem(
            number,
            key,
            values[ctx.cell[key]],
            _("Geef dit initiatief een kenmerk om afhankelijkheden of alternatieven in te lezen."),
        )
    result = RowResult(number=number, reference=reference, title=parsed.get("title", ""))
    if reference:
        if reference in seen:
            ctx.problem(
                number,
                "reference",
                reference,
                _("Dit kenmerk staat al in regel %(row)s van het bestand.")
                % {"row": seen[reference]},
            )
        seen.setdefault(reference, number)
    initiative = existing.get(reference)
    is_new = initiative is None
    if initiative is None:
        initiative = Initiative(
            municipality=ctx.municipality,
            reference=reference,
            submitted_by=ctx.by,
            state=LifecycleState.IDEA,
            duration_quarters=DEFAULT_DURATION,
        )
    elif "state" in parsed and parsed["state"] != initiative.state:
        ctx.problem(
            number,
            "state",
            values[ctx.cell["state"]],
            _(
                "De fase van een bestaand initiatief verandert niet via een import (nu: "
                "%(state)s); dat gaat via de intake of een besluit."
            )
            % {"state": initiative.get_state_display()},
        )
    elif initiative.state in RUNNING_WORK_STATES:
        _refuse_governed_changes(ctx, number, values, initiative, parsed)
    urgency_before = _urgency(initiative)
    changed = _assign(initiative, parsed)
    if (is_new or _urgency(initiative) != urgency_before) and _urgency_unexplained(initiative):
        ctx.problem(
            number,
            "has_political_urgency",
            values[ctx.cell["has_political_urgency"]]
            if "has_political_urgency" in ctx.cell
            else "",
            _(
                "Bij bestuurlijke urgentie horen wie erom vraagt en waarom: vul “Urgentie "
                "gevraagd door” en “Reden urgentie” in."
            ),
        )
    exclude = set(_RELATIONS) | ({"reference"} if not reference else set())
    try:
        initiative.clean_fields(exclude=exclude)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            key = name if name in ctx.cell else "title"
            ctx.problem(number, key, getattr(initiative, name, ""), " ".join(messages))
    result.errors = len(ctx.report.issues) - before
    if result.errors:
        result.action = RowAction.ERROR
        return result, None, False
    result.action = (
        RowAction.CREATE if is_new else (RowAction.UPDATE if changed else RowAction.SAME)
    )
    return result, (initiative if is_new or changed else None), is_new


def _refuse_governed_changes(
    ctx: _RowContext,
    number: int,
    values: list[Any],
    initiative: Initiative,
    parsed: dict[str, Any],
) -> None:
    """Scope, budget and duration of running work change only by a decision (0403), so an
    import that would change them says so for the row instead of writing them."""
    for name in GOVERNED_FIELDS:
        if (
            name in parsed
            and parsed[name] is not None
            and parsed[name] != getattr(initiative, name)
        ):
            ctx.problem(
                number,
                name,
                values[ctx.cell[name]] if name in ctx.cell else "",
                _(
                    "Lopend werk (%(state)s): dit verandert alleen door een besluit van de "
                    "opdrachtgever, niet via een import."
                )
                % {"state": initiative.get_state_display()},
            )


def _parse_row(ctx: _RowContext, number: int, values: list[Any]) -> dict[str, Any]:
    parsers: dict[str, Any] = {
        "reference": lambda v: F.parse_text(v, 20),
        "title": lambda v: F.parse_text(v, 200),
        "work_form": lambda v: parse_work_form(v) if F.normalise(v) else WorkForm.PROJECT,
        "state": lambda v: parse_state(v) if F.normalise(v) else LifecycleState.IDEA,
        "budget_programme": lambda v: F.parse_text(v, 100),
        "problem": F.parse_text,
        "intended_result": F.parse_text,
        "budget_capital": parse_amount,
        "budget_operating": parse_amount,
        "start": F.parse_quarter,
        "duration_quarters": lambda v: F.parse_int(v, 1, 40),
        "is_statutory": F.parse_bool,
        "is_continuity": F.parse_bool,
        "has_political_urgency": F.parse_bool,
        "urgency_requested_by": lambda v: F.parse_text(v, 200),
        "urgency_reason": F.parse_text,
        D.AFTER: D.parse_after,
        D.NEEDS: D.parse_codes,
        D.TOGETHER: D.parse_codes,
        D.ALTERNATIVE: D.parse_group,
        "domain": lambda v: _lookup(ctx.domains, F.normalise(v), _domain_message(ctx)),
        "taakveld": lambda v: (
            _lookup(ctx.taakvelden, F.parse_text(v), _("Onbekend BBV-taakveld."))
            if F.parse_text(v)
            else None
        ),
    }
    for code, own in ctx.own.items():
        parsers[F.OWN_PREFIX + code] = lambda v, own=own: custom_fields.parse_value(
            own, F.parse_text(v) if isinstance(v, str) else v
        )
    parsed: dict[str, Any] = {}
    for key, index in ctx.cell.items():
        value = values[index]
        try:
            parsed[key] = parsers[key](value)
        except ValueError as exc:
            ctx.problem(number, key, value, str(exc))
    if "title" in parsed and not parsed["title"]:
        ctx.problem(number, "title", "", _("De titel is verplicht."))
    if "domain" in ctx.cell and parsed.get("domain", 0) is None:
        ctx.problem(number, "domain", "", _("Het domein is verplicht."))
    return parsed


def _urgency(initiative: Initiative) -> tuple[bool, str, str]:
    return (
        initiative.has_political_urgency,
        initiative.urgency_requested_by,
        initiative.urgency_reason,
    )


def _urgency_unexplained(initiative: Initiative) -> bool:
    """The submission form's rule: political urgency names who asks for it and why."""
    return initiative.has_political_urgency and not (
        initiative.urgency_requested_by.strip() and initiative.urgency_reason.strip()
    )


def _domain_message(ctx: _RowContext) -> str:
    names = sorted({d.name for d in ctx.domains.values()})
    return _("Onbekend domein; bekend zijn: %(names)s.") % {"names": ", ".join(names) or "—"}


def _lookup(table: Mapping[str, Any], key: str, message: str) -> Any:
    if not key:
        return None
    if key not in table:
        raise ValueError(message)
    return table[key]


def _assign(initiative: Initiative, parsed: dict[str, Any]) -> bool:
    """Set the parsed values on the initiative; whether anything changed."""
    values = dict(parsed)
    own = {
        key.removeprefix(F.OWN_PREFIX): values.pop(key)
        for key in list(values)
        if key.startswith(F.OWN_PREFIX)
    }
    changed = False
    if own:
        merged = custom_fields.merge(initiative.custom_values, own)
        if merged != (initiative.custom_values or {}):
            changed = True
            initiative.custom_values = merged
    if initiative.pk:
        values.pop("state", None)
    if "start" in values:
        start = values.pop("start")
        values["start_year"], values["start_quarter"] = start if start else (None, None)
    if values.get("duration_quarters", 0) is None:
        values.pop("duration_quarters")
    for name, value in values.items():
        attribute = f"{name}_id" if name in ("domain", "taakveld") else name
        new = value.pk if name in ("domain", "taakveld") and value is not None else value
        if getattr(initiative, attribute) != new:
            changed = True
            setattr(initiative, name, value)
    return changed


def _apply(planned: list[tuple[RowResult, Initiative, bool]]) -> None:
    """Save the rows; those with a reference first, so a new number never takes a given one."""
    for _result, initiative, _is_new in planned:
        if initiative.reference:
            initiative.save()
    for result, initiative, _is_new in planned:
        if not initiative.reference:
            save_with_new_reference(initiative)
            result.reference = initiative.reference
