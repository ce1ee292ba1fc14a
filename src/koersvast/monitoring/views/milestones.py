"""Milestones of an initiative."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from koersvast.core.decorators import member_required
from koersvast.tenancy.access import get_for_user_or_404

from .. import rules
from ..forms.milestones import MilestoneForm
from ..models import (
    Milestone,
)
from ..services import milestones as services
from .common import (
    ensure,
    initiative_or_404,
)


def _milestone_form(request: HttpRequest, milestone: Milestone) -> HttpResponse:
    form = MilestoneForm(request.POST or None, instance=milestone)
    if request.method == "POST" and form.is_valid():
        services.milestone_save(milestone=form.save(commit=False), by=request.user)
        messages.success(request, _("Mijlpaal opgeslagen."))
        return redirect("monitoring:initiative", pk=milestone.initiative_id)
    return render(
        request,
        "monitoring/simple_form.html",
        {
            "form": form,
            "initiative": milestone.initiative,
            "title": _("Mijlpaal bewerken") if milestone.pk else _("Nieuwe mijlpaal"),
        },
    )


@member_required()
def milestone_create(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = initiative_or_404(request, pk)
    ensure(rules.may_report(request.user, initiative))
    return _milestone_form(
        request, Milestone(municipality_id=initiative.municipality_id, initiative=initiative)
    )


@member_required()
def milestone_edit(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = get_for_user_or_404(
        Milestone.objects.select_related("initiative"), request.user, pk=pk
    )
    ensure(rules.may_report(request.user, milestone.initiative))
    return _milestone_form(request, milestone)
