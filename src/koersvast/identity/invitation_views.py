"""The page behind an invitation link: set a password for a new account, or add the roles to
the account one is logged in with. No login needed to open it; the link is the proof."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from koersvast.tenancy.middleware import SESSION_KEY
from koersvast.tenancy.policy import forget_roles

from .forms import InvitationAcceptForm
from .oidc import sso_enabled
from .services import (
    AccountError,
    account_with_email,
    invitation_accept_existing,
    invitation_accept_new,
    invitation_by_token,
)

LOCAL_BACKEND = "koersvast.identity.backends.LocalPasswordBackend"


@never_cache
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Accept an invitation (one time; expired, revoked or used links say so)."""
    found = invitation_by_token(token)
    if found is None or not found.is_pending:
        return render(request, "identity/invitation_invalid.html", status=404)
    context = {"invitation": found, "sso_enabled": sso_enabled()}
    if request.user.is_authenticated:
        if request.method == "POST":
            try:
                invitation_accept_existing(invitation=found, user=request.user)
            except AccountError as error:
                messages.error(request, str(error))
                return redirect("home")
            return _welcome(request, found.municipality_id)
        return render(request, "identity/invitation_existing.html", context)
    has_account = account_with_email(found.email) is not None
    form = InvitationAcceptForm(
        request.POST or None,
        email=found.email,
        initial={"first_name": found.first_name, "last_name": found.last_name},
    )
    may_create = settings.KOERSVAST_LOCAL_LOGIN and not has_account
    if request.method == "POST" and may_create and form.is_valid():
        try:
            user = invitation_accept_new(
                invitation=found,
                password=form.cleaned_data["password1"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
            )
        except AccountError as error:
            form.add_error(None, str(error))
        else:
            # The login signal decides whether the new account must set up MFA first
            # (beheerder, portfoliomanager): the MFA middleware then sends it to enrolment.
            login(request, user, backend=LOCAL_BACKEND)
            return _welcome(request, found.municipality_id)
    context |= {"form": form, "has_account": has_account, "may_create": may_create}
    return render(request, "identity/invitation_new.html", context)


def _welcome(request: HttpRequest, municipality_id: int) -> HttpResponse:
    forget_roles(request.user)
    request.session[SESSION_KEY] = municipality_id
    messages.success(request, _("Welkom! De uitnodiging is aangenomen."))
    return redirect("home")
