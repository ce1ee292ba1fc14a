"""Expert advice: asking it, giving it (a negative advice names its conditions, which become
risks) and the owner's response."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koersvast.notifications.services import notify
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.policy import Action, require, roles_by_municipality

from ..choices import Verdict
from ..models import Advice, AdviceKind
from .common import IntakeError, members_with_role
from .submission import may_edit

# --- advice ------------------------------------------------------------------------------


def _advice_kind(municipality_id: int, code: str, *, active: bool = False) -> AdviceKind:
    kinds = AdviceKind.objects.filter(municipality_id=municipality_id, code=code)
    kind = (kinds.active() if active else kinds).first()
    if kind is None:
        raise IntakeError(_("Onbekende soort advies: %(code)s.") % {"code": code})
    return kind


@transaction.atomic
def advice_request(*, initiative: Initiative, kinds: Iterable[str], by: Any) -> list[Advice]:
    """Ask expert advice of the given kinds (already requested kinds are left as they are).

    The kinds are the municipality's own (retired ones cannot be asked any more); the members
    holding the role that gives a kind are told.
    """
    require(by, initiative.municipality_id, Action.INITIATIVE_MANAGE)
    advices = []
    for code in kinds:
        kind = _advice_kind(initiative.municipality_id, code, active=True)
        advice, created = Advice.objects.get_or_create(
            municipality_id=initiative.municipality_id,
            initiative=initiative,
            kind=kind.code,
            defaults={"requested_by": by},
        )
        advices.append(advice)
        if created:
            notify(
                recipients=members_with_role(initiative, kind.role),
                initiative=initiative,
                message=_("Advies gevraagd (%(kind)s) over %(ref)s '%(title)s'.")
                % {"kind": kind.name, "ref": initiative.reference, "title": initiative.title},
            )
    return advices


def may_give_advice(user: Any, advice: Advice) -> bool:
    """Whether the user holds, in the advice's municipality, the role that gives its kind."""
    kind = AdviceKind.objects.filter(municipality_id=advice.municipality_id, code=advice.kind)
    role = kind.values_list("role", flat=True).first()
    return role is not None and role in roles_by_municipality(user).get(
        advice.municipality_id, frozenset()
    )


@transaction.atomic
def advice_give(
    *, advice: Advice, by: Any, verdict: str, explanation: str, conditions: str, risks: str
) -> Advice:
    """Record an expert's advice; a negative advice must say under which conditions it can work.

    Only a member holding the role that gives this kind of advice may give it.
    """
    if not may_give_advice(by, advice):
        raise PermissionDenied
    if verdict not in Verdict.values:
        raise IntakeError(_("Kies een oordeel."))
    if verdict in (Verdict.NEGATIVE, Verdict.CONDITIONAL) and not conditions.strip():
        raise IntakeError(
            _(
                "Noem bij een negatief of voorwaardelijk advies de voorwaarden of het alternatief "
                "waaronder de behoefte wél kan worden vervuld."
            )
        )
    advice.verdict = verdict
    advice.explanation = explanation
    advice.conditions = conditions
    advice.risks = risks
    advice.adviser = by
    advice.given_at = timezone.now()
    advice.save()
    initiative = advice.initiative
    kind = _advice_kind(advice.municipality_id, advice.kind)
    notify(
        recipients=[advice.requested_by, initiative.official_sponsor, initiative.submitted_by],
        initiative=initiative,
        message=_("%(kind)s-advies over %(ref)s: %(verdict)s.")
        % {
            "kind": kind.name,
            "ref": initiative.reference,
            "verdict": advice.get_verdict_display(),
        },
    )
    return advice


def may_respond(user: Any, initiative: Initiative) -> bool:
    """The owner answers advice: whoever may edit the initiative, or its official sponsor."""
    return may_edit(user, initiative) or (
        initiative.official_sponsor_id is not None and initiative.official_sponsor_id == user.pk
    )


@transaction.atomic
def advice_respond(*, advice: Advice, by: Any, response: str) -> Advice:
    """The owner's response to a given advice (required for a negative advice of a kind that
    asks for one before the initiative goes to a decision)."""
    initiative = advice.initiative
    if not may_respond(by, initiative):
        raise PermissionDenied
    if not advice.is_given:
        raise IntakeError(_("Er is nog geen advies om op te reageren."))
    response = response.strip()
    if not response:
        raise IntakeError(_("Schrijf een reactie."))
    advice.response = response
    advice.responded_by = by
    advice.responded_at = timezone.now()
    advice.save(update_fields=["response", "responded_by", "responded_at", "updated_at"])
    return advice
