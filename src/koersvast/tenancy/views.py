"""Switching the active municipality, its rights report and its settings."""

from __future__ import annotations

from copy import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koersvast.core.decorators import member_required
from koersvast.tenancy.http import MemberRequest

from .forms import MunicipalitySettingsForm
from .middleware import SESSION_KEY
from .policy import Action, roles_by_municipality
from .selectors import memberships_in, municipalities_of
from .services import municipality_settings_save


@login_required
@require_POST
def municipality_switch(request: HttpRequest) -> HttpResponse:
    """Make another of the user's municipalities the active one."""
    try:
        municipality_id = int(request.POST.get("municipality", ""))
    except ValueError as exc:
        raise Http404 from exc
    if municipality_id not in roles_by_municipality(request.user):
        raise Http404
    request.session[SESSION_KEY] = municipality_id
    municipality = municipalities_of(request.user).get(pk=municipality_id)
    messages.success(request, _("U werkt nu in %(name)s.") % {"name": municipality.name})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "home"
    return redirect(target)


@member_required(Action.MEMBERS_MANAGE)
def members(request: MemberRequest) -> HttpResponse:
    """Rights report: who holds which role in the active municipality, since when, by whom."""
    memberships = memberships_in(request.municipality)
    return render(request, "tenancy/members.html", {"memberships": memberships})


@member_required(Action.SETTINGS_MANAGE)
def municipality_settings(request: MemberRequest) -> HttpResponse:
    """Instellingen of the active municipality (the prefix of initiative references)."""
    municipality = request.municipality
    # A copy: an invalid form must not change the municipality the page header shows.
    form = MunicipalitySettingsForm(request.POST or None, instance=copy(municipality))
    if request.method == "POST" and form.is_valid():
        municipality_settings_save(
            municipality=municipality,
            by=request.user,
            reference_prefix=form.cleaned_data["reference_prefix"],
        )
        messages.success(request, _("Instellingen opgeslagen."))
        return redirect("tenancy:settings")
    return render(
        request,
        "tenancy/settings.html",
        {"form": form, "example": municipality.reference(1)},
    )
