"""Phase gates of an initiative and the municipality's phase model."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koersvast.core.decorators import member_required
from koersvast.tenancy.http import MemberRequest
from koersvast.tenancy.policy import Action

from .. import rules
from ..errors import MonitoringError
from ..forms.phases import PhaseForm, PhaseModelFormSet
from ..selectors.phases import (
    codes_in_use,
    current_phase,
    is_custom,
    phase_documents,
    phase_labels,
    phase_model,
)
from ..services import phases as services
from .common import (
    ensure,
    initiative_or_404,
)


@member_required()
@require_POST
def phase_advance(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = initiative_or_404(request, pk)
    ensure(rules.may_decide_phase(request.user, initiative))
    documents = phase_documents(initiative.municipality_id, current_phase(initiative))
    form = PhaseForm(request.POST, documents=documents)
    if form.is_valid():
        try:
            gate = services.phase_advance(
                initiative=initiative,
                by=request.user,
                documents=form.cleaned_data["documents"],
                note=form.cleaned_data["note"],
            )
            label = phase_labels(initiative.municipality_id).get(gate.to_phase)
            messages.success(request, _("Door naar de fase %(phase)s.") % {"phase": label})
            codes = [step.code for step in phase_model(initiative.municipality_id)]
            if codes and gate.to_phase == codes[-1]:
                messages.info(
                    request,
                    _(
                        "Het project is in de laatste fase. Leg bij de afsluiting de geleerde "
                        "lessen vast (onder Geleerde lessen op deze pagina)."
                    ),
                )
        except MonitoringError as error:
            messages.error(request, str(error))
    return redirect("monitoring:initiative", pk=initiative.pk)


def _in_new_order(formset: Any) -> list[Any]:
    """The phases kept, by their order number; a phase moved to a taken number goes first
    ("Volgorde 2" puts a new phase second, before the one that was there)."""
    kept = [
        form
        for form in formset.forms
        if form not in formset.deleted_forms
        and (form.has_changed() or form.cleaned_data.get("code"))
    ]

    def key(form: Any) -> tuple[bool, int, bool]:
        order = form.cleaned_data.get("ORDER")
        return (order is None, order or 0, "ORDER" not in form.changed_data)

    return sorted(kept, key=key)


@member_required(Action.INITIATIVE_MANAGE)
def phase_model_edit(request: MemberRequest) -> HttpResponse:
    """The municipality's own phases and the documents each phase gate asks for."""
    municipality = request.municipality
    initial = [
        {"code": s.code, "name": s.name, "documents": "\n".join(s.documents), "ORDER": n}
        for n, s in enumerate(phase_model(municipality.pk), start=1)
    ]
    formset = PhaseModelFormSet(request.POST or None, initial=initial, prefix="fase")
    error = ""
    if request.method == "POST" and formset.is_valid():
        steps = [form.step() for form in _in_new_order(formset)]
        try:
            services.phase_model_save(municipality_id=municipality.pk, steps=steps, by=request.user)
        except MonitoringError as problem:
            error = str(problem)
        else:
            messages.success(request, _("Fasemodel opgeslagen."))
            return redirect("monitoring:phase_model")
    return render(
        request,
        "monitoring/phase_model.html",
        {
            "formset": formset,
            "error": error,
            "custom": is_custom(municipality.pk),
            "in_use": codes_in_use(municipality.pk),
        },
    )
