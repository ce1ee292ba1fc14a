"""The single way to fetch one tenant object for a user: 404 outside their municipalities.

Never 403: a user of another municipality must not learn that an object exists.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.http import Http404

from .policy import Action

M = TypeVar("M", bound=models.Model)


def get_for_user_or_404[M: models.Model](
    queryset: models.QuerySet[M] | type[M], user: Any, action: Action | None = None, **lookup: Any
) -> M:
    """The object matching `lookup` that the user may access for `action`, else Http404."""
    if isinstance(queryset, type):
        queryset = queryset._default_manager.all()
    try:
        return queryset.for_user(user, action).get(**lookup)  # type: ignore[attr-defined]
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
