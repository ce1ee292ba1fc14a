"""The operator's page (*Installatie*): add a municipality from the CBS list and invite its
first beheerder. Only operators of the installation see it; for everyone else it is 404."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from koersvast.identity.services import AccountError
from koersvast.tenancy.models import Municipality
from koersvast.tenancy.policy import is_operator

from . import selectors, services
from .forms import BeheerderInviteForm, MunicipalityAddForm
from .views import LINK_SESSION_KEY, remember_link

View = Callable[..., HttpResponse]


def operator_required(view: View) -> View:
    """Only an operator (an active superuser); anyone else gets 404 (nothing to see here)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_operator(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


@operator_required
def installation(request: HttpRequest) -> HttpResponse:
    """The municipalities of this installation; add one and invite its first beheerder."""
    form = MunicipalityAddForm(request.POST or None, choices=selectors.cbs_choices_to_add())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            municipality, result = services.municipality_add(
                cbs_code=data["cbs_code"],
                by=request.user,
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                also_portfolio_manager=data["also_portfolio_manager"],
            )
        except (services.OperatorError, AccountError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("%(name)s is toegevoegd.") % {"name": municipality.name})
            remember_link(request, result)
            return redirect("administration:installation")
    return render(
        request,
        "administration/installation.html",
        {
            "form": form,
            "municipalities": selectors.installation_overview(),
            "new_link": request.session.pop(LINK_SESSION_KEY, None),
        },
    )


@operator_required
def beheerder_invite(request: HttpRequest, pk: int) -> HttpResponse:
    """Invite a beheerder for an existing municipality (e.g. when the last one left)."""
    municipality = get_object_or_404(Municipality, pk=pk)
    form = BeheerderInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.beheerder_invite(
                municipality=municipality, by=request.user, **form.cleaned_data
            )
        except AccountError as error:
            form.add_error(None, str(error))
        else:
            remember_link(request, result)
            return redirect("administration:installation")
    return render(
        request,
        "administration/beheerder_invite.html",
        {"form": form, "target": municipality},
    )
