"""Finance writes, each in one transaction and checked against the policy (finance.manage).

Auditing is done by the models (TenantModel is audited on create, update and delete)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from koersvast.tenancy.models import Municipality
from koersvast.tenancy.policy import Action, can

from .choices import DEFAULT_CATEGORIES
from .models import (
    AssetCategory,
    ExploitationLine,
    FinanceSettings,
    Funding,
    Investment,
    ResistanceCapacity,
    RiskEffect,
)


def may_manage(user: Any, municipality_id: int) -> bool:
    return can(user, municipality_id, Action.FINANCE_MANAGE)


def _require(user: Any, municipality_id: int) -> None:
    if not may_manage(user, municipality_id):
        raise PermissionDenied


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
    _require(by, record.municipality_id)
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def finance_record_delete(*, record: Investment | ExploitationLine | Funding, by: Any) -> None:
    _require(by, record.municipality_id)
    record.delete()


@transaction.atomic
def category_delete(*, category: AssetCategory, by: Any) -> None:
    """Remove an asset category; one with investments is protected (ProtectedError)."""
    _require(by, category.municipality_id)
    category.delete()


@transaction.atomic
def risk_effect_save(*, effect: RiskEffect, by: Any) -> RiskEffect:
    _require(by, effect.municipality_id)
    effect.full_clean()
    effect.save()
    return effect


@transaction.atomic
def risk_effect_delete(*, effect: RiskEffect, by: Any) -> None:
    _require(by, effect.municipality_id)
    effect.delete()


@transaction.atomic
def resistance_set(
    *, municipality: Municipality, amounts: dict[int, Decimal | None], by: Any
) -> int:
    """Set the beschikbare weerstandscapaciteit per year; None removes a year. Returns the
    number of changes."""
    _require(by, municipality.pk)
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
