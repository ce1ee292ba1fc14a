"""Reading notifications: a user's own, in one municipality."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import Notification


def notifications_for(*, user: Any, municipality_id: int) -> QuerySet[Notification]:
    return Notification.objects.filter(
        recipient=user, municipality_id=municipality_id
    ).select_related("initiative")


def unread_count(*, user: Any, municipality_id: int) -> int:
    return (
        notifications_for(user=user, municipality_id=municipality_id).filter(read_at=None).count()
    )
