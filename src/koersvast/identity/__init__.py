"""Identity: second factor (TOTP) for local accounts and OIDC single sign-on with role mapping."""
