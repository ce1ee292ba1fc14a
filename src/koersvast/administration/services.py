"""Writes of Beheer: operators of the installation (decision 1001)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from koersvast.audit.choices import AuditAction
from koersvast.audit.recorder import record

# The audit trail names the change of an account's kind with this field.
OPERATOR_FIELD = "beheerder van de installatie"


@transaction.atomic
def operator_create(*, username: str, email: str, password: str) -> Any:
    """An operator: a superuser with a password and no role in any municipality (audited)."""
    user = get_user_model()(
        username=username, email=email, is_staff=True, is_superuser=True, is_active=True
    )
    user.set_password(password)
    user.save()
    record(action=AuditAction.CREATE, obj=user, changes={OPERATOR_FIELD: [None, "ja"]})
    return user


@transaction.atomic
def operator_demote(*, user: Any) -> Any:
    """Take away the superuser and staff flags (roles in municipalities stay), audited."""
    user.is_superuser = user.is_staff = False
    user.save(update_fields=["is_superuser", "is_staff"])
    record(action=AuditAction.UPDATE, obj=user, changes={OPERATOR_FIELD: ["ja", "nee"]})
    return user
