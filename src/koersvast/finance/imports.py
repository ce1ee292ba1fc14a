"""Excel imports of finance: an existing MIP (one row per investment) and budget lines (a
primitieve begroting or begrotingswijziging the raad adopted).

The machinery of the portfolio import (spreadsheets/, decision 0501): the same safe reading of
the workbook, the same report of rows and issues (row / column / value / why, in Dutch), all or
nothing in one transaction, and a dry run that does the writes and rolls them back. The columns
are found by their header (the MIP export's own headers among them, so export → import is a
round trip); there is no mapping step.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from koersvast.core.numbers import parse_amount
from koersvast.portfolio.models import Initiative
from koersvast.spreadsheets import fields as F
from koersvast.spreadsheets.reading import Issue, Table, WorkbookRejected, read_table
from koersvast.spreadsheets.services import ImportReport, RowAction, RowResult
from koersvast.tenancy.models import Municipality
from koersvast.tenancy.policy import Action, require

from . import services
from .choices import BudgetLineKey, BudgetVersionKind, DepreciationMethod, Utility
from .models import AssetCategory, Investment

__all__ = ["BUDGET_FIELDS", "MIP_FIELDS", "WorkbookRejected", "budget_import", "mip_import"]

MIP_FIELDS: tuple[F.ImportField, ...] = (
    F.ImportField(
        "reference",
        "Kenmerk",
        ("kenmerk", "referentie", "initiatief kenmerk", "reference"),
        required=True,
        help=gettext_noop("Het kenmerk van een bestaand initiatief."),
    ),
    F.ImportField(
        "description",
        "Investering",
        ("investering", "omschrijving", "description", "investment"),
        required=True,
        help=gettext_noop(
            "Omschrijving; met het kenmerk de sleutel: bestaat de investering al, dan wordt "
            "die bijgewerkt."
        ),
    ),
    F.ImportField(
        "category",
        "Categorie",
        ("categorie", "activacategorie", "category"),
        required=True,
        help=gettext_noop("Een activacategorie van de gemeente (Financiën › Instellingen)."),
    ),
    F.ImportField(
        "utility", "Nut", ("nut", "utility"), help=gettext_noop("Economisch of maatschappelijk.")
    ),
    F.ImportField(
        "method",
        "Methode",
        ("methode", "afschrijvingsmethode", "method"),
        help=gettext_noop("Lineair of annuïteit (leeg: lineair)."),
    ),
    F.ImportField(
        "term",
        "Termijn (jaren)",
        ("termijn", "afschrijvingstermijn", "looptijd", "term"),
        help=gettext_noop("Leeg: de termijn van de categorie."),
    ),
    F.ImportField(
        "activation_year",
        "Ingebruikname",
        ("ingebruikname", "jaar van ingebruikname", "jaar", "activation year"),
        required=True,
        help=gettext_noop("Het jaar van ingebruikname, bijv. 2028."),
    ),
    F.ImportField(
        "amount",
        "Bedrag",
        ("bedrag", "investeringsbedrag", "krediet", "amount"),
        required=True,
        help=gettext_noop("Bedrag in euro's, bijv. 2000000 of € 2.000.000,00."),
    ),
    F.ImportField(
        "residual_value",
        "Restwaarde",
        ("restwaarde", "residual value"),
        help=gettext_noop("Leeg: geen restwaarde."),
    ),
)

BUDGET_FIELDS: tuple[F.ImportField, ...] = (
    F.ImportField(
        "reference",
        "Kenmerk",
        ("kenmerk", "referentie", "reference"),
        help=gettext_noop(
            "Het kenmerk van een initiatief; leeg voor een regel van alleen een programma."
        ),
    ),
    F.ImportField(
        "programme",
        "Begrotingsprogramma",
        ("begrotingsprogramma", "programma", "programme"),
        help=gettext_noop("Leeg: het programma van het initiatief."),
    ),
    F.ImportField(
        "key",
        "Post",
        ("post", "regel", "soort", "key"),
        required=True,
        help=gettext_noop(
            "Lasten structureel, Lasten incidenteel, Afschrijving, Rente, Baten structureel, "
            "Baten incidenteel, Dekking structureel of Dekking incidenteel."
        ),
    ),
    F.ImportField(
        "year", "Jaar", ("jaar", "year"), required=True, help=gettext_noop("Bijv. 2027.")
    ),
    F.ImportField(
        "amount",
        "Bedrag",
        ("bedrag", "amount"),
        required=True,
        help=gettext_noop("In een begrotingswijziging de wijziging: negatief mag."),
    ),
)

parse_utility = F.choice_parser(
    Utility.choices, {"economisch": "economisch", "maatschappelijk": "maatschappelijk"}
)
parse_method = F.choice_parser(
    DepreciationMethod.choices, {"annuiteit": "annuiteit", "linear": "lineair"}
)
parse_key = F.choice_parser(BudgetLineKey.choices, {})


def _mapping(table: Table, fields: tuple[F.ImportField, ...]) -> dict[str, int]:
    """Field → column, from the headers (exact label or synonym first, then a leading word)."""
    known = {F.normalise(s): f.key for f in fields for s in (f.label, *f.synonyms)}
    mapping: dict[str, int] = {}
    for index, header in enumerate(table.headers):
        name = F.normalise(header)
        key = known.get(name)
        if key is None:
            words = name.split()
            key = next(
                (
                    known[" ".join(words[:n])]
                    for n in range(len(words) - 1, 0, -1)
                    if " ".join(words[:n]) in known
                ),
                None,
            )
        if key and key not in mapping:
            mapping[key] = index
    return mapping


def _start(table: Table, fields: tuple[F.ImportField, ...], dry_run: bool) -> ImportReport:
    mapping = _mapping(table, fields)
    report = ImportReport(
        sheet=table.sheet, mapping=mapping, headers=table.headers, dry_run=dry_run
    )
    report.issues.extend(table.issues)
    report.issues.extend(
        Issue(_("Verplichte kolom ontbreekt: “%(field)s”.") % {"field": f.label})
        for f in fields
        if f.required and f.key not in mapping
    )
    return report


@dataclass
class _Rows:
    table: Table
    report: ImportReport

    def problem(self, number: int, key: str, value: Any, message: str) -> None:
        index = self.report.mapping.get(key)
        column = self.table.column_name(index) if index is not None else ""
        shown = "" if value is None else str(value)[:100]
        self.report.issues.append(Issue(message, row=number, column=column, value=shown))

    def parse(self, number: int, values: list[Any], parsers: Mapping[str, Any]) -> dict[str, Any]:
        parsed: dict[str, Any] = {}
        for key, index in self.report.mapping.items():
            try:
                parsed[key] = parsers[key](values[index])
            except ValueError as exc:
                self.problem(number, key, values[index], str(exc))
        return parsed


def _write(report: ImportReport, write: Any) -> ImportReport:
    """All or nothing: write in one transaction, rolled back in a dry run."""
    try:
        with transaction.atomic():
            write()
            if report.dry_run:
                transaction.set_rollback(True)
    except (DatabaseError, ValidationError, services.BudgetVersionError) as exc:
        message = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
        report.issues.append(Issue(_("Opslaan mislukt, er is niets geïmporteerd: %s") % message))
        return report
    report.applied = not report.dry_run
    return report


# --- the MIP --------------------------------------------------------------------------------


# Long on purpose: the checks of one row read top to bottom like the sheet's columns, sharing
# the row's parsed values; split up, each part would take and return all of them.
def mip_import(
    *, municipality: Municipality, by: Any, content: bytes, dry_run: bool = False
) -> ImportReport:
    """Import investments, one per row, matched on kenmerk and omschrijving (a re-import of
    the MIP export changes nothing). Raises WorkbookRejected when the file cannot be read."""
    if by is not None:  # None: a command run by the operator
        require(by, municipality.pk, Action.FINANCE_MANAGE)
    table = read_table(content)
    report = _start(table, MIP_FIELDS, dry_run)
    if report.issues:
        return report
    services.categories_ensure(municipality=municipality)
    rows = _Rows(table, report)
    cell = report.mapping
    references = {F.parse_text(values[cell["reference"]]) for _n, values in table.rows}
    initiatives = {
        i.reference: i
        for i in Initiative.objects.in_municipality(municipality).filter(reference__in=references)
    }
    existing = {
        (inv.initiative.reference, inv.description): inv
        for inv in Investment.objects.in_municipality(municipality)
        .filter(initiative__reference__in=references)
        .select_related("initiative", "category")
    }
    categories = {
        F.normalise(c.name): c for c in AssetCategory.objects.in_municipality(municipality)
    }
    known_categories = ", ".join(sorted(c.name for c in categories.values()))

    def category(value: Any) -> AssetCategory:
        found = categories.get(F.normalise(value))
        if found is None:
            raise ValueError(
                _("Onbekende activacategorie; bekend zijn: %(names)s.")
                % {"names": known_categories}
            )
        return found

    parsers = {
        "reference": lambda v: F.parse_text(v, 20),
        "description": lambda v: F.parse_text(v, 200),
        "category": category,
        "utility": lambda v: parse_utility(v) if F.normalise(v) else Utility.ECONOMIC,
        "method": lambda v: parse_method(v) if F.normalise(v) else DepreciationMethod.LINEAR,
        "term": lambda v: F.parse_int(v, 1, 100),
        "activation_year": lambda v: F.parse_int(v, 1900, 2200),
        "amount": parse_amount,
        "residual_value": parse_amount,
    }
    planned: list[Investment] = []
    seen: dict[tuple[str, str], int] = {}
    for number, values in table.rows:
        before = len(report.issues)
        parsed = rows.parse(number, values, parsers)
        reference, description = parsed.get("reference", ""), parsed.get("description", "")
        result = RowResult(number=number, reference=reference, title=description)
        report.rows.append(result)
        initiative = initiatives.get(reference)
        if reference and initiative is None:
            rows.problem(
                number,
                "reference",
                reference,
                _("Geen initiatief met dit kenmerk in deze gemeente."),
            )
        required = (
            ("reference", _("Het kenmerk is verplicht.")),
            ("description", _("De omschrijving is verplicht.")),
        )
        for key, message in required:
            if key in parsed and not parsed[key]:
                rows.problem(number, key, "", message)
        if "activation_year" in parsed and parsed["activation_year"] is None:
            rows.problem(number, "activation_year", "", _("Het jaar is verplicht."))
        if (reference, description) in seen:
            rows.problem(
                number,
                "description",
                description,
                _("Deze investering staat al in regel %(row)s van het bestand.")
                % {"row": seen[(reference, description)]},
            )
        seen.setdefault((reference, description), number)
        if len(report.issues) > before or initiative is None:
            result.action, result.errors = RowAction.ERROR, len(report.issues) - before
            continue
        investment = existing.get((reference, description))
        is_new = investment is None
        if investment is None:
            investment = Investment(
                municipality=municipality, initiative=initiative, description=description
            )
        chosen = parsed["category"]
        term = parsed.get("term")
        if term == chosen.default_term and (is_new or investment.term is None):
            term = None  # the export writes the effective term; keep "the category's"
        new = {
            "category_id": chosen.pk,
            "utility": parsed.get("utility", investment.utility or Utility.ECONOMIC),
            "method": parsed.get("method", investment.method or DepreciationMethod.LINEAR),
            "term": term if "term" in parsed else investment.term,
            "activation_year": parsed["activation_year"],
            "amount": parsed["amount"],
            "residual_value": parsed.get("residual_value", Decimal(0)),
        }
        changed = any(getattr(investment, k) != v for k, v in new.items())
        for name, value in new.items():
            setattr(investment, name, value)
        try:
            investment.full_clean(
                exclude=["municipality", "initiative", "category"], validate_constraints=False
            )
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                key = name if name in cell else "amount"
                rows.problem(number, key, getattr(investment, name, ""), " ".join(messages))
        if investment.residual_value > investment.amount:
            rows.problem(
                number,
                "residual_value",
                values[cell["residual_value"]] if "residual_value" in cell else "",
                _("De restwaarde is hoger dan het investeringsbedrag."),
            )
        result.errors = len(report.issues) - before
        if result.errors:
            result.action = RowAction.ERROR
            continue
        result.action = (
            RowAction.CREATE if is_new else (RowAction.UPDATE if changed else RowAction.SAME)
        )
        if is_new or changed:
            planned.append(investment)
    if report.issues:
        return report

    def write() -> None:
        for investment in planned:
            services.finance_record_save(record=investment, by=by)

    return _write(report, write)


# --- budget lines ---------------------------------------------------------------------------


# Long on purpose: like mip_import, the checks of one row in the order of the sheet's columns.
def budget_import(
    *,
    municipality: Municipality,
    by: Any,
    content: bytes,
    budget_year: int,
    kind: str,
    decision: services.CouncilDecision,
    dry_run: bool = False,
) -> ImportReport:
    """Import budget lines as a new version the raad adopted (a primitieve begroting: its
    amounts; a begrotingswijziging: the changes). Raises WorkbookRejected for the file."""
    if by is not None:  # None: a command run by the operator
        require(by, municipality.pk, Action.FINANCE_MANAGE)
    if kind not in BudgetVersionKind.values:
        raise ValueError(kind)
    table = read_table(content)
    report = _start(table, BUDGET_FIELDS, dry_run)
    if report.issues:
        return report
    rows = _Rows(table, report)
    cell = report.mapping
    references = {
        F.parse_text(values[cell["reference"]]) for _n, values in table.rows if "reference" in cell
    } - {""}
    initiatives = {
        i.reference: i
        for i in Initiative.objects.in_municipality(municipality).filter(reference__in=references)
    }
    years = range(budget_year, budget_year + 4)
    parsers = {
        "reference": lambda v: F.parse_text(v, 20),
        "programme": lambda v: F.parse_text(v, 100),
        "key": parse_key,
        "year": lambda v: F.parse_int(v, 1900, 2200),
        "amount": lambda v: parse_amount(v, allow_negative=kind == BudgetVersionKind.AMENDMENT),
    }
    lines: list[services.VersionLine] = []
    for number, values in table.rows:
        before = len(report.issues)
        parsed = rows.parse(number, values, parsers)
        reference = parsed.get("reference", "")
        initiative = initiatives.get(reference)
        programme = parsed.get("programme") or (initiative.budget_programme if initiative else "")
        result = RowResult(
            number=number,
            reference=reference,
            title=initiative.title if initiative else programme,
        )
        report.rows.append(result)
        if reference and initiative is None:
            rows.problem(
                number,
                "reference",
                reference,
                _("Geen initiatief met dit kenmerk in deze gemeente."),
            )
        if not reference and not programme:
            rows.problem(
                number,
                "programme",
                "",
                _("Vul een kenmerk of een begrotingsprogramma in."),
            )
        year = parsed.get("year")
        if "year" in parsed and year is None:
            rows.problem(number, "year", "", _("Het jaar is verplicht."))
        elif year is not None and year not in years:
            rows.problem(
                number,
                "year",
                year,
                _("Het jaar valt buiten de meerjarenraming %(first)s–%(last)s.")
                % {"first": years[0], "last": years[-1]},
            )
        result.errors = len(report.issues) - before
        if result.errors:
            result.action = RowAction.ERROR
            continue
        result.action = RowAction.CREATE
        assert year is not None  # a required column: a row without one is an error above
        lines.append(
            services.VersionLine(
                initiative.pk if initiative else None,
                reference,
                programme,
                parsed["key"],
                year,
                parsed["amount"],
            )
        )
    if report.issues:
        return report

    def write() -> None:
        services.budget_version_record(
            municipality=municipality,
            budget_year=budget_year,
            kind=kind,
            decision=decision,
            lines=lines,
            by=by,
        )

    return _write(report, write)
