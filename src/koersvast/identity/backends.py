"""Authentication backends: local passwords (switchable) and OIDC single sign-on."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .oidc import oidc_setting, sso_enabled
from .sso import sso_roles_sync, sso_user_create, sso_user_find, sso_user_update


class LocalPasswordBackend(ModelBackend):
    """Django's username + password, unless `KOERSVAST_LOCAL_LOGIN` is off.

    With local passwords off, only superusers may still log in with a password: the emergency
    door for when the identity provider is down (they must pass MFA as well). Everyone else is
    refused, and the refusal counts as a failed login (audited, throttled).
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None or settings.KOERSVAST_LOCAL_LOGIN or user.is_superuser:
            return user
        return None


class OidcBackend(OIDCAuthenticationBackend):
    """Single sign-on (authorization code flow with PKCE) through mozilla-django-oidc.

    Always listed in AUTHENTICATION_BACKENDS and inert unless SSO is configured. On top of the
    library it: finds accounts by issuer + subject (never by e-mail), checks the ID token's
    issuer and audience, merges ID-token claims with userinfo (Entra ID sends `groups` only in
    the token), refuses deactivated accounts, and applies the role mapping at every login.
    """

    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.enabled = sso_enabled()
        if self.enabled:
            super().__init__(*args, **kwargs)
        else:
            self.UserModel = get_user_model()

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> Any:
        if not self.enabled:
            return None
        return super().authenticate(request, **kwargs)

    def get_user(self, user_id: Any) -> Any:
        return ModelBackend.get_user(self, user_id)

    @property
    def issuer(self) -> str:
        return str(oidc_setting("OIDC_OP_ISSUER", "") or "")

    def verify_token(self, token: str, **kwargs: Any) -> Any:
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token is not meant for this client.")
        if self.issuer and payload.get("iss") != self.issuer:
            raise SuspiciousOperation("ID token comes from another issuer.")
        return payload

    def get_userinfo(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        userinfo = super().get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("Userinfo belongs to another subject.")
        return {**payload, **userinfo}

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get("sub"))

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        user = sso_user_find(issuer=self._issuer_of(claims), subject=str(claims["sub"]))
        if user is None:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(pk=user.pk)

    def create_user(self, claims: dict[str, Any]) -> Any:
        user = sso_user_create(
            issuer=self._issuer_of(claims),
            claims=claims,
            username_claim=settings.KOERSVAST_SSO_USERNAME_CLAIM,
        )
        sso_roles_sync(user=user, claims=claims)
        return user

    def update_user(self, user: Any, claims: dict[str, Any]) -> Any:
        if not user.is_active:
            raise SuspiciousOperation("Account is deactivated.")
        sso_user_update(user=user, claims=claims)
        sso_roles_sync(user=user, claims=claims)
        return user

    def _issuer_of(self, claims: dict[str, Any]) -> str:
        return self.issuer or str(claims.get("iss", ""))
