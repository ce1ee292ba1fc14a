"""The account page where users create (key shown once) and revoke their API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from koersvast.tenancy.http import UserRequest
from koersvast.tenancy.models import Municipality
from koersvast.tenancy.policy import roles_by_municipality

from .forms import TokenCreateForm
from .models import ApiToken
from .tokens import token_create, token_revoke


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: UserRequest) -> HttpResponse:
    """List the user's own tokens; POST creates one (action=create) or revokes one (revoke=id)."""
    municipalities = Municipality.objects.filter(
        pk__in=list(roles_by_municipality(request.user))
    ).order_by("name")
    form = TokenCreateForm(
        municipalities=municipalities,
        initial={"municipality": getattr(request, "municipality", None)},
    )
    new_key = None
    if request.method == "POST" and "revoke" in request.POST:
        try:
            token = ApiToken.objects.get(pk=int(request.POST["revoke"]), user=request.user)
        except (ValueError, ApiToken.DoesNotExist) as exc:
            raise Http404 from exc
        token_revoke(token=token, by=request.user)
        messages.success(request, _("De sleutel '%(name)s' is ingetrokken.") % {"name": token.name})
        return redirect("api_tokens")
    if request.method == "POST":
        form = TokenCreateForm(request.POST, municipalities=municipalities)
        if form.is_valid():
            created = token_create(
                user=request.user,
                municipality=form.cleaned_data["municipality"],
                name=form.cleaned_data["name"],
            )
            new_key = created.key
            form = TokenCreateForm(municipalities=municipalities)
    tokens = ApiToken.objects.filter(user=request.user).select_related("municipality")
    response = render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": tokens, "new_key": new_key, "has_municipality": municipalities},
    )
    if new_key:
        response["Cache-Control"] = "no-store"  # the key is shown once; keep it out of caches
    return response
