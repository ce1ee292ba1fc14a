"""Project meetings and their action items."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koersvast.core.decorators import member_required
from koersvast.tenancy.access import get_for_user_or_404

from .. import rules
from ..forms.meetings import MEETING_AGENDAS, ProjectMeetingForm
from ..models import (
    MeetingAction,
)
from ..services import meetings as services
from .common import (
    ensure,
    initiative_or_404,
    local_today,
)


@member_required()
def meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a project start-up or koersvast-gesprek; open actions of earlier ones follow up."""
    initiative = initiative_or_404(request, pk)
    ensure(rules.may_report(request.user, initiative))
    kind = request.GET.get("soort", "koersvast")
    initial = {"kind": kind, "held_on": local_today(), "notes": MEETING_AGENDAS.get(kind, "")}
    form = ProjectMeetingForm(
        request.POST or None, initial=initial, municipality=initiative.municipality
    )
    if request.method == "POST" and form.is_valid():
        services.project_meeting_record(
            initiative=initiative,
            kind=form.cleaned_data["kind"],
            held_on=form.cleaned_data["held_on"],
            notes=form.cleaned_data["notes"],
            actions=form.actions(),
            by=request.user,
        )
        messages.success(request, _("Gesprek vastgelegd."))
        return redirect("monitoring:initiative", pk=initiative.pk)
    open_actions = MeetingAction.objects.filter(
        meeting__initiative=initiative, done=False
    ).select_related("owner", "meeting")
    return render(
        request,
        "monitoring/meeting_form.html",
        {"form": form, "initiative": initiative, "open_actions": open_actions},
    )


@member_required()
@require_POST
def action_done(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_for_user_or_404(
        MeetingAction.objects.select_related("meeting__initiative"), request.user, pk=pk
    )
    ensure(rules.may_report(request.user, action.meeting.initiative))
    services.meeting_action_done(action=action, by=request.user, done=True)
    messages.success(request, _("Actie afgerond."))
    return redirect("monitoring:initiative", pk=action.meeting.initiative_id)
