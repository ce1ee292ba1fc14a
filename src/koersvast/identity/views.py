"""Login page and the user's own second factor: enrol, verify, overview, remove."""

from __future__ import annotations

from base64 import b32encode
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from .constants import MFA_ENROL, MFA_PENDING_SESSION_KEY, MFA_VERIFY, SSO_BACKEND
from .forms import CodeForm
from .mfa import has_second_factor, mfa_required_for, pending_after_login, totp_device_of
from .oidc import sso_enabled
from .services import (
    mfa_check_code,
    mfa_enrol_confirm,
    mfa_enrol_start,
    mfa_remove,
    recovery_codes_left,
)
from .throttle import count_failure, lockout_if_locked


class LoginView(auth_views.LoginView):
    """Django's login, plus the single sign-on button and the switch for local passwords."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["sso_enabled"] = sso_enabled()
        context["local_login"] = settings.KOERSVAST_LOCAL_LOGIN
        return context


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _finish(request: HttpRequest, device: Any) -> None:
    """This session has passed its second factor."""
    otp_login(request, device)
    request.session.pop(MFA_PENDING_SESSION_KEY, None)


def _secret_for_manual_entry(device: Any) -> str:
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@login_required
def enrol(request: HttpRequest) -> HttpResponse:
    """Set up the authenticator app: scan the QR code, confirm with a first code."""
    user = request.user
    if has_second_factor(user):
        messages.info(request, _("Tweestapsverificatie is al ingesteld."))
        return redirect("identity:mfa")
    device = mfa_enrol_start(user=user)
    form = CodeForm(request.POST or None, help_text=_("De zescijferige code die de app nu toont."))
    if request.method == "POST" and form.is_valid():
        codes = mfa_enrol_confirm(user=user, device=device, code=form.cleaned_data["code"])
        if codes is not None:
            _finish(request, device)
            return render(
                request,
                "identity/recovery_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
        form.add_error("code", _("Deze code klopt niet. Controleer de tijd op uw telefoon."))
    qr = segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)
    return render(
        request,
        "identity/enrol.html",
        {
            "form": form,
            "qr": qr,
            "secret": _secret_for_manual_entry(device),
            "required": mfa_required_for(user),
            "next": request.POST.get("next") or request.GET.get("next", ""),
        },
    )


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """After the password: a code from the authenticator app or a recovery code."""
    user = request.user
    if request.session.get(MFA_PENDING_SESSION_KEY) != MFA_VERIFY:
        return redirect(_next_url(request))
    if not has_second_factor(user):  # reset meanwhile by an administrator
        pending = pending_after_login(user, backend=request.session.get(BACKEND_SESSION_KEY))
        request.session[MFA_PENDING_SESSION_KEY] = pending
        if pending != MFA_ENROL:
            request.session.pop(MFA_PENDING_SESSION_KEY, None)
        return redirect(_next_url(request) if pending is None else "identity:enrol")
    form = CodeForm(
        request.POST or None,
        help_text=_("De zescijferige code uit uw authenticator-app, of een van uw herstelcodes."),
    )
    if request.method == "POST":
        if locked := lockout_if_locked(request):
            return locked
        if form.is_valid():
            check = mfa_check_code(user=user, code=form.cleaned_data["code"])
            if check.ok:
                _finish(request, check.device)
                if check.recovery_code:
                    messages.warning(
                        request,
                        _("U heeft een herstelcode gebruikt. U heeft er nog %(n)s over.")
                        % {"n": recovery_codes_left(user)},
                    )
                return redirect(_next_url(request))
            if locked := count_failure(request):
                return locked
            form.add_error(
                "code",
                _("Te veel onjuiste codes na elkaar. Wacht even en probeer het opnieuw.")
                if check.throttled
                else _("Deze code klopt niet."),
            )
    return render(
        request,
        "identity/verify.html",
        {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")},
    )


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """The user's own second factor: status, set up, remove."""
    user = request.user
    device = totp_device_of(user)
    return render(
        request,
        "identity/overview.html",
        {
            "device": device,
            "recovery_left": recovery_codes_left(user) if device else 0,
            "required": mfa_required_for(user),
            "sso_login": request.session.get(BACKEND_SESSION_KEY) == SSO_BACKEND,
            "form": CodeForm(
                help_text=_("Bevestig met een actuele code uit uw app of met een herstelcode.")
            ),
        },
    )


@login_required
@require_POST
def remove(request: HttpRequest) -> HttpResponse:
    """Remove the second factor, confirmed with a fresh code."""
    form = CodeForm(request.POST)
    if form.is_valid():
        check = mfa_check_code(user=request.user, code=form.cleaned_data["code"])
        if check.ok:
            mfa_remove(user=request.user)
            messages.success(request, _("Tweestapsverificatie is verwijderd."))
            return redirect("identity:mfa")
        if locked := count_failure(request):
            return locked
    messages.error(request, _("Deze code klopt niet; tweestapsverificatie is niet verwijderd."))
    return redirect("identity:mfa")
