"""Managing OData keys: list, create (the secret is shown once) and revoke."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from koersvast.core.decorators import member_required
from koersvast.tenancy.access import get_for_user_or_404
from koersvast.tenancy.http import MemberRequest
from koersvast.tenancy.policy import Action, can

from .forms import KeyForm
from .models import ODataKey
from .services import key_create, key_revoke, may_revoke

PAGE_SIZE = 20


def _page(request: MemberRequest, form: KeyForm, **extra: object) -> HttpResponse:
    municipality = request.municipality
    keys = (
        ODataKey.objects.in_municipality(municipality)
        .select_related("created_by", "revoked_by")
        # Active keys first (null sorts last ascending on PostgreSQL, so say so).
        .order_by(F("revoked_at").asc(nulls_first=True), "-created_at", "-pk")
    )
    page = Paginator(keys, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)  # the template sees the annotated objects
    for key in page.object_list:
        key.may_revoke = may_revoke(request.user, key)  # type: ignore[attr-defined]
    feed_url = request.build_absolute_uri(reverse("odata:service"))
    may_create = can(request.user, municipality.pk, Action.REPORTS_VIEW)
    context = {"page": page, "form": form, "feed_url": feed_url, "may_create": may_create}
    context.update(extra)
    return render(request, "odata/keys.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@member_required(Action.REPORTS_VIEW, Action.MEMBERS_MANAGE)
def keys(request: MemberRequest) -> HttpResponse:
    """Readers create keys and revoke their own; administrators see and revoke every key."""
    if request.method == "GET":
        return _page(request, KeyForm())
    if not can(request.user, request.municipality.pk, Action.REPORTS_VIEW):
        raise PermissionDenied
    form = KeyForm(request.POST)
    if not form.is_valid():
        return _page(request, form)
    new = key_create(
        municipality=request.municipality,
        name=form.cleaned_data["name"],
        description=form.cleaned_data["description"],
        by=request.user,
    )
    # Rendered, not redirected: the secret must not pass through the session or a URL.
    return _page(request, KeyForm(), new_key=new.key, secret=new.secret)


@require_POST
@member_required(Action.REPORTS_VIEW, Action.MEMBERS_MANAGE)
def revoke(request: HttpRequest) -> HttpResponse:
    raw = request.POST.get("key_id", "")
    if not raw.isdigit():
        return HttpResponseBadRequest(_("Ongeldige sleutel."))
    key = get_for_user_or_404(ODataKey, request.user, pk=int(raw))
    key_revoke(key=key, by=request.user)
    messages.success(
        request,
        _("De sleutel '%(name)s' is ingetrokken en werkt vanaf nu niet meer.") % {"name": key.name},
    )
    return redirect("odata:keys")
