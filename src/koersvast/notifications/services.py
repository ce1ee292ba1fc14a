"""Sending notifications: one in the app and one e-mail per distinct recipient."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from koersvast.core.mail import send_quietly
from koersvast.portfolio.models import Initiative

from .models import Notification


def notify(*, recipients: Iterable[Any], initiative: Initiative, message: str) -> None:
    """An in-app notification and an e-mail for each distinct recipient."""
    seen: set[int] = set()
    for user in recipients:
        if user is None or user.pk in seen:
            continue
        seen.add(user.pk)
        Notification.objects.create(
            municipality_id=initiative.municipality_id,
            recipient=user,
            initiative=initiative,
            message=message[:300],
        )
        if user.email:
            # Only once the change is committed: a rolled-back step must not have mailed anyone.
            transaction.on_commit(partial(_mail, user.pk, user.email, message))


def mark_all_read(*, user: Any, municipality_id: int) -> int:
    """Mark the user's unread notifications in the municipality as read; how many there were."""
    return Notification.objects.filter(
        recipient=user, municipality_id=municipality_id, read_at=None
    ).update(read_at=timezone.now())


def _mail(user_pk: int, address: str, message: str) -> None:
    send_quietly(f"Koersvast: {message[:80]}", message, address, what=f"notification to {user_pk}")
