"""The two single sign-on endpoints: off (404) unless SSO is configured."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.translation import gettext as _
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from .oidc import oidc_setting, sso_enabled


class _Start(OIDCAuthenticationRequestView):
    get_settings = staticmethod(oidc_setting)


class _Callback(OIDCAuthenticationCallbackView):
    get_settings = staticmethod(oidc_setting)

    def login_failure(self) -> HttpResponse:
        messages.error(
            self.request,
            _("Inloggen met uw organisatieaccount is niet gelukt. Probeer het opnieuw."),
        )
        return HttpResponseRedirect(resolve_url("login"))


_start = _Start.as_view()
_callback = _Callback.as_view()


def sso_start(request: HttpRequest) -> HttpResponse:
    """Send the browser to the identity provider (state, nonce and PKCE kept in the session)."""
    if not sso_enabled():
        raise Http404
    return _start(request)


def sso_callback(request: HttpRequest) -> HttpResponse:
    """The provider sends the browser back here with a code; log in and apply the mapping."""
    if not sso_enabled():
        raise Http404
    return _callback(request)
