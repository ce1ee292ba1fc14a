"""Benefits: the list with roll-ups, the form, and measurements."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from koersvast.core.decorators import member_required
from koersvast.tenancy.access import get_for_user_or_404
from koersvast.tenancy.http import MemberRequest
from koersvast.tenancy.policy import Action

from .. import rules
from ..forms.benefits import BenefitForm, MeasurementForm
from ..models import (
    Benefit,
)
from ..selectors import benefits as selectors
from ..services import benefits as services
from .common import (
    ensure,
    initiative_or_404,
    local_today,
    paginate,
    scope_filters,
)


def benefit_filters(request: HttpRequest) -> dict[str, str]:
    """The benefits list's filters; also for the export."""
    return scope_filters(request, "objective")


@member_required(Action.PORTFOLIO_VIEW)
def benefit_list(request: MemberRequest) -> HttpResponse:
    municipality = request.municipality
    return render(
        request,
        "monitoring/benefits.html",
        {
            "page": paginate(
                request,
                selectors.benefit_list(municipality=municipality, filters=benefit_filters(request)),
            ),
            "objectives": selectors.benefits_by_objective(
                municipality=municipality, today=local_today()
            ),
            "esg": selectors.esg_rollup(municipality=municipality),
        },
    )


@member_required()
def benefit_create(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = initiative_or_404(request, pk)
    ensure(rules.may_manage(request.user, initiative.municipality_id))
    benefit = Benefit(municipality_id=initiative.municipality_id, initiative=initiative)
    form = BenefitForm(request.POST or None, instance=benefit, municipality=initiative.municipality)
    if request.method == "POST" and form.is_valid():
        saved = services.benefit_save(benefit=form.save(commit=False), by=request.user)
        messages.success(request, _("Baat opgeslagen."))
        return redirect(saved.get_absolute_url())
    return render(
        request,
        "monitoring/simple_form.html",
        {"form": form, "initiative": initiative, "title": _("Nieuwe baat")},
    )


@member_required()
def benefit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    benefit = get_for_user_or_404(
        selectors.benefits_with_latest(Benefit.objects.all()), request.user, pk=pk
    )
    may_measure = rules.may_measure(request.user, benefit)
    form = MeasurementForm(request.POST or None)
    if request.method == "POST":
        ensure(may_measure)
        if form.is_valid():
            services.measurement_record(benefit=benefit, by=request.user, **form.cleaned_data)
            messages.success(request, _("Meting vastgelegd."))
            return redirect(benefit.get_absolute_url())
    return render(
        request,
        "monitoring/benefit_detail.html",
        {
            "benefit": benefit,
            "measurements": paginate(request, benefit.measurements.select_related("recorded_by")),
            "form": form,
            "may_measure": may_measure,
        },
    )
