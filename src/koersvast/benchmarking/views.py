"""The benchmark page and the opt-in switch."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from koersvast.core.decorators import member_required
from koersvast.tenancy.http import MemberRequest
from koersvast.tenancy.policy import Action, can

from .models import BenchmarkSettings
from .selectors import K, benchmark_report
from .services import benchmark_opt


@member_required(Action.REPORTS_VIEW)
def index(request: MemberRequest) -> HttpResponse:
    return _page(request, with_report=True)


def _page(request: MemberRequest, *, with_report: bool) -> HttpResponse:
    municipality = request.municipality
    may_view = with_report and can(request.user, municipality.pk, Action.REPORTS_VIEW)
    setting = (
        BenchmarkSettings.objects.filter(municipality=municipality)
        .select_related("changed_by")
        .first()
    )
    return render(
        request,
        "benchmarking/index.html",
        {
            "setting": setting,
            "changed_by": _who(setting),
            "opted_in": bool(setting and setting.opted_in),
            "report": benchmark_report(municipality) if may_view else None,
            "may_switch": can(request.user, municipality.pk, Action.MEMBERS_MANAGE),
            "k": K,
        },
    )


def _who(setting: BenchmarkSettings | None) -> str:
    user = setting.changed_by if setting else None
    if user is None:
        return _("de beheerder van Koersvast")
    return user.get_full_name() or user.username


@require_http_methods(["GET", "POST"])
@member_required(Action.MEMBERS_MANAGE)
def participation(request: MemberRequest) -> HttpResponse:
    """Administrators: the participation status, what is shared, and the switch."""
    if request.method == "GET":
        return _page(request, with_report=False)
    choice = request.POST.get("opted_in")
    if choice not in {"1", "0"}:
        return HttpResponseBadRequest(_("Ongeldige keuze."))
    benchmark_opt(
        municipality=request.municipality,
        opted_in=choice == "1",
        by=request.user,
    )
    if choice == "1":
        messages.success(request, _("Uw gemeente doet nu mee aan de benchmark."))
    else:
        messages.success(
            request,
            _("Uw gemeente doet niet meer mee; haar gegevens tellen vanaf nu nergens meer mee."),
        )
    return redirect("benchmarking:participation")
