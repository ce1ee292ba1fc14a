"""Writes audit events; called by the receivers for model changes and authentication."""

from __future__ import annotations

import datetime as dt
import decimal
import logging
import uuid
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .choices import AuditAction, AuditResult
from .context import current
from .models import AuditedModel, AuditEvent

logger = logging.getLogger("koersvast.audit")


def _plain(value: Any) -> Any:
    """A JSON-safe rendering of a field value."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.date | dt.datetime | dt.time | uuid.UUID | decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    return str(value)


def _same(field: models.Field[Any, Any], old: Any, new: Any) -> bool:
    """Equal as the field sees it (Decimal("80.0") equals "80")."""
    try:
        return bool(field.to_python(old) == field.to_python(new))
    except Exception:  # a value the field cannot parse is certainly a change
        return False


def _audited_fields(instance: AuditedModel) -> list[models.Field[Any, Any]]:
    return [
        field
        for field in instance._meta.concrete_fields
        if field.attname not in instance.audit_exclude and field.name not in instance.audit_exclude
    ]


def model_changes(instance: AuditedModel, action: AuditAction) -> dict[str, list[Any]]:
    """Changed fields as {field: [old, new]}; on create every field with [None, value]."""
    loaded: dict[str, Any] = getattr(instance, "_loaded_values", {})
    changes: dict[str, list[Any]] = {}
    for field in _audited_fields(instance):
        value = field.value_from_object(instance)
        new = _plain(value)
        if action == AuditAction.CREATE:
            if new not in (None, "", [], {}):
                changes[field.name] = [None, new]
        elif action == AuditAction.UPDATE:
            if field.attname in loaded and not _same(field, loaded[field.attname], value):
                changes[field.name] = [_plain(loaded[field.attname]), new]
        else:
            changes[field.name] = [new, None]
    return changes


def record_model_event(instance: AuditedModel, action: AuditAction) -> AuditEvent | None:
    """Record a create/update/delete of a domain object (an update without changes is skipped)."""
    changes = model_changes(instance, action)
    if action == AuditAction.UPDATE and not changes:
        return None
    event = record(
        action=action,
        municipality_id=instance.audit_municipality_id(),
        obj=instance,
        changes=changes,
    )
    # The next save of this same instance compares against what it is now.
    instance._loaded_values = {
        field.attname: field.value_from_object(instance) for field in _audited_fields(instance)
    }
    return event


def record(
    *,
    action: AuditAction,
    municipality_id: int | None = None,
    obj: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    result: AuditResult = AuditResult.SUCCESS,
    user: Any = None,
    actor_name: str = "",
    ip: str | None = None,
    user_agent: str = "",
) -> AuditEvent:
    """Append one event; actor and origin default to the current audit context."""
    context = current()
    actor = user if user is not None else context.user
    if actor is not None and not getattr(actor, "pk", None):
        actor = None
    event = AuditEvent.objects.create(
        municipality_id=municipality_id,
        actor=actor,
        actor_name=actor_name or (actor.get_username() if actor is not None else ""),
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:255] if obj is not None else "",
        changes=changes or {},
        result=result,
        ip_address=ip or context.ip,
        user_agent=(user_agent or context.user_agent)[:255],
        origin=context.origin,
    )
    _log(event)
    return event


def _log(event: AuditEvent) -> None:
    """The event as a structured log line: who did what to which object, with what result,
    from where. Field values and object names stay in the database (personal data)."""
    obj = (
        f"{event.content_type.app_label}.{event.content_type.model}:{event.object_id}"
        if event.content_type is not None
        else None
    )
    logger.info(
        "%s %s",
        event.action,
        obj or "-",
        extra={
            "actor": event.actor_name or None,
            "action": event.action,
            "object": obj,
            "result": event.result,
            "origin": event.ip_address,
            "channel": event.origin,
            "municipality_id": event.municipality_id,
            "changed_fields": sorted(event.changes) if event.changes else [],
        },
    )


def record_many(
    *,
    action: AuditAction,
    municipality_id: int | None,
    changes: list[tuple[models.Model, dict[str, Any]]],
    user: Any = None,
) -> list[AuditEvent]:
    """Append one event per (object, changes) in one bulk insert: for workflows that write many
    rows with `bulk_update`/`bulk_create`, which send no model signals."""
    if not changes:
        return []
    context = current()
    actor = user if user is not None else context.user
    if actor is not None and not getattr(actor, "pk", None):
        actor = None
    events = [
        AuditEvent(
            municipality_id=municipality_id,
            actor=actor,
            actor_name=actor.get_username() if actor is not None else "",
            action=action,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
            object_repr=str(obj)[:255],
            changes={key: _plain(value) for key, value in change.items()},
            result=AuditResult.SUCCESS,
            ip_address=context.ip,
            user_agent=context.user_agent[:255],
            origin=context.origin,
        )
        for obj, change in changes
    ]
    created = AuditEvent.objects.bulk_create(events)
    for event in created:
        _log(event)
    return created
