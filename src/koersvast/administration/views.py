"""Beheer of a municipality: the overview, users and roles, invitations.

Every page works on the active municipality only; an account or role of another municipality
is 404. Views parse input, call one service and render.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koersvast.core.decorators import member_required
from koersvast.identity import services as accounts
from koersvast.identity.models import Invitation
from koersvast.identity.selectors import member_of_or_404
from koersvast.tenancy.access import get_for_user_or_404
from koersvast.tenancy.http import MemberRequest
from koersvast.tenancy.models import Membership
from koersvast.tenancy.policy import Action, can
from koersvast.tenancy.services import (
    MembershipError,
    membership_grant,
    membership_set_end,
    membership_withdraw,
)

from . import selectors
from .forms import AccountForm, InviteForm, RoleEndForm, RoleGrantForm
from .guide import setup_status
from .navigation import CARDS, GUIDE_ACTIONS, INDEX_ACTIONS

LINK_SESSION_KEY = "koersvast_invitation_link"


def invitation_link(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("identity:invitation", args=[token]))


def remember_link(request: HttpRequest, result: accounts.InvitationResult) -> None:
    """Mail the invitation and keep its link for the next page (shown once, for when the mail
    does not arrive); or say that the roles were added to an existing account at once."""
    if result.invitation is None:
        name = result.user.get_full_name() or result.user.username
        messages.success(
            request,
            _("%(name)s heeft hier al een account; de rollen zijn direct toegevoegd.")
            % {"name": name},
        )
        return
    link = invitation_link(request, result.token)
    sent = accounts.invitation_send(invitation=result.invitation, link=link)
    request.session[LINK_SESSION_KEY] = {"email": result.invitation.email, "link": link}
    if sent:
        messages.success(
            request,
            _("De uitnodiging is verstuurd naar %(email)s.") % {"email": result.invitation.email},
        )
    else:
        messages.warning(
            request,
            _("De e-mail kon niet worden verstuurd; geef de link hieronder zelf door."),
        )


@member_required(*INDEX_ACTIONS)
def index(request: MemberRequest) -> HttpResponse:
    """Beheer: the cards this user may use."""
    municipality = request.municipality
    cards = [
        card
        for card in CARDS
        if any(can(request.user, municipality.pk, action) for action in card.actions)
    ]
    guide = any(can(request.user, municipality.pk, action) for action in GUIDE_ACTIONS)
    status = setup_status(municipality) if guide else None
    return render(request, "administration/index.html", {"cards": cards, "status": status})


@member_required(Action.MEMBERS_MANAGE)
def users(request: MemberRequest) -> HttpResponse:
    """Everyone who holds or held a role here."""
    members = selectors.members_overview(request.municipality)
    return render(request, "administration/users.html", {"members": members})


@member_required(Action.MEMBERS_MANAGE)
def user_create(request: MemberRequest) -> HttpResponse:
    """Make an account directly, with roles here."""
    municipality = request.municipality
    form = AccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = accounts.account_create(
                municipality=municipality,
                by=request.user,
                username=data["username"],
                email=data["email"] or "",
                password=data["password1"],
                roles=data["roles"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
            )
        except (accounts.AccountError, MembershipError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Het account %(name)s is aangemaakt.") % {"name": user.username}
            )
            return redirect("administration:user", pk=user.pk)
    return render(request, "administration/user_form.html", {"form": form})


@member_required(Action.MEMBERS_MANAGE)
def user_detail(request: MemberRequest, pk: int) -> HttpResponse:
    """One account: its roles here with their history; give a role (POST)."""
    municipality = request.municipality
    member = member_of_or_404(municipality, pk, former=True)
    form = RoleGrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membership_grant(
                user=member,
                municipality=municipality,
                roles=[data["role"]],
                by=request.user,
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
            )
        except MembershipError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("De rol is toegekend."))
            return redirect("administration:user", pk=member.pk)
    return render(
        request,
        "administration/user_detail.html",
        {
            "member": member,
            "roles": selectors.member_roles(municipality, member),
            "form": form,
            "end_form": RoleEndForm(),
            "has_totp": selectors.member_has_totp(member),
        },
    )


@member_required(Action.MEMBERS_MANAGE)
@require_POST
def user_deactivate(request: MemberRequest, pk: int) -> HttpResponse:
    """Withdraw every role here and, unless the account works elsewhere too, deactivate it."""
    municipality = request.municipality
    member = member_of_or_404(municipality, pk, former=True)
    try:
        deactivated = accounts.account_deactivate(
            user=member, municipality=municipality, by=request.user
        )
    except accounts.AccountError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Het account is gedeactiveerd; het kan niet meer inloggen.")
            if deactivated
            else _("Alle rollen van dit account in uw gemeente zijn ingetrokken."),
        )
    return redirect("administration:user", pk=member.pk)


@member_required(Action.MEMBERS_MANAGE)
@require_POST
def user_reactivate(request: MemberRequest, pk: int) -> HttpResponse:
    municipality = request.municipality
    member = member_of_or_404(municipality, pk, former=True)
    accounts.account_reactivate(user=member, municipality=municipality, by=request.user)
    messages.success(
        request, _("Het account is weer actief; geef het de rollen die het nodig heeft.")
    )
    return redirect("administration:user", pk=member.pk)


def _membership(request: MemberRequest, pk: int) -> Membership:
    """A role in the active municipality (404 for any other, and for operators' roles)."""
    membership = (
        Membership.objects.filter(
            pk=pk,
            municipality=request.municipality,
            user__is_superuser=False,
        )
        .select_related("user", "municipality")
        .first()
    )
    if membership is None:
        raise Http404
    return membership


@member_required(Action.MEMBERS_MANAGE)
@require_POST
def role_withdraw(request: MemberRequest, pk: int) -> HttpResponse:
    """Withdraw a role at once (it stays in the history)."""
    membership = _membership(request, pk)
    try:
        membership_withdraw(membership=membership, by=request.user)
    except MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("De rol is ingetrokken."))
    return redirect("administration:user", pk=membership.user_id)


