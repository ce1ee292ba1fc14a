"""Proposals about running work: proposing, deciding and withdrawing."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koersvast.core.decorators import member_required
from koersvast.tenancy.access import get_for_user_or_404
from koersvast.tenancy.policy import Action

from ..forms.governance import GovernanceDecisionForm, GovernanceProposalForm
from ..models import GovernanceProposal
from ..services import governance as governance_services
from ..services.common import IntakeError
from ..services.governance import (
    governance_bodies,
    governance_kinds,
    may_decide_proposal,
    may_propose,
)
from .common import initiative_for

# --- governance of running work (decision 0403) -------------------------------------------


@member_required(object_actions=(Action.INITIATIVE_MANAGE, Action.PROGRESS_REPORT))
def governance_propose(request: HttpRequest, pk: int) -> HttpResponse:
    """Propose to stop, pause, resume or change running work (from the initiative page, or from
    a progress report with `?rapportage=<id>`)."""
    initiative = initiative_for(request, pk)
    if not may_propose(request.user, initiative):
        raise PermissionDenied
    report = None
    report_id = request.GET.get("rapportage") or request.POST.get("rapportage")
    if report_id:
        from koersvast.monitoring.models import ProgressReport

        report = get_for_user_or_404(
            ProgressReport.objects.filter(initiative=initiative),
            request.user,
            pk=int(report_id) if str(report_id).isdigit() else 0,
        )
    kinds = [(kind.value, kind.label) for kind in governance_kinds(initiative)]
    initial = {"kind": request.GET.get("soort")} if request.GET.get("soort") else None
    form = GovernanceProposalForm(request.POST or None, kinds=kinds, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            governance_services.governance_propose(
                initiative=initiative, by=request.user, progress_report=report, **form.cleaned_data
            )
            messages.success(request, _("Voorstel ingediend; de opdrachtgever besluit erover."))
            return redirect(initiative.get_absolute_url())
        except IntakeError as error:
            form.add_error(None, str(error))
    return render(
        request,
        "intake/governance_propose.html",
        {"form": form, "initiative": initiative, "report": report},
    )


def _proposal(request: HttpRequest, pk: int) -> GovernanceProposal:
    return get_for_user_or_404(
        GovernanceProposal.objects.select_related(
            "initiative", "proposed_by", "progress_report", "body"
        ),
        request.user,
        pk=pk,
    )


@member_required(object_actions=(Action.DECISION_RECORD,))
def governance_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The decision on a proposal about running work."""
    proposal = _proposal(request, pk)
    if not may_decide_proposal(request.user, proposal):
        raise PermissionDenied
    initiative = proposal.initiative
    as_sponsor = initiative.official_sponsor_id == request.user.pk
    form = GovernanceDecisionForm(
        request.POST or None,
        bodies=governance_bodies(request.user, initiative.municipality_id),
        as_sponsor=as_sponsor,
    )
    if request.method == "POST" and form.is_valid():
        try:
            governance_services.governance_decide(
                proposal=proposal, by=request.user, **form.cleaned_data
            )
            messages.success(request, _("Besluit vastgelegd."))
            return redirect(initiative.get_absolute_url())
        except IntakeError as error:
            form.add_error(None, str(error))
    return render(
        request,
        "intake/governance_decide.html",
        {"form": form, "proposal": proposal, "initiative": initiative},
    )


@member_required(object_actions=(Action.INITIATIVE_MANAGE, Action.PROGRESS_REPORT))
@require_POST
def governance_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    try:
        governance_services.governance_withdraw(proposal=proposal, by=request.user)
        messages.success(request, _("Voorstel ingetrokken."))
    except IntakeError as error:
        messages.error(request, str(error))
    return redirect(proposal.initiative.get_absolute_url())
