"""Sending notifications: one in the app and one e-mail per distinct recipient."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from koersvast.portfolio.models import Initiative

from .models import Notification

logger = logging.getLogger(__name__)


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
    try:
        send_mail(f"Koersvast: {message[:80]}", message, None, [address])
    except Exception:  # a mail outage must never undo or block a workflow step
        logger.warning("E-mail to user %s failed", user_pk, exc_info=True)
