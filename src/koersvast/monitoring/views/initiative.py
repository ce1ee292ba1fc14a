"""The monitoring page of one initiative: reports, milestones, risks, benefits, budget, phase."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from koersvast.core.decorators import member_required
from koersvast.tenancy.policy import Action, can

from .. import rules
from ..forms.phases import PhaseForm
from ..selectors.benefits import benefits_with_latest
from ..selectors.budget import budget_lines
from ..selectors.lessons import is_closing
from ..selectors.phases import current_phase, phase_documents, phase_labels
from ..selectors.reports import report_history
from .common import (
    cached_phase_model,
    ensure,
    initiative_or_404,
    local_today,
    paginate,
)


@member_required()
def initiative_monitoring(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = initiative_or_404(request, pk)
    ensure(can(request.user, initiative.municipality_id, Action.PORTFOLIO_VIEW))
    model = cached_phase_model(initiative.municipality_id)  # read once for the whole page
    phase = current_phase(initiative, model)
    labels = phase_labels(initiative.municipality_id, model)
    codes = [step.code for step in model]
    today = local_today()
    risks = initiative.risks.select_related("owner").order_by("-score", "title")
    return render(
        request,
        "monitoring/initiative.html",
        {
            "initiative": initiative,
            "reports": paginate(request, report_history(initiative=initiative)),
            "milestones": [
                (m, m.slippage_days(), m.is_overdue(today)) for m in initiative.milestones.all()
            ],
            "risks": risks,
            "benefits": benefits_with_latest(initiative.benefits.all()),
            "budget": budget_lines(initiative=initiative),
            "phase": phase,
            "phase_label": labels.get(phase, phase),
            "has_next_phase": phase in codes[:-1],
            "gates": [
                (gate, labels.get(gate.from_phase, gate.from_phase), labels.get(gate.to_phase))
                for gate in initiative.phase_gates.select_related("decided_by")
            ],
            "meetings": initiative.project_meetings.prefetch_related("actions__owner")[:10],
            "phase_form": PhaseForm(
                documents=phase_documents(initiative.municipality_id, phase, model)
            ),
            "may_report": rules.may_report(request.user, initiative),
            "may_manage": rules.may_manage(request.user, initiative.municipality_id),
            "may_decide_phase": rules.may_decide_phase(request.user, initiative),
            "programme_link": getattr(initiative, "programme_link", None),
            "lessons": list(initiative.lessons.select_related("domain", "initiative")),
            "is_closing": is_closing(initiative, phase, codes),
            "may_record_lesson": rules.may_record_lesson(
                request.user, initiative, initiative.municipality_id
            ),
        },
    )
