"""Decisions of bodies, the decision log, and meetings with their agenda."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from koersvast.core.decorators import member_required
from koersvast.tenancy.access import get_for_user_or_404
from koersvast.tenancy.http import MemberRequest
from koersvast.tenancy.policy import Action

from ..choices import DecisionOutcome
from ..forms.decisions import DecisionForm, MeetingForm
from ..models import Meeting
from ..selectors import decisions as decisions_selectors
from ..selectors.decisions import governance_log
from ..selectors.dossier import initiative_dossier, score_terms
from ..services.common import IntakeError
from ..services.decisions import decision_record
from .common import initiative_for


@member_required(object_actions=(Action.DECISION_RECORD,))
def decision_create(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = initiative_for(request, pk, Action.DECISION_RECORD)
    initial: dict[str, Any] = {"meeting": request.GET.get("meeting")}
    meeting = Meeting.objects.filter(
        pk=initial["meeting"] or 0, municipality=initiative.municipality
    ).first()
    if meeting is not None:
        initial["body"] = meeting.body_id
    form = DecisionForm(request.POST or None, initial=initial, municipality=initiative.municipality)
    if request.method == "POST" and form.is_valid():
        try:
            decision_record(initiative=initiative, by=request.user, **form.cleaned_data)
            messages.success(request, _("Besluit vastgelegd."))
            return redirect(initiative.get_absolute_url())
        except IntakeError as error:
            form.add_error(None, str(error))
    dossier = initiative_dossier(initiative=initiative, user=request.user)
    return render(
        request,
        "intake/decision_form.html",
        {
            "form": form,
            "initiative": initiative,
            "dossier": dossier,
            "score_terms": (
                score_terms(dossier.score, dossier.objectives, dossier.axes)
                if dossier.score
                else []
            ),
            # The mandate check: per body, whether admitting is within its mandate.
            "mandates": [
                (
                    body,
                    body.may_take(DecisionOutcome.ADMIT)
                    and body.within_mandate(initiative.total_budget),
                )
                for body in form.fields["body"].queryset  # type: ignore[attr-defined]
            ],
        },
    )


@member_required(Action.PORTFOLIO_VIEW)
def decision_log(request: MemberRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    outcome = request.GET.get("outcome", "")
    decisions = decisions_selectors.decision_log(
        municipality=request.municipality, query=query, outcome=outcome
    )
    page = Paginator(decisions, 50).get_page(request.GET.get("page"))
    governance = Paginator(
        governance_log(municipality=request.municipality, query=query),
        50,
    ).get_page(request.GET.get("vpage"))
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("vpage", None)
    return render(
        request,
        "intake/decision_log.html",
        {
            "page": page,
            "governance": governance,
            "q": query,
            "outcome": outcome,
            "outcomes": DecisionOutcome.choices,
            "querystring": params.urlencode(),
        },
    )


@member_required(Action.PORTFOLIO_VIEW)
def meetings(request: MemberRequest) -> HttpResponse:
    items = Meeting.objects.in_municipality(request.municipality).select_related("body")
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    return render(request, "intake/meetings.html", {"page": page})


@member_required(Action.INITIATIVE_MANAGE)
def meeting_create(request: MemberRequest) -> HttpResponse:
    municipality = request.municipality
    meeting = Meeting(municipality=municipality)
    form = MeetingForm(request.POST or None, instance=meeting, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        meeting = form.save()
        messages.success(request, _("Vergadering aangemaakt."))
        return redirect("intake:meeting", pk=meeting.pk)
    return render(request, "intake/meeting_form.html", {"form": form})


@member_required()
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_for_user_or_404(Meeting.objects.select_related("body"), request.user, pk=pk)
    agenda = meeting.agenda.select_related("domain").order_by("reference")
    decisions = {d.initiative_id: d for d in meeting.decisions.all()}
    rows = [(initiative, decisions.get(initiative.pk)) for initiative in agenda]
    return render(request, "intake/meeting_detail.html", {"meeting": meeting, "rows": rows})
