"""View guards: a logged-in member of the active municipality with the right to act."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from koersvast.tenancy.policy import Action, can, is_operator

View = Callable[..., HttpResponse]


def member_required(*actions: Action) -> Callable[[View], View]:
    """Require login, an active municipality, and at least one of `actions` there.

    Users without any membership see a page that explains how to get access; a member lacking
    the right gets 403 (about their own municipality, so nothing leaks).
    """

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            municipality = request.municipality  # type: ignore[attr-defined]
            if not municipality and is_operator(request.user):
                # The operator of the installation holds no role: its page is Installatie.
                return redirect("administration:installation")
            if not municipality:
                return render(request, "core/no_membership.html", status=403)
            if actions and not any(can(request.user, municipality.pk, a) for a in actions):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
