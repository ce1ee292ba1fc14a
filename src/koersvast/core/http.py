"""Typed requests: the attributes our middleware adds to Django's `HttpRequest`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from koersvast.tenancy.models import Municipality


class MemberRequest(HttpRequest):
    """The request of a member view (`core.decorators.member_required`).

    `municipality` is the active municipality, set by `tenancy.middleware` and checked by the
    guard; `user` is a logged-in user. Only a type: views declare `request: MemberRequest`.
    """

    municipality: Municipality
    user: User
