"""Connects model saves/deletes and authentication signals to the audit recorder.

Auditing is cross-cutting infrastructure, not business logic, so it is one of the few places
where signals are the right tool: no service can forget to audit.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .choices import AuditAction, AuditResult
from .context import client_ip
from .models import AuditedModel
from .recorder import record, record_model_event


@receiver(post_save)
def audit_save(
    sender: type, instance: Any, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if raw or not isinstance(instance, AuditedModel):
        return
    record_model_event(instance, AuditAction.CREATE if created else AuditAction.UPDATE)


@receiver(post_delete)
def audit_delete(sender: type, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, AuditedModel):
        record_model_event(instance, AuditAction.DELETE)


def _request_origin(request: Any) -> dict[str, Any]:
    if request is None:
        return {}
    return {"ip": client_ip(request), "user_agent": request.META.get("HTTP_USER_AGENT", "")}


@receiver(user_logged_in)
def audit_login(sender: type, request: Any, user: Any, **kwargs: Any) -> None:
    record(action=AuditAction.LOGIN, user=user, obj=user, **_request_origin(request))


@receiver(user_logged_out)
def audit_logout(sender: type, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(action=AuditAction.LOGOUT, user=user, obj=user, **_request_origin(request))


@receiver(user_login_failed)
def audit_login_failed(
    sender: type, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    # Only the username is kept; the password Django already masks, and we never store it.
    record(
        action=AuditAction.LOGIN_FAILED,
        result=AuditResult.FAILURE,
        actor_name=str(credentials.get("username", ""))[:150],
        **_request_origin(request),
    )