@member_required(Action.MEMBERS_MANAGE)
@require_POST
def role_end(request: MemberRequest, pk: int) -> HttpResponse:
    """Set or clear the last day of a role."""
    membership = _membership(request, pk)
    form = RoleEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vul een geldige datum in."))
    else:
        try:
            membership_set_end(
                membership=membership, ends_on=form.cleaned_data["ends_on"], by=request.user
            )
        except MembershipError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("De einddatum is opgeslagen."))
    return redirect("administration:user", pk=membership.user_id)


@member_required(Action.MEMBERS_MANAGE)
def invitations(request: MemberRequest) -> HttpResponse:
    """Invite a colleague; see and revoke pending invitations."""
    municipality = request.municipality
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = accounts.invitation_create(
                municipality=municipality,
                email=data["email"],
                roles=data["roles"],
                by=request.user,
                first_name=data["first_name"],
                last_name=data["last_name"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
            )
        except (accounts.AccountError, MembershipError) as error:
            form.add_error(None, str(error))
        else:
            remember_link(request, result)
            return redirect("administration:invitations")
    pending, others = selectors.invitations_of(municipality)
    context: dict[str, Any] = {
        "form": form,
        "pending": pending,
        "others": others,
        "new_link": request.session.pop(LINK_SESSION_KEY, None),
    }
    return render(request, "administration/invitations.html", context)


@member_required(Action.MEMBERS_MANAGE)
@require_POST
def invitation_revoke(request: MemberRequest, pk: int) -> HttpResponse:
    invitation = get_for_user_or_404(
        Invitation.objects.in_municipality(request.municipality),
        request.user,
        pk=pk,
    )
    try:
        accounts.invitation_revoke(invitation=invitation, by=request.user)
    except accounts.AccountError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("De uitnodiging is ingetrokken; de link werkt niet meer."))
    return redirect("administration:invitations")
