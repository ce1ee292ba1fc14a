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

from koersvast.core.errors import DomainError
from koersvast.reference.models import Taakveld
from koersvast.tenancy.models import Municipality
from koersvast.tenancy.policy import Action, require

from .choices import CustomFieldKind
from .models import BudgetProgramme, CustomField, Domain, Initiative


class ConfigurationError(DomainError):
    """A configuration change that cannot be made, with a Dutch message."""


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
    require(by, domain.municipality_id, Action.SETTINGS_MANAGE)
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
    require(by, domain.municipality_id, Action.SETTINGS_MANAGE)
    domain.retired_at = timezone.now() if retire else None
    domain.save(update_fields=["retired_at", "updated_at"])
    return domain


@transaction.atomic
def domain_delete(*, domain: Domain, by: Any) -> None:
    """Delete an unused domain; one in use is refused with where it is used."""
    require(by, domain.municipality_id, Action.SETTINGS_MANAGE)
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
    require(by, municipality.pk, Action.SETTINGS_MANAGE)
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
    require(by, programme.municipality_id, Action.SETTINGS_MANAGE)
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
    require(by, programme.municipality_id, Action.SETTINGS_MANAGE)
    programme.retired_at = timezone.now() if retire else None
    programme.save(update_fields=["retired_at", "updated_at"])
    return programme


@transaction.atomic
def budget_programme_delete(*, programme: BudgetProgramme, by: Any) -> None:
    require(by, programme.municipality_id, Action.SETTINGS_MANAGE)
    usage = budget_programme_usage(programme)
    if usage:
        raise ConfigurationError(in_use_message(programme.name, usage))
    programme.delete()


# --- own intake fields (eigen velden) -------------------------------------------------------


def custom_field_usage(field: CustomField) -> list[str]:
    """Where an own field is used: initiatives holding a value, and entry criteria."""
    from koersvast.intake.models import EntryCriterion

    usage = []
    initiatives = Initiative.objects.filter(
        municipality_id=field.municipality_id, custom_values__has_key=field.code
    ).count()
    if initiatives:
        usage.append(
            ngettext(
                "een waarde bij %(count)s initiatief",
                "waarden bij %(count)s initiatieven",
                initiatives,
            )
            % {"count": initiatives}
        )
    criteria = EntryCriterion.objects.filter(custom_field=field).count()
    if criteria:
        usage.append(
            ngettext("%(count)s toelatingscriterium", "%(count)s toelatingscriteria", criteria)
            % {"count": criteria}
        )
    return usage


def _camel_code(text: str) -> str:
    """ "DPIA nodig?" → "dpiaNodig": a lowerCamelCase name, as the API and OData want, that
    starts with a letter."""
    words = [w for w in slugify(text).replace("_", "-").split("-") if w]
    code = "".join([words[0].lower(), *(w.capitalize() for w in words[1:])]) if words else ""
    if not code or not code[0].isalpha():
        code = "veld" + code.capitalize()
    return code[:36]


@transaction.atomic
def custom_field_save(*, field: CustomField, by: Any) -> CustomField:
    """Create or change an own field. Its code is fixed once created (the stored values, the
    API, exports and criteria refer to it); its kind too, once it holds values."""
    require(by, field.municipality_id, Action.SETTINGS_MANAGE)
    field.name = field.name.strip()
    field.help_text = field.help_text.strip()
    if not field.name:
        raise ConfigurationError(_("Geef het veld een label."))
    if field.kind not in CustomFieldKind.values:
        raise ConfigurationError(_("Kies de soort veld."))
    options = [str(o).strip() for o in field.options or [] if str(o).strip()]
    if field.kind == CustomFieldKind.CHOICE:
        if len(options) < 2:
            raise ConfigurationError(_("Geef een keuzeveld ten minste twee keuzes."))
        if len({o.lower() for o in options}) != len(options):
            raise ConfigurationError(_("Elke keuze mag maar één keer voorkomen."))
        if any(len(o) > 100 for o in options):
            raise ConfigurationError(_("Een keuze is hoogstens 100 tekens."))
    else:
        options = []
    field.options = options
    if field.pk:
        stored = CustomField.objects.values("code", "kind").get(pk=field.pk)
        field.code = stored["code"]
        if stored["kind"] != field.kind and custom_field_usage(field):
            raise ConfigurationError(
                _("Dit veld heeft al waarden; de soort kan daarom niet meer veranderen.")
            )
    else:
        wanted = _camel_code(field.code or field.name)
        field.code = wanted
        number = 1
        while CustomField.objects.filter(
            municipality_id=field.municipality_id, code=field.code
        ).exists():
            number += 1
            field.code = f"{wanted}{number}"
    field.save()
    return field


@transaction.atomic
def custom_field_retire(*, field: CustomField, by: Any, retire: bool = True) -> CustomField:
    """Retire a field (no longer asked; stored values stay and are still shown) or bring it
    back."""
    require(by, field.municipality_id, Action.SETTINGS_MANAGE)
    field.retired_at = timezone.now() if retire else None
    field.save(update_fields=["retired_at", "updated_at"])
    return field


@transaction.atomic
def custom_field_delete(*, field: CustomField, by: Any) -> None:
    """Delete an unused field; one that holds values or is tested by a criterion is refused."""
    require(by, field.municipality_id, Action.SETTINGS_MANAGE)
    usage = custom_field_usage(field)
    if usage:
        raise ConfigurationError(in_use_message(field.name, usage))
    field.delete()
