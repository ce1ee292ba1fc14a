"""Writes for municipalities and memberships (roles with start and end dates, kept as history)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .choices import Role
from .models import Membership, Municipality
from .policy import Action, can, forget_roles
from .selectors import cbs_municipalities


class MembershipError(Exception):
    """A change of roles that is not allowed, with a message for the beheerder."""


def municipality_create_from_cbs(*, cbs_code: str) -> Municipality:
    """Create (or return the existing) municipality from the CBS list; KeyError if unknown."""
    entry = cbs_municipalities()[cbs_code.upper()]
    municipality, _created = Municipality.objects.get_or_create(
        cbs_code=entry.cbs_code,
        defaults={"name": entry.name, "province": entry.province, "inhabitants": entry.inhabitants},
    )
    return municipality


def _lock(municipality: Municipality) -> None:
    """Serialise role changes within one municipality (the last-beheerder rule reads, then
    writes: two beheerders withdrawing each other at once must not both succeed)."""
    Municipality.objects.select_for_update().filter(pk=municipality.pk).first()


def _overlapping(
    *,
    user: Any,
    municipality: Municipality,
    role: Role | str,
    starts_on: date,
    ends_on: date | None,
) -> Membership | None:
    later = Q(ends_on=None) | Q(ends_on__gte=starts_on)
    earlier = Q() if ends_on is None else Q(starts_on__lte=ends_on)
    return (
        Membership.objects.filter(
            user=user, municipality=municipality, role=role, withdrawn_at=None
        )
        .filter(later & earlier)
        .first()
    )


@transaction.atomic
def municipality_settings_save(
    *, municipality: Municipality, by: Any, reference_prefix: str
) -> Municipality:
    """Store the municipality's settings (beheerder only); existing references stay as they are."""
    if not can(by, municipality.pk, Action.SETTINGS_MANAGE):
        raise PermissionDenied
    municipality.reference_prefix = reference_prefix
    municipality.full_clean()
    municipality.save(update_fields=["reference_prefix"])
    return municipality


@transaction.atomic
def membership_grant(
    *,
    user: Any,
    municipality: Municipality,
    roles: list[Role],
    by: Any = None,
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> list[Membership]:
    """Give the user these roles in the municipality from `starts_on` (today) to `ends_on`.

    A role the user already holds for (part of) that period is kept as it is and returned.
    """
    starts_on = starts_on or timezone.localdate()
    if ends_on is not None and ends_on < starts_on:
        raise MembershipError(_("De einddatum ligt vóór de begindatum."))
    granted = []
    for role in roles:
        membership = _overlapping(
            user=user, municipality=municipality, role=role, starts_on=starts_on, ends_on=ends_on
        )
        if membership is None:
            membership = Membership.objects.create(
                user=user,
                municipality=municipality,
                role=role,
                granted_by=by if getattr(by, "pk", None) else None,
                starts_on=starts_on,
                ends_on=ends_on,
            )
        granted.append(membership)
    forget_roles(user)
    return granted


LAST_BEHEERDER = gettext_lazy(
    "Dit is de laatste beheerder van de gemeente. Geef eerst iemand anders de rol beheerder."
)


def ensure_a_beheerder_remains(
    municipality: Municipality,
    *,
    without: Membership | None = None,
    without_user: Any = None,
    until: date | None = None,
) -> None:
    """Refuse (MembershipError) a change that would leave the municipality without a beheerder.

    The change takes away `without` (one membership) or every role of `without_user`; with
    `until`, the membership `without` only ends after that day, so another beheerder must be
    in force beyond it. A change that touches no beheerder in force is never refused (a new
    municipality has none until its invitation is accepted).
    """
    in_force = (
        Membership.objects.current()
        .filter(municipality=municipality, role=Role.ADMINISTRATOR, user__is_active=True)
        .exclude(user__is_superuser=True)
    )
    if without is not None:
        affected = in_force.filter(pk=without.pk)
    else:
        affected = in_force.filter(user=without_user)
    if not affected.exists():
        return
    remaining = in_force.exclude(pk__in=affected.values("pk"))
    if until is not None:
        remaining = remaining.filter(Q(ends_on=None) | Q(ends_on__gt=until))
    if not remaining.exists():
        raise MembershipError(str(LAST_BEHEERDER))


@transaction.atomic
def membership_withdraw(*, membership: Membership, by: Any) -> Membership:
    """Withdraw a role at once; the membership stays as history (audited as a change)."""
    _lock(membership.municipality)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.withdrawn_at is not None:
        return membership
    if membership.role == Role.ADMINISTRATOR:
        ensure_a_beheerder_remains(membership.municipality, without=membership)
    membership.withdrawn_at = timezone.now()
    membership.withdrawn_by = by if getattr(by, "pk", None) else None
    membership.save(update_fields=["withdrawn_at", "withdrawn_by"])
    forget_roles(membership.user)
    return membership


@transaction.atomic
def membership_set_end(*, membership: Membership, ends_on: date | None, by: Any) -> Membership:
    """Set (or clear) the last day a role is in force."""
    _lock(membership.municipality)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.withdrawn_at is not None:
        raise MembershipError(_("Deze rol is al ingetrokken."))
    if ends_on is not None and ends_on < membership.starts_on:
        raise MembershipError(_("De einddatum ligt vóór de begindatum."))
    if ends_on is not None and ends_on < timezone.localdate():
        raise MembershipError(
            _("Een einddatum in het verleden kan niet; trek de rol in om haar nu te beëindigen.")
        )
    if membership.role == Role.ADMINISTRATOR and ends_on is not None:
        ensure_a_beheerder_remains(membership.municipality, without=membership, until=ends_on)
    if ends_on is None and _overlapping(
        user=membership.user,
        municipality=membership.municipality,
        role=membership.role,
        starts_on=membership.starts_on,
        ends_on=None,
    ) not in (None, membership):
        raise MembershipError(_("Deze gebruiker heeft deze rol later nog een keer."))
    membership.ends_on = ends_on
    membership.save(update_fields=["ends_on"])
    forget_roles(membership.user)
    return membership


@transaction.atomic
def memberships_withdraw_all(*, user: Any, municipality: Municipality, by: Any) -> int:
    """Withdraw every role the user holds or will hold in the municipality (deactivation)."""
    _lock(municipality)
    ensure_a_beheerder_remains(municipality, without_user=user)
    withdrawn = 0
    for membership in Membership.objects.not_ended().filter(user=user, municipality=municipality):
        membership.withdrawn_at = timezone.now()
        membership.withdrawn_by = by if getattr(by, "pk", None) else None
        membership.save(update_fields=["withdrawn_at", "withdrawn_by"])
        withdrawn += 1
    forget_roles(user)
    return withdrawn
