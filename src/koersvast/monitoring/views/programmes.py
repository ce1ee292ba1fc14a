"""Opgaven and programmes: list, forms and the programme page."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from koersvast.core.decorators import member_required
from koersvast.tenancy.access import get_for_user_or_404
from koersvast.tenancy.policy import Action

from .. import rules
from ..forms.programmes import OpgaveForm, ProgrammeForm
from ..models import (
    Opgave,
    Programme,
)
from ..selectors import programmes as programme_selectors
from ..selectors.programmes import programme_initiatives, programme_rollups
from ..selectors.reports import attach_latest_reports
from ..selectors.risks import heat_map, risk_register
from ..services import programmes as services
from .common import (
    ensure,
    paginate,
)


@member_required(Action.PORTFOLIO_VIEW)
def programme_list(request: HttpRequest) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    page = paginate(request, programme_selectors.programme_list(municipality=municipality))
    rollups = programme_rollups(list(page.object_list))
    opgaven = Opgave.objects.in_municipality(municipality).annotate(
        programme_count=Count("programmes")
    )
    return render(
        request,
        "monitoring/programme_list.html",
        {"page": page, "rollups": rollups, "opgaven": opgaven},
    )


def _programme_form(request: HttpRequest, programme: Programme) -> HttpResponse:
    form = ProgrammeForm(
        request.POST or None, instance=programme, municipality=programme.municipality
    )
    if request.method == "POST" and form.is_valid():
        saved = services.programme_save(
            programme=form.save(commit=False),
            initiatives=form.cleaned_data["initiatives"],
            by=request.user,
        )
        messages.success(request, _("Programma opgeslagen."))
        return redirect(saved.get_absolute_url())
    return render(
        request,
        "monitoring/programme_form.html",
        {"form": form, "programme": programme if programme.pk else None},
    )


def _opgave_form(request: HttpRequest, opgave: Opgave) -> HttpResponse:
    form = OpgaveForm(request.POST or None, instance=opgave, municipality=opgave.municipality)
    if request.method == "POST" and form.is_valid():
        services.opgave_save(opgave=form.save(commit=False), by=request.user)
        messages.success(request, _("Opgave opgeslagen."))
        return redirect("monitoring:programmes")
    title = _("Opgave bewerken") if opgave.pk else _("Nieuwe opgave")
    return render(request, "monitoring/simple_form.html", {"form": form, "title": title})


@member_required(Action.INITIATIVE_MANAGE)
def opgave_create(request: HttpRequest) -> HttpResponse:
    return _opgave_form(request, Opgave(municipality=request.municipality))  # type: ignore[attr-defined]


@member_required()
def opgave_edit(request: HttpRequest, pk: int) -> HttpResponse:
    opgave = get_for_user_or_404(Opgave, request.user, pk=pk)
    ensure(rules.may_manage(request.user, opgave.municipality_id))
    return _opgave_form(request, opgave)


@member_required(Action.INITIATIVE_MANAGE)
def programme_create(request: HttpRequest) -> HttpResponse:
    return _programme_form(request, Programme(municipality=request.municipality))  # type: ignore[attr-defined]


@member_required()
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_for_user_or_404(Programme, request.user, pk=pk)
    ensure(rules.may_manage(request.user, programme.municipality_id))
    return _programme_form(request, programme)


@member_required()
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_for_user_or_404(
        Programme.objects.select_related("owner", "opgave"), request.user, pk=pk
    )
    rollup = programme_rollups([programme])[0]
    page = paginate(request, programme_initiatives(programme=programme))
    attach_latest_reports(list(page.object_list))
    risks = risk_register(
        municipality=programme.municipality, filters={"programme": str(programme.pk)}
    )
    return render(
        request,
        "monitoring/programme_detail.html",
        {
            "programme": programme,
            "rollup": rollup,
            "page": page,
            "risks": risks[:10],
            "heat_map": heat_map(risks),
            "may_manage": rules.may_manage(request.user, programme.municipality_id),
        },
    )
