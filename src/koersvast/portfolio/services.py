"""Writes of the portfolio's configuration: domains and budget programmes (Beheer).

A domain or programme that is in use is never deleted: it is retired (no longer offered to new
work) and keeps every link in the history. `*_usage` says where it is used, for the message.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from koersvast.reference.models import Taakveld
from koersvast.tenancy.models import Municipality
from koersvast.tenancy.policy import Action, can

from .models import BudgetProgramme, Domain, Initiative


class ConfigurationError(Exception):
    """A configuration change that cannot be made, with a Dutch message."""


def require_settings_right(by: Any, municipality_id: int) -> None:
    if not can(by, municipality_id, Action.SETTINGS_MANAGE):
        raise PermissionDenied


def in_use_message(name: str, usage: list[str]) -> str:
    """ "'X' is in use (3 initiatives, 1 criterion): retire it instead." """
    return _(
        "‘%(name)s’ is in gebruik (%(usage)s) en kan niet worden verwijderd. Zet het buiten "
        "gebruik: het blijft dan bewaard bij wat het al gebruikt, maar wordt niet meer "
        "aangeboden."
    ) % {"name": name, "usage": ", ".join(usage)}


# --- domains --------------------------------------------------------------------------------


def domain_usage(domain: Domain) -> list[str]:
    """Where a domain is used: initiatives and entry criteria (as readable counts)."""
    from koersvast.intake.models import EntryCriterion

    usage = []
    initiatives = Initiative.objects.filter(domain=domain).count()
    if initiatives:
        usage.append(
            ngettext("%(count)s initiatief", "%(count)s initiatieven", initiatives)
            % {"count": initiatives}
        )
    criteria = EntryCriterion.objects.filter(if_domain=domain).count()
    if criteria:
        usage.append(
            ngettext("%(count)s toelatingscriterium", "%(count)s toelatingscriteria", criteria)
            % {"count": criteria}
        )
    return usage


def _unique_code(model: type[Any], municipality: Municipality, name: str, wanted: str) -> str:
    base = slugify(wanted or name)[:36] or "item"
    code, number = base, 1
    while model.objects.filter(municipality=municipality, code=code).exists():
        number += 1
        code = f"{base}-{number}"
    return code


@transaction.atomic
def domain_save(
    *,
    domain: Domain,
    by: Any,
    taakvelden: list[Taakveld] | None = None,
) -> Domain:
    """Create or change a domain (code made from the name when empty; unique per municipality)."""
    require_settings_right(by, domain.municipality_id)
    domain.name = domain.name.strip()
    if not domain.name:
        raise ConfigurationError(_("Geef het domein een naam."))
    if not domain.code:
        domain.code = _unique_code(Domain, domain.municipality, domain.name, "")
    if (
        Domain.objects.filter(municipality_id=domain.municipality_id, code=domain.code)
        .exclude(pk=domain.pk)
        .exists()
    ):
        raise ConfigurationError(_("Deze code is al in gebruik."))
    if (
        domain.budget_programme
        and domain.budget_programme.municipality_id != domain.municipality_id
    ):
        raise PermissionDenied
    domain.save()
    if taakvelden is not None:
        domain.taakvelden.set(taakvelden)
    return domain


@transaction.atomic
def domain_retire(*, domain: Domain, by: Any, retire: bool = True) -> Domain:
    """Retire a domain (no longer offered for new initiatives) or bring it back."""
    require_settings_right(by, domain.municipality_id)
    domain.retired_at = timezone.now() if retire else None
    domain.save(update_fields=["retired_at", "updated_at"])
    return domain


@transaction.atomic
def domain_delete(*, domain: Domain, by: Any) -> None:
    """Delete an unused domain; one in use is refused with where it is used."""
    require_settings_right(by, domain.municipality_id)
    usage = domain_usage(domain)
    if usage:
        raise ConfigurationError(in_use_message(domain.name, usage))
    domain.delete()


# --- suggested domains: groups of the BBV taakvelden ----------------------------------------


@dataclass(frozen=True)
class DomainSuggestion:
    """A domain a new municipality may start with: one main group of the BBV taakvelden."""

    code: str
    name: str
    taakveld_codes: tuple[str, ...]


def domain_suggestions() -> list[DomainSuggestion]:
    """The ten main groups (hoofdtaakvelden 0–8, plus information provision) of the packaged
    BBV list (data/bbv_taakvelden_gemeente_2026.csv), each with its taakvelden."""
    text = (
        resources.files("koersvast")
        .joinpath("data/bbv_taakvelden_gemeente_2026.csv")
        .read_text("utf-8")
    )
    rows = list(csv.DictReader(text.splitlines()))
    groups: dict[str, tuple[str, list[str]]] = {}
    for row in rows:
        if row["niveau"] == "hoofdtaakveld":
            groups[row["code"]] = (row["omschrijving"], [])
    for row in rows:
        if row["niveau"] == "taakveld" and row["hoofdtaakveld"] in groups:
            groups[row["hoofdtaakveld"]][1].append(row["code"])
    suggestions = [
        DomainSuggestion(slugify(name)[:40], name, tuple(codes))
        for main, (name, codes) in sorted(groups.items(), key=lambda item: item[0])
    ]
    suggestions.append(
        DomainSuggestion("informatievoorziening", _("Informatievoorziening en ICT"), ())
    )
    return suggestions


@transaction.atomic
def domains_create_suggested(
    *, municipality: Municipality, codes: list[str], by: Any
) -> list[Domain]:
    """Create the chosen suggested domains (those the municipality lacks), with taakvelden."""
    require_settings_right(by, municipality.pk)
    wanted = {s.code: s for s in domain_suggestions() if s.code in set(codes)}
    existing = set(Domain.objects.filter(municipality=municipality).values_list("code", flat=True))
    order = Domain.objects.filter(municipality=municipality).count()
    created = []
    for suggestion in wanted.values():
        if suggestion.code in existing:
            continue
        order += 1
        domain = Domain.objects.create(
            municipality=municipality, name=suggestion.name, code=suggestion.code, order=order
        )
        domain.taakvelden.set(Taakveld.objects.filter(code__in=suggestion.taakveld_codes))
        created.append(domain)
    return created


# --- budget programmes ----------------------------------------------------------------------


def budget_programme_usage(programme: BudgetProgramme) -> list[str]:
    """Where a programme is used: initiatives (by name) and domains."""
    usage = []
    initiatives = Initiative.objects.filter(
        municipality_id=programme.municipality_id, budget_programme=programme.name
    ).count()
    if initiatives:
        usage.append(
            ngettext("%(count)s initiatief", "%(count)s initiatieven", initiatives)
            % {"count": initiatives}
        )
    domains = programme.domains.count()
    if domains:
        usage.append(
            ngettext("%(count)s domein", "%(count)s domeinen", domains) % {"count": domains}
        )
    return usage


@transaction.atomic
def budget_programme_save(*, programme: BudgetProgramme, by: Any) -> BudgetProgramme:
    """Create or rename a programme. Initiatives keep the programme by name (reports, Excel and
    the OData feed read that name), so a rename is carried over to them in the same step."""
    require_settings_right(by, programme.municipality_id)
    programme.name = programme.name.strip()
    if not programme.name:
        raise ConfigurationError(_("Geef het programma een naam."))
    siblings = BudgetProgramme.objects.filter(municipality_id=programme.municipality_id).exclude(
        pk=programme.pk
    )
    if siblings.filter(name__iexact=programme.name).exists():
        raise ConfigurationError(_("Er is al een programma met deze naam."))
    if not programme.code:
        programme.code = _unique_code(BudgetProgramme, programme.municipality, programme.name, "")
    elif siblings.filter(code=programme.code).exists():
        raise ConfigurationError(_("Deze code is al in gebruik."))
    old_name = (
        BudgetProgramme.objects.filter(pk=programme.pk).values_list("name", flat=True).first()
        if programme.pk
        else None
    )
    programme.save()
    if old_name and old_name != programme.name:
        for initiative in Initiative.objects.filter(
            municipality_id=programme.municipality_id, budget_programme=old_name
        ):
            initiative.budget_programme = programme.name
            initiative.save(update_fields=["budget_programme", "updated_at"])  # audited
    return programme


@transaction.atomic
def budget_programme_retire(
    *, programme: BudgetProgramme, by: Any, retire: bool = True
) -> BudgetProgramme:
    require_settings_right(by, programme.municipality_id)
    programme.retired_at = timezone.now() if retire else None
    programme.save(update_fields=["retired_at", "updated_at"])
    return programme


@transaction.atomic
def budget_programme_delete(*, programme: BudgetProgramme, by: Any) -> None:
    require_settings_right(by, programme.municipality_id)
    usage = budget_programme_usage(programme)
    if usage:
        raise ConfigurationError(in_use_message(programme.name, usage))
    programme.delete()
