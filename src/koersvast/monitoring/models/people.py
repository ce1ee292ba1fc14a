"""The people a monitoring record names (author, owner, decider): a nullable user."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

User = settings.AUTH_USER_MODEL


def person_field(verbose: Any, related: str = "+") -> models.ForeignKey:
    return models.ForeignKey(
        User,
        verbose_name=verbose,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name=related,
    )
