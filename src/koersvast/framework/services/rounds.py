"""Rounds of judgements: members invited to judge every pair themselves, reminded, and their
judgements combined (AIJ) into the draft's weights."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import mail
from ..choices import RoundStatus
from ..models import ComparisonRound, Framework, RoundParticipant
from ..selectors import rounds as selectors
from .common import check_draft, check_editable
from .weights import normalise_judgements, store_weights

# --- Group comparison rounds (groepsvergelijking) -------------------------------------------


@transaction.atomic
def round_create(
    *,
    framework: Framework,
    by: Any,
    title: str,
    participants: Iterable[Any],
    site_url: str = "",
) -> ComparisonRound:
    """Invite members to judge every pair of a draft version themselves.

    Participants must be members who may see the framework (wethouders, gemeentesecretaris,
    MT, the portfolio manager); at least two, or there is no group. With `site_url` (the
    address the page was asked at) each participant is mailed the link to their comparisons
    once the round is committed (`framework.mail`).
    """
    check_editable(framework, by)
    users = list(dict.fromkeys(participants))
    allowed = set(
        selectors.invitable_users(municipality=framework.municipality).values_list("pk", flat=True)
    )
    if any(user.pk not in allowed for user in users):
        raise ValidationError(
            {"participants": _("Nodig alleen leden van de gemeente uit.")}, code="not_member"
        )
    if len(users) < 2:
        raise ValidationError(
            {"participants": _("Nodig ten minste twee deelnemers uit.")}, code="too_few"
        )
    if not selectors.comparable_groups(framework=framework):
        raise ValidationError(
            _("Er valt niets te vergelijken: geen enkele groep heeft twee elementen of meer."),
            code="nothing",
        )
    comparison_round = ComparisonRound.objects.create(
        municipality=framework.municipality, framework=framework, title=title, created_by=by
    )
    for user in users:
        RoundParticipant.objects.create(
            municipality=framework.municipality, round=comparison_round, user=user
        )
    if site_url:
        mail.schedule(comparison_round=comparison_round, recipients=users, by=by, site_url=site_url)
    return comparison_round


@transaction.atomic
def round_remind(*, comparison_round: ComparisonRound, by: Any, site_url: str) -> int:
    """Mail a reminder to the participants who have not finished (portfolio manager, open
    round); returns how many are mailed (those without an address are not)."""
    check_editable(comparison_round.framework, by)
    if not comparison_round.is_open:
        raise ValidationError(
            _("Deze groepsvergelijking is afgesloten; de oordelen kunnen niet meer wijzigen."),
            code="closed",
        )
    pending = selectors.round_overview(comparison_round=comparison_round).pending
    return mail.schedule(
        comparison_round=comparison_round,
        recipients=[p.user for p in pending],
        by=by,
        site_url=site_url,
        reminder=True,
    )


@transaction.atomic
def round_judgements_save(
    *,
    comparison_round: ComparisonRound,
    by: Any,
    judgements: Mapping[str, Mapping[tuple[int, int], int]],
) -> RoundParticipant:
    """Store the acting participant's own judgements (every pair of every group).

    Only an invited participant, only their own row, only while the round is open and the
    version a draft.
    """
    participant = (
        RoundParticipant.objects.select_for_update().filter(round=comparison_round, user=by).first()
        if by is not None
        else None
    )
    if participant is None:
        raise PermissionDenied(_("U bent niet uitgenodigd voor deze groepsvergelijking."))
    check_draft(comparison_round.framework)
    if not comparison_round.is_open:
        raise ValidationError(
            _("Deze groepsvergelijking is afgesloten; de oordelen kunnen niet meer wijzigen."),
            code="closed",
        )
    stored: dict[str, dict[str, int]] = {}
    for group in selectors.comparable_groups(framework=comparison_round.framework):
        key = selectors.group_key(group)
        normalised = normalise_judgements(group, judgements.get(key, {}))
        stored[key] = {f"{a}-{b}": value for (a, b), value in normalised.items()}
    participant.judgements = stored
    participant.submitted_at = timezone.now()
    participant.save()
    return participant


@transaction.atomic
def round_apply(*, comparison_round: ComparisonRound, by: Any) -> selectors.RoundOverview:
    """Write the group weights (AIJ) on the draft and close the round.

    The aggregated judgements are geometric means, not points on Saaty's scale, so they are
    stored as the group's weights (like directly entered weights): the group's own comparisons
    are removed, and the round is the record of where the weights came from.
    """
    check_editable(comparison_round.framework, by)
    comparison_round = ComparisonRound.objects.select_for_update().get(pk=comparison_round.pk)
    if not comparison_round.is_open:
        raise ValidationError(_("Deze groepsvergelijking is al toegepast."), code="applied")
    overview = selectors.round_overview(comparison_round=comparison_round)
    if not overview.can_apply:
        raise ValidationError(
            _("Er zijn nog geen volledige oordelen; er valt niets toe te passen."),
            code="empty",
        )
    for entry in overview.groups:
        if entry.result is None:
            continue
        members = entry.group.members
        store_weights(
            members,
            {m.pk: w for m, w in zip(members, entry.result.aggregate.weights, strict=True)},
        )
        for comparison in entry.group.comparisons:
            comparison.delete()
    comparison_round.status = RoundStatus.APPLIED
    comparison_round.applied_at = timezone.now()
    comparison_round.applied_by = by
    comparison_round.save()
    overview.round = comparison_round
    return overview
