"""Typed requests: what login and the tenancy middleware add to Django's `HttpRequest`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from .models import Municipality


class UserRequest(HttpRequest):
    """The request of a view behind `login_required`: `user` is a logged-in user."""

    user: User


class MemberRequest(UserRequest):
    """The request of a member view (`core.decorators.member_required`).

    `municipality` is the active municipality, set by `tenancy.middleware` and checked by the
    guard. Only a type: views declare `request: MemberRequest`, nothing creates one.
    """

    municipality: Municipality
