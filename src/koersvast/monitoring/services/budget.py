"""Budgets: the begroting and prognose per year, and actuals imported from the financial system."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from koersvast.portfolio.models import Initiative

from ..actuals import parse_actuals
from ..models import BudgetLine
from ..rules import may_manage, may_report, require


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
    require(may_manage(by, municipality_id))
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
    manager = may_manage(by, initiative.municipality_id)
    require(manager or may_report(by, initiative))
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
    require(may_manage(by, line.municipality_id))
    line.full_clean()
    line.save()
    return line
