"""What the afwegingskader pages share: the right to manage, the way back to a version, and a
published version's refusal of edits."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from koersvast.tenancy.policy import Action, can

from ..models import Framework

MANAGE = Action.FRAMEWORK_MANAGE


def user_manages(request: HttpRequest, framework: Framework) -> bool:
    return can(request.user, framework.municipality_id, MANAGE)


def detail_url(framework: Framework) -> str:
    return reverse("framework:framework_detail", args=[framework.pk])


def read_only_redirect(request: HttpRequest, framework: Framework) -> HttpResponse | None:
    """Send edits of a published version back to it, saying why."""
    if framework.is_draft:
        return None
    messages.error(
        request,
        _(
            "Versie %(version)s is vastgesteld en kan niet meer worden gewijzigd. Maak een "
            "nieuwe versie om wijzigingen voor te bereiden."
        )
        % {"version": framework.version},
    )
    return redirect(detail_url(framework))


def apply_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def form_page(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    return render(request, "framework/form.html", context, status=status)
