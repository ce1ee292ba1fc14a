from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render

from koersvast.core.decorators import member_required
from koersvast.tenancy.http import MemberRequest

from . import selectors, services


@member_required()
def notification_list(request: MemberRequest) -> HttpResponse:
    municipality_id = request.municipality.pk
    if request.method == "POST":
        services.mark_all_read(user=request.user, municipality_id=municipality_id)
        return redirect("notifications:list")
    items = selectors.notifications_for(user=request.user, municipality_id=municipality_id)
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})
