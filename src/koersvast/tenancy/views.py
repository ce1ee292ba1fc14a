"""Switching the active municipality, and the rights report of a municipality."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koersvast.core.decorators import member_required

from .middleware import SESSION_KEY
from .policy import Action, roles_by_municipality
from .selectors import memberships_in, municipalities_of


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
        target = "core:home"
    return redirect(target)


@member_required(Action.MEMBERS_MANAGE)
def members(request: HttpRequest) -> HttpResponse:
    """Rights report: who holds which role in the active municipality, since when, by whom."""
    memberships = memberships_in(request.municipality)  # type: ignore[attr-defined]
    return render(request, "tenancy/members.html", {"memberships": memberships})
