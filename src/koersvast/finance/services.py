"""Finance writes, each in one transaction and checked against the policy (finance.manage).

Auditing is done by the models (TenantModel is audited on create, update and delete)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from koersvast.core.errors import DomainError
from koersvast.intake.choices import BodyKind
from koersvast.intake.models import DecisionBody
from koersvast.reports.choices import CycleMoment
from koersvast.tenancy.models import Municipality
from koersvast.tenancy.policy import Action, can, require

from .choices import DEFAULT_CATEGORIES, BudgetVersionKind
from .models import (
    AssetCategory,
    BudgetVersion,
    BudgetVersionLine,
    ExploitationLine,
    FinanceSettings,
    Funding,
    Investment,
    ResistanceCapacity,
    RiskEffect,
)


def may_manage(user: Any, municipality_id: int) -> bool:
    return can(user, municipality_id, Action.FINANCE_MANAGE)


@transaction.atomic
def categories_ensure(*, municipality: Municipality) -> None:
    """Give a municipality the default asset categories when it has none yet (a new one)."""
    if AssetCategory.objects.in_municipality(municipality).exists():
        return
    AssetCategory.objects.bulk_create(
        AssetCategory(municipality=municipality, name=name, default_term=term)
        for name, term in DEFAULT_CATEGORIES
    )


def settings_for(municipality: Municipality) -> FinanceSettings:
    """The municipality's finance settings; the defaults (not saved) when none are stored."""
    stored = FinanceSettings.objects.in_municipality(municipality).first()
    return stored or FinanceSettings(municipality=municipality)


Editable = Investment | ExploitationLine | Funding | AssetCategory | FinanceSettings


@transaction.atomic
def finance_record_save(*, record: Editable, by: Any) -> Editable:
    """Create or edit an investment, exploitatie line, dekking, category or the settings."""
    require(by, record.municipality_id, Action.FINANCE_MANAGE)
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def finance_record_delete(*, record: Investment | ExploitationLine | Funding, by: Any) -> None:
    require(by, record.municipality_id, Action.FINANCE_MANAGE)
    record.delete()


@transaction.atomic
def category_delete(*, category: AssetCategory, by: Any) -> None:
    """Remove an asset category; one with investments is protected (ProtectedError)."""
    require(by, category.municipality_id, Action.FINANCE_MANAGE)
    category.delete()


@transaction.atomic
def risk_effect_save(*, effect: RiskEffect, by: Any) -> RiskEffect:
    require(by, effect.municipality_id, Action.FINANCE_MANAGE)
    effect.full_clean()
    effect.save()
    return effect


@transaction.atomic
def risk_effect_delete(*, effect: RiskEffect, by: Any) -> None:
    require(by, effect.municipality_id, Action.FINANCE_MANAGE)
    effect.delete()


@transaction.atomic
def resistance_set(
    *, municipality: Municipality, amounts: dict[int, Decimal | None], by: Any
) -> int:
    """Set the beschikbare weerstandscapaciteit per year; None removes a year. Returns the
    number of changes."""
    require(by, municipality.pk, Action.FINANCE_MANAGE)
    existing = {
        row.year: row
        for row in ResistanceCapacity.objects.select_for_update().in_municipality(municipality)
    }
    changes = 0
    for year, amount in sorted(amounts.items()):
        row = existing.get(year)
        if amount is None:
            if row is not None:
                row.delete()
                changes += 1
        elif row is None:
            ResistanceCapacity(municipality=municipality, year=year, amount=amount).save()
            changes += 1
        elif row.amount != amount:
            row.amount = amount
            row.save()
            changes += 1
    return changes


# --- budget versions (decision 1102): only the raad adopts them ---------------------------


class BudgetVersionError(DomainError):
    """A budget version cannot be recorded; the message says why, in Dutch."""


@dataclass(frozen=True)
class CouncilDecision:
    """The raadsbesluit that adopts a budget version."""

    body: DecisionBody
    decided_on: datetime.date
    reference: str = ""
    rationale: str = ""


@dataclass(frozen=True)
class VersionLine:
    """One amount of a version to store: its initiative (or only kenmerk and programme)."""

    initiative_id: int | None
    reference: str
    programme: str
    key: str
    year: int
    amount: Decimal


def _check_decision(municipality: Municipality, decision: CouncilDecision) -> None:
    if decision.body.municipality_id != municipality.pk:
        raise PermissionDenied
    if decision.body.kind != BodyKind.COUNCIL:
        raise BudgetVersionError(
            _(
                "Een begroting of begrotingswijziging wordt vastgesteld door de gemeenteraad; "
                "kies het gremium van de raad."
            )
        )
    if decision.body.is_retired:
        raise BudgetVersionError(
            _("%(body)s is niet meer in gebruik.") % {"body": decision.body.name}
        )


