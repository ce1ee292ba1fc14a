"""Names shared by the MFA middleware, views and login receiver."""

from __future__ import annotations

from koersvast.tenancy.choices import Role

# Local accounts holding one of these roles in any municipality must use a second factor.
MFA_ROLES = frozenset({Role.ADMINISTRATOR, Role.PORTFOLIO_MANAGER})

# Session key: what the user still has to do before any other page opens ("verify" or "enrol").
MFA_PENDING_SESSION_KEY = "koersvast_mfa_pending"
MFA_VERIFY = "verify"
MFA_ENROL = "enrol"

# The authentication backend of single sign-on; its logins are exempt (the provider does MFA).
SSO_BACKEND = "koersvast.identity.backends.OidcBackend"

TOTP_DEVICE_NAME = "Authenticator-app"
RECOVERY_DEVICE_NAME = "Herstelcodes"
RECOVERY_CODE_COUNT = 8
