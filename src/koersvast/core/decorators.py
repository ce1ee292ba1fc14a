"""View guards: a logged-in member of the active municipality with the right to act."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render

from koersvast.tenancy.policy import Action, can, is_operator

View = Callable[..., HttpResponseBase]


def member_required[V: View](
    *actions: Action, object_actions: tuple[Action, ...] = ()
) -> Callable[[V], V]:
    """Require login, an active municipality, and at least one of `actions` there.

    `object_actions` are rights the view checks itself, against the municipality of the object
    it opens (so an object elsewhere is a 404 before any 403); declaring them here lets links to
    the view be shown only to those it would let in.

    Both are kept on the view (`required_actions`, `object_actions`): the menu, the links and the
    buttons of every page ask the view itself (`core.navigation.view_allows`), never a copy of
    its rule.
    Users without any membership see a page that explains how to get access; a member lacking
    the right gets 403 (about their own municipality, so nothing leaks).
    """

    def decorator(view: V) -> V:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            municipality = request.municipality  # type: ignore[attr-defined]  # set by the middleware
            if not municipality and is_operator(request.user):
                # The operator of the installation holds no role: its page is Installatie.
                return redirect("administration:installation")
            if not municipality:
                return render(request, "core/no_membership.html", status=403)
            if actions and not any(can(request.user, municipality.pk, a) for a in actions):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        guarded = login_required(wrapper)
        # Declared, so that links and buttons to this view are shown only to those it lets in
        # (core.navigation.view_allows); decorators above this one copy it with `wraps`.
        guarded.required_actions = actions  # type: ignore[attr-defined]
        guarded.object_actions = object_actions  # type: ignore[attr-defined]
        return cast(V, guarded)  # the view's own signature, guarded

    return decorator
