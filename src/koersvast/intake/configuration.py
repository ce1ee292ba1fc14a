"""Writes of the intake's configuration (Beheer): advice kinds and decision bodies.

Kept apart from `services.py` (the intake's workflows). An advice kind or body that is in use
is never deleted: it is retired (no longer offered) and every advice, criterion, meeting and
decision keeps it. `*_usage` says where it is used, for the message.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from koersvast.portfolio.services import (
    ConfigurationError,
    in_use_message,
)
from koersvast.tenancy.choices import Role
from koersvast.tenancy.models import Membership, Municipality
from koersvast.tenancy.policy import Action, require

from .choices import BodyKind, DefaultAdviceKind, MandateDecision
from .models import Advice, AdviceKind, Decision, DecisionBody, EntryCriterion, Meeting

# --- advice kinds ---------------------------------------------------------------------------


def advice_kinds_seed(*, municipality: Municipality) -> list[AdviceKind]:
    """The advice kinds every municipality starts with (idempotent): the five that used to be
    fixed in code, given by the adviser role, none asking a response to a negative advice."""
    kinds = []
    for order, (code, label) in enumerate(DefaultAdviceKind.choices, start=1):
        kind, _created = AdviceKind.objects.get_or_create(
            municipality=municipality,
            code=code,
            defaults={"name": str(label), "role": Role.ADVISER, "order": order},
        )
        kinds.append(kind)
    return kinds


def advice_kind_usage(kind: AdviceKind) -> list[str]:
    usage = []
    advices = Advice.objects.filter(municipality_id=kind.municipality_id, kind=kind.code).count()
    if advices:
        usage.append(
            ngettext("%(count)s advies", "%(count)s adviezen", advices) % {"count": advices}
        )
    criteria = EntryCriterion.objects.filter(
        municipality_id=kind.municipality_id, advice_kind=kind.code
    ).count()
    if criteria:
        usage.append(
            ngettext("%(count)s toelatingscriterium", "%(count)s toelatingscriteria", criteria)
            % {"count": criteria}
        )
    return usage


@transaction.atomic
def advice_kind_save(*, kind: AdviceKind, by: Any) -> AdviceKind:
    """Create or change an advice kind. Its code is fixed once created (advice and criteria
    refer to it); a new one gets a code made from its name when none is given."""
    require(by, kind.municipality_id, Action.SETTINGS_MANAGE)
    kind.name = kind.name.strip()
    if not kind.name:
        raise ConfigurationError(_("Geef de adviessoort een naam."))
    siblings = AdviceKind.objects.filter(municipality_id=kind.municipality_id).exclude(pk=kind.pk)
    if kind.pk:
        kind.code = AdviceKind.objects.values_list("code", flat=True).get(pk=kind.pk)
    else:
        base = slugify(kind.code or kind.name)[:16] or "advies"
        kind.code, number = base, 1
        while siblings.filter(code=kind.code).exists():
            number += 1
            kind.code = f"{base}-{number}"
    if kind.role not in Role.values:
        raise ConfigurationError(_("Kies de rol die dit advies geeft."))
    kind.save()
    return kind


@transaction.atomic
def advice_kind_retire(*, kind: AdviceKind, by: Any, retire: bool = True) -> AdviceKind:
    require(by, kind.municipality_id, Action.SETTINGS_MANAGE)
    kind.retired_at = timezone.now() if retire else None
    kind.save(update_fields=["retired_at", "updated_at"])
    return kind


@transaction.atomic
def advice_kind_delete(*, kind: AdviceKind, by: Any) -> None:
    require(by, kind.municipality_id, Action.SETTINGS_MANAGE)
    usage = advice_kind_usage(kind)
    if usage:
        raise ConfigurationError(in_use_message(kind.name, usage))
    kind.delete()


# --- decision bodies ------------------------------------------------------------------------

# The usual bodies of a Dutch municipality, with a mandate a new municipality can edit:
# (kind, name, budget ceiling or None for no limit).
USUAL_BODIES: list[tuple[str, str, int | None]] = [
    (BodyKind.PORTFOLIO_BOARD, "Portfolioboard", 250_000),
    (BodyKind.MT, "Managementteam", 1_000_000),
    (BodyKind.COLLEGE, "College van B&W", 5_000_000),
    (BodyKind.COUNCIL, "Gemeenteraad", None),
]


def decision_body_usage(body: DecisionBody) -> list[str]:
    usage = []
    decisions = Decision.objects.filter(body=body).count()
    if decisions:
        usage.append(
            ngettext("%(count)s besluit", "%(count)s besluiten", decisions) % {"count": decisions}
        )
    meetings = Meeting.objects.filter(body=body).count()
    if meetings:
        usage.append(
            ngettext("%(count)s vergadering", "%(count)s vergaderingen", meetings)
            % {"count": meetings}
        )
    escalated = DecisionBody.objects.filter(escalates_to=body).count()
    if escalated:
        usage.append(
            ngettext(
                "%(count)s gremium legt eraan voor", "%(count)s gremia leggen eraan voor", escalated
            )
            % {"count": escalated}
        )
    return usage


def _check_body(body: DecisionBody) -> None:
    body.name = body.name.strip()
    if not body.name:
        raise ConfigurationError(_("Geef het gremium een naam."))
    if body.kind not in BodyKind.values:
        raise ConfigurationError(_("Kies de soort gremium."))
    unknown = [d for d in body.mandate_decisions or [] if d not in MandateDecision.values]
    if unknown or not body.mandate_decisions:
        raise ConfigurationError(_("Kies ten minste één besluit binnen het mandaat."))
    if body.mandate_max_budget is not None and body.mandate_max_budget < 0:
        raise ConfigurationError(_("Een mandaat kan niet negatief zijn."))
    target = body.escalates_to
    if target is not None:
        if target.municipality_id != body.municipality_id:
            raise ConfigurationError(_("Kies een gremium van uw eigen gemeente."))
        seen = {body.pk}
        while target is not None:  # no circle: A → B → A
            if target.pk in seen:
                raise ConfigurationError(_("Dit gremium legt dan (via via) aan zichzelf voor."))
            seen.add(target.pk)
            target = target.escalates_to


@transaction.atomic
def decision_body_save(
    *, body: DecisionBody, by: Any, members: list[Any] | None = None
) -> DecisionBody:
    """Create or change a body with its mandate (budget ceiling, decisions it may take, the body
    it escalates to) and its members (who must hold a role in the municipality)."""
    require(by, body.municipality_id, Action.SETTINGS_MANAGE)
    _check_body(body)
    body.save()
    if members is not None:
        here = Membership.objects.not_ended().filter(municipality_id=body.municipality_id)
        allowed = set(here.values_list("user_id", flat=True))
        if any(member.pk not in allowed for member in members):
            raise ConfigurationError(_("Leden van een gremium hebben een rol in uw gemeente."))
        body.members.set(members)
    return body


@transaction.atomic
def decision_bodies_create_usual(
    *, municipality: Municipality, kinds: list[str], by: Any
) -> list[DecisionBody]:
    """Create the chosen usual bodies the municipality lacks, each escalating to the next."""
    require(by, municipality.pk, Action.SETTINGS_MANAGE)
    existing = {
        body.kind: body for body in DecisionBody.objects.filter(municipality=municipality).active()
    }
    created: list[DecisionBody] = []
    higher: DecisionBody | None = None
    for order, (kind, name, ceiling) in reversed(list(enumerate(USUAL_BODIES, start=1))):
        body = existing.get(kind)
        if body is None and kind in kinds:
            body = DecisionBody.objects.create(
                municipality=municipality,
                name=name,
                kind=kind,
                mandate_max_budget=Decimal(ceiling) if ceiling is not None else None,
                escalates_to=higher,
                order=order,
            )
            created.append(body)
        higher = body or higher
    return list(reversed(created))


@transaction.atomic
def decision_body_retire(*, body: DecisionBody, by: Any, retire: bool = True) -> DecisionBody:
    require(by, body.municipality_id, Action.SETTINGS_MANAGE)
    body.retired_at = timezone.now() if retire else None
    body.save(update_fields=["retired_at", "updated_at"])
    return body


@transaction.atomic
def decision_body_delete(*, body: DecisionBody, by: Any) -> None:
    """Delete an unused body; one in use (also by a plan or urgency decision) is refused."""
    require(by, body.municipality_id, Action.SETTINGS_MANAGE)
    usage = decision_body_usage(body)
    if usage:
        raise ConfigurationError(in_use_message(body.name, usage))
    try:
        with transaction.atomic():
            body.delete()
    except ProtectedError as error:
        raise ConfigurationError(
            in_use_message(body.name, [_("besluiten over de planning")])
        ) from error


def bodies_offered(municipality: Municipality, current: Any = None) -> Any:
    """Bodies a decision or meeting may name: the active ones (and one already chosen)."""
    pk = getattr(current, "pk", current)
    bodies = DecisionBody.objects.in_municipality(municipality)
    return bodies.filter(Q(retired_at=None) | Q(pk=pk)) if pk else bodies.active()
