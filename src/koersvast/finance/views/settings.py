"""The municipality's finance settings and asset categories."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import ProtectedError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koersvast.core.decorators import member_required
from koersvast.tenancy.access import get_for_user_or_404
from koersvast.tenancy.http import MemberRequest
from koersvast.tenancy.policy import Action

from .. import services
from ..forms import CategoryForm, SettingsForm
from ..models import AssetCategory
from .common import FINANCE, ensure_allowed

# ---------------------------------------------------------------------------------------------
# Settings and categories


@member_required(Action.PORTFOLIO_VIEW)
def finance_settings(request: MemberRequest) -> HttpResponse:
    municipality = request.municipality
    may_manage = services.may_manage(request.user, municipality.pk)
    if may_manage:
        services.categories_ensure(municipality=municipality)
    stored = services.settings_for(municipality)
    form = SettingsForm(request.POST or None, instance=stored, municipality=municipality)
    if request.method == "POST":
        ensure_allowed(may_manage)
        if form.is_valid():
            services.finance_record_save(record=form.save(commit=False), by=request.user)
            messages.success(request, _("Financiële instellingen opgeslagen."))
            return redirect("finance:settings")
    return render(
        request,
        "finance/settings.html",
        {
            "form": form,
            "categories": AssetCategory.objects.in_municipality(municipality),
            "may_manage": may_manage,
        },
    )


def _category_form(request: HttpRequest, category: AssetCategory) -> HttpResponse:
    form = CategoryForm(request.POST or None, instance=category, municipality=category.municipality)
    if request.method == "POST" and form.is_valid():
        services.finance_record_save(record=form.save(commit=False), by=request.user)
        messages.success(request, _("Activacategorie opgeslagen."))
        return redirect("finance:settings")
    return render(
        request,
        "finance/record_form.html",
        {
            "form": form,
            "title": _("Activacategorie bewerken") if category.pk else _("Nieuwe activacategorie"),
            "back": reverse("finance:settings"),
        },
    )


@member_required(Action.FINANCE_MANAGE)
def category_create(request: MemberRequest) -> HttpResponse:
    return _category_form(request, AssetCategory(municipality=request.municipality))


@member_required(object_actions=FINANCE)
def category_edit(request: HttpRequest, pk: int) -> HttpResponse:
    category = get_for_user_or_404(AssetCategory, request.user, pk=pk)
    ensure_allowed(services.may_manage(request.user, category.municipality_id))
    return _category_form(request, category)


@member_required(object_actions=FINANCE)
@require_POST
def category_delete(request: HttpRequest, pk: int) -> HttpResponse:
    category = get_for_user_or_404(AssetCategory, request.user, pk=pk)
    ensure_allowed(services.may_manage(request.user, category.municipality_id))
    try:
        services.category_delete(category=category, by=request.user)
    except ProtectedError:
        messages.error(
            request, _("Deze categorie heeft investeringen en kan niet worden verwijderd.")
        )
    else:
        messages.success(request, _("Activacategorie verwijderd."))
    return redirect("finance:settings")
