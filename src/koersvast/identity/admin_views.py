"""Pages for a municipality's administrator: members' second factor, and SSO role mappings."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koersvast.core.decorators import member_required
from koersvast.tenancy.access import get_for_user_or_404
from koersvast.tenancy.http import MemberRequest
from koersvast.tenancy.policy import Action

from .forms import RoleMappingForm
from .models import RoleMapping
from .oidc import sso_enabled
from .selectors import member_of_or_404, members_with_mfa_status
from .services import AccountError, mfa_reset, role_mapping_create
from .services import role_mapping_delete as role_mapping_delete_service


@member_required(Action.MEMBERS_MANAGE)
def members_mfa(request: MemberRequest) -> HttpResponse:
    """Who has set up a second factor, who must, and a reset for a lost phone."""
    members = members_with_mfa_status(request.municipality)
    return render(request, "identity/members_mfa.html", {"members": members})


@member_required(Action.MEMBERS_MANAGE)
@require_POST
def member_mfa_reset(request: MemberRequest, pk: int) -> HttpResponse:
    """Remove a member's second factor, with the reason; at their next login they set it up
    again. Answers on the page it came from (the MFA overview or the member's page)."""
    municipality = request.municipality
    member = member_of_or_404(municipality, pk)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("identity:members_mfa")
    if member.pk == request.user.pk:
        messages.error(
            request, _("Uw eigen tweestapsverificatie wijzigt u via het gebruikersmenu.")
        )
        return redirect(target)
    try:
        mfa_reset(
            user=member,
            by=request.user,
            municipality=municipality,
            reason=request.POST.get("reason", ""),
        )
    except AccountError as error:
        messages.error(request, str(error))
        return redirect(target)
    messages.success(
        request,
        _(
            "De tweestapsverificatie van %(name)s is hersteld; bij de volgende keer "
            "inloggen stelt deze gebruiker haar opnieuw in."
        )
        % {"name": member.get_full_name() or member.username},
    )
    return redirect(target)


@member_required(Action.MEMBERS_MANAGE)
def role_mappings(request: MemberRequest) -> HttpResponse:
    """The municipality's SSO mappings: list and add."""
    municipality = request.municipality
    form = RoleMappingForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        role_mapping_create(municipality=municipality, **form.cleaned_data)
        messages.success(request, _("De koppeling is toegevoegd."))
        return redirect("identity:role_mappings")
    mappings = RoleMapping.objects.in_municipality(municipality).order_by("claim", "value", "role")
    return render(
        request,
        "identity/role_mappings.html",
        {"form": form, "mappings": mappings, "sso_enabled": sso_enabled()},
    )


@member_required(Action.MEMBERS_MANAGE)
@require_POST
def role_mapping_delete(request: MemberRequest, pk: int) -> HttpResponse:
    """Delete one mapping of the active municipality (404 for any other)."""
    mapping = get_for_user_or_404(
        RoleMapping.objects.in_municipality(request.municipality),
        request.user,
        pk=pk,
    )
    role_mapping_delete_service(mapping=mapping)
    messages.success(request, _("De koppeling is verwijderd."))
    return redirect("identity:role_mappings")
