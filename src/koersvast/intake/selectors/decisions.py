"""The logs of decisions: on initiatives, and on running work."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from koersvast.tenancy.models import Municipality

from ..choices import ProposalStatus
from ..models import Decision, GovernanceProposal


def decision_log(
    *, municipality: Municipality, query: str = "", outcome: str = ""
) -> QuerySet[Decision]:
    """Every decision of the municipality, newest first, searchable by initiative and rationale."""
    decisions = Decision.objects.in_municipality(municipality).select_related(
        "initiative", "body", "framework", "recorded_by"
    )
    if query:
        decisions = decisions.filter(
            Q(initiative__title__icontains=query)
            | Q(initiative__reference__icontains=query)
            | Q(rationale__icontains=query)
            | Q(conditions__icontains=query)
        )
    if outcome:
        decisions = decisions.filter(outcome=outcome)
    return decisions


def governance_log(*, municipality: Municipality, query: str = "") -> QuerySet[GovernanceProposal]:
    """Every decision on running work (adopted or not), newest first, searchable like the log."""
    decided = GovernanceProposal.objects.in_municipality(municipality).filter(
        status__in=[ProposalStatus.APPROVED, ProposalStatus.REJECTED]
    )
    if query:
        decided = decided.filter(
            Q(initiative__title__icontains=query)
            | Q(initiative__reference__icontains=query)
            | Q(rationale__icontains=query)
            | Q(decision_rationale__icontains=query)
        )
    return decided.select_related("initiative", "body", "decided_by").order_by("-decided_at", "-pk")
