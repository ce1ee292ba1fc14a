"""Pages of the bestuurlijke agenda: the planning of college and raad moments, the register of
toezeggingen, moties and amendementen, and which decisions are on the public list (Woo)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koersvast.core.decorators import member_required
from koersvast.intake.models import Decision
from koersvast.portfolio import selectors as portfolio_selectors
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.access import get_for_user_or_404
from koersvast.tenancy.http import MemberRequest
from koersvast.tenancy.policy import Action

from . import selectors, services
from .choices import ItemKind, ItemStatus
from .forms import AgendaMomentForm, CouncilItemForm, CouncilSettingsForm
from .models import AgendaMoment, CouncilItem

MANAGE = (Action.COUNCIL_MANAGE,)
ITEMS_PAGE_SIZE = 25
DECISIONS_PAGE_SIZE = 50


def _ensure(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# --- bestuurlijke planning -------------------------------------------------------------------


@member_required(Action.PORTFOLIO_VIEW)
def planning(request: MemberRequest) -> HttpResponse:
    """College and raad moments of the next three months, optionally of one body."""
    municipality = request.municipality
    body = request.GET.get("gremium", "").strip()
    result = selectors.planning(municipality=municipality, body=body)
    return render(
        request,
        "council/planning.html",
        {
            "planning": result,
            "bodies": selectors.bodies_of(municipality),
            "body": body,
            "subnav": "planning",
        },
    )


def _moment_form(
    request: HttpRequest, moment: AgendaMoment, initiative: Initiative
) -> HttpResponse:
    form = AgendaMomentForm(
        request.POST or None,
        instance=moment,
        municipality=initiative.municipality,
        initiative=initiative,
    )
    if request.method == "POST" and form.is_valid():
        services.moment_save(form=form, by=request.user)
        messages.success(request, _("Bestuurlijk moment opgeslagen."))
        return redirect(initiative.get_absolute_url())
    return render(
        request,
        "council/moment_form.html",
        {
            "form": form,
            "initiative": initiative,
            "moment": moment,
            "title": _("Bestuurlijk moment bewerken")
            if moment.pk
            else _("Nieuw bestuurlijk moment"),
        },
    )


@member_required(object_actions=MANAGE)
def moment_create(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = portfolio_selectors.initiative_get(user=request.user, pk=pk, with_demand=False)
    _ensure(services.may_manage(request.user, initiative.municipality_id))
    moment = AgendaMoment(municipality_id=initiative.municipality_id, initiative=initiative)
    return _moment_form(request, moment, initiative)


@member_required(object_actions=MANAGE)
def moment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    moment = selectors.moment_get(user=request.user, pk=pk)
    _ensure(services.may_manage(request.user, moment.municipality_id))
    return _moment_form(request, moment, moment.initiative)


@member_required(object_actions=MANAGE)
def moment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST deletes."""
    moment = selectors.moment_get(user=request.user, pk=pk)
    _ensure(services.may_manage(request.user, moment.municipality_id))
    back = moment.initiative.get_absolute_url()
    if request.method == "POST":
        services.moment_delete(moment=moment, by=request.user)
        messages.success(request, _("Bestuurlijk moment verwijderd."))
        return redirect(back)
    return render(request, "council/moment_delete.html", {"moment": moment, "back": back})


# --- toezeggingen, moties en amendementen ----------------------------------------------------


@member_required(Action.PORTFOLIO_VIEW)
def item_list(request: MemberRequest) -> HttpResponse:
    municipality = request.municipality
    filters = {key: request.GET.get(key, "").strip() for key in selectors.ITEM_FILTERS}
    page = Paginator(
        selectors.items(municipality=municipality, filters=filters), ITEMS_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "council/item_list.html",
        {
            "page": page,
            "filters": filters,
            "filtered": any(filters.values()),
            "kinds": ItemKind.choices,
            "statuses": ItemStatus.choices,
            "owners": selectors.owner_choices(municipality),
            "querystring": params.urlencode(),
            "today": timezone.localdate(),
            "subnav": "items",
        },
    )


def _item_form(
    request: HttpRequest, item: CouncilItem, initial: dict | None = None
) -> HttpResponse:
    form = CouncilItemForm(
        request.POST or None, instance=item, initial=initial, municipality=item.municipality
    )
    if request.method == "POST" and form.is_valid():
        item = services.item_save(form=form, by=request.user)
        messages.success(request, _("Opgeslagen: %(item)s.") % {"item": item})
        return redirect(item.get_absolute_url())
    return render(
        request,
        "council/item_form.html",
        {
            "form": form,
            "item": item,
            "title": _("Toezegging of motie bewerken")
            if item.pk
            else _("Nieuwe toezegging of motie"),
        },
    )


@member_required(*MANAGE)
def item_create(request: MemberRequest) -> HttpResponse:
    municipality = request.municipality
    item = CouncilItem(municipality=municipality)
    initial: dict = {"owner": request.user.pk, "dated_on": timezone.localdate()}
    initiative = request.GET.get("initiatief", "")
    if (
        initiative.isdigit()
        and Initiative.objects.in_municipality(municipality).filter(pk=int(initiative)).exists()
    ):
        initial["initiatives"] = [int(initiative)]
    if request.GET.get("soort") in ItemKind.values:
        initial["kind"] = request.GET["soort"]
    return _item_form(request, item, initial)


@member_required(Action.PORTFOLIO_VIEW)
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_get(user=request.user, pk=pk)
    return render(
        request,
        "council/item_detail.html",
        {
            "item": item,
            "overdue": item.is_overdue(),
            "may_manage": services.may_manage(request.user, item.municipality_id),
        },
    )


@member_required(object_actions=MANAGE)
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_get(user=request.user, pk=pk)
    _ensure(services.may_manage(request.user, item.municipality_id))
    return _item_form(request, item)


# --- the public decision list (Woo) ----------------------------------------------------------


@member_required(*MANAGE)
def publication(request: MemberRequest) -> HttpResponse:
    """Which decisions are public, and whether the public list is on at all."""
    municipality = request.municipality
    settings = selectors.settings_for(municipality)
    # An unchecked box sends nothing: an empty POST is still a submitted form.
    form = CouncilSettingsForm(
        request.POST if request.method == "POST" else None, instance=settings
    )
    if request.method == "POST" and form.is_valid():
        services.settings_save(form=form, by=request.user)
        messages.success(request, _("Instelling opgeslagen."))
        return redirect("council:publication")
    page = Paginator(
        selectors.publishable_decisions(municipality=municipality), DECISIONS_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    code = municipality.cbs_code.lower()
    return render(
        request,
        "council/publication.html",
        {
            "form": form,
            "settings": settings,
            "page": page,
            "public_url": request.build_absolute_uri(reverse("woo:decisions", args=[code])),
            "csv_url": reverse("woo:decisions_csv", args=[code]),
            "json_url": reverse("woo:decisions_json", args=[code]),
            "subnav": "publication",
        },
    )


@member_required(object_actions=MANAGE)
@require_POST
def decision_public(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_for_user_or_404(Decision, request.user, pk=pk)
    _ensure(services.may_manage(request.user, decision.municipality_id))
    public = request.POST.get("public") == "1"
    services.decision_publish(decision=decision, public=public, by=request.user)
    if public:
        messages.success(request, _("Het besluit staat op de openbare besluitenlijst."))
    else:
        messages.success(request, _("Het besluit staat niet meer op de openbare besluitenlijst."))
    page = request.POST.get("page", "")
    url = reverse("council:publication")
    return redirect(f"{url}?page={page}" if page.isdigit() else url)