def _version_number_and_title(
    existing: list[BudgetVersion], kind: str, budget_year: int, title: str
) -> tuple[int, str]:
    """The next version's number in its budget year (0: the primitieve begroting) and its
    title; a second primitieve begroting, or a wijziging before the first, is refused."""
    if kind == BudgetVersionKind.PRIMITIVE:
        if any(v.is_primitive for v in existing):
            raise BudgetVersionError(
                _(
                    "De primitieve begroting %(year)s is al vastgesteld; leg een "
                    "begrotingswijziging vast."
                )
                % {"year": budget_year}
            )
        number = 0
        title = title or _("Primitieve begroting %(year)s") % {"year": budget_year}
    else:
        if not any(v.is_primitive for v in existing):
            raise BudgetVersionError(
                _("Leg eerst de primitieve begroting %(year)s vast.") % {"year": budget_year}
            )
        number = max(v.number for v in existing) + 1
        title = title or _("%(n)se begrotingswijziging %(year)s") % {
            "n": number,
            "year": budget_year,
        }
    return number, title


@transaction.atomic
def budget_version_record(
    *,
    municipality: Municipality,
    budget_year: int,
    kind: str,
    decision: CouncilDecision,
    lines: Iterable[VersionLine],
    by: Any,
    moment: str = "",
    title: str = "",
) -> BudgetVersion:
    """Record a version the raad adopted: the primitieve begroting (its amounts) or a
    begrotingswijziging (the changes), numbered in order within the budget year."""
    require(by, municipality.pk, Action.FINANCE_MANAGE)
    _check_decision(municipality, decision)
    existing = list(
        BudgetVersion.objects.select_for_update()
        .in_municipality(municipality)
        .filter(budget_year=budget_year)
        .order_by("number")
    )
    number, title = _version_number_and_title(existing, kind, budget_year, title)
    version = BudgetVersion(
        municipality=municipality,
        budget_year=budget_year,
        kind=kind,
        number=number,
        title=title[:200],
        moment=moment,
        body=decision.body,
        decided_on=decision.decided_on,
        decision_reference=decision.reference[:100],
        rationale=decision.rationale,
        recorded_by=by,
    )
    version.full_clean()
    version.save()
    BudgetVersionLine.objects.bulk_create(
        BudgetVersionLine(
            municipality=municipality,
            version=version,
            initiative_id=line.initiative_id,
            reference=line.reference[:20],
            programme=line.programme[:100],
            key=line.key,
            year=line.year,
            amount=line.amount,
        )
        for line in lines
        if line.amount
    )
    return version


def budget_primitive_adopt(
    *, municipality: Municipality, budget_year: int, decision: CouncilDecision, by: Any
) -> BudgetVersion:
    """The raad adopted the begroting: the portfolio's figures now become the primitieve
    begroting of the budget year."""
    from .selectors.amendment import portfolio_budget_lines

    lines = [
        VersionLine(h.initiative_id, h.reference, h.programme, key, year, amount)
        for h, key, year, amount in portfolio_budget_lines(
            municipality=municipality, budget_year=budget_year
        )
    ]
    return budget_version_record(
        municipality=municipality,
        budget_year=budget_year,
        kind=BudgetVersionKind.PRIMITIVE,
        decision=decision,
        lines=lines,
        by=by,
        moment=CycleMoment.BEGROTING,
    )


def budget_amendment_adopt(
    *,
    municipality: Municipality,
    budget_year: int,
    moment: str,
    decision: CouncilDecision,
    by: Any,
    title: str = "",
) -> BudgetVersion:
    """The raad adopted the draft begrotingswijziging of a P&C moment: its changes become a
    begrotingswijziging, so the actuele begroting equals the portfolio's figures now."""
    from .selectors.amendment import amendment_draft

    draft = amendment_draft(municipality=municipality, budget_year=budget_year, moment=moment)
    if draft.is_empty:
        raise BudgetVersionError(
            _("Er is niets gewijzigd sinds het laatste raadsbesluit over de begroting %(year)s.")
            % {"year": budget_year}
        )
    moment_label = CycleMoment(moment).label if moment in CycleMoment.values else ""
    number = max((v.number for v in draft.versions), default=0) + 1
    title = title or (
        _("%(n)se begrotingswijziging %(year)s (%(moment)s)")
        % {"n": number, "year": budget_year, "moment": moment_label}
        if moment_label
        else ""
    )
    return budget_version_record(
        municipality=municipality,
        budget_year=budget_year,
        kind=BudgetVersionKind.AMENDMENT,
        decision=decision,
        lines=[
            VersionLine(h.initiative_id, h.reference, h.programme, key, year, amount)
            for h, key, year, amount in draft.changes
        ],
        by=by,
        moment=moment,
        title=title,
    )
