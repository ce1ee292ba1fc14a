"""The municipality's entry criteria and intake settings."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from koersvast.core.decorators import member_required
from koersvast.tenancy.access import get_for_user_or_404
from koersvast.tenancy.http import MemberRequest
from koersvast.tenancy.policy import Action, require

from ..forms.criteria import CriterionForm
from ..forms.scoring import RankingForm
from ..models import EntryCriterion
from ..selectors import backlog as selectors
from ..services import scoring as services


@member_required(Action.PORTFOLIO_VIEW, Action.INITIATIVE_MANAGE)
def criteria_list(request: MemberRequest) -> HttpResponse:
    municipality = request.municipality
    criteria = (
        EntryCriterion.objects.in_municipality(municipality)
        .with_advice_kind_names()
        .select_related("if_domain", "custom_field")
    )
    return render(request, "intake/criteria_list.html", {"criteria": criteria})


def _criterion_form(request: HttpRequest, criterion: EntryCriterion) -> HttpResponse:
    form = CriterionForm(
        request.POST or None, instance=criterion, municipality=criterion.municipality
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Toelatingscriterium opgeslagen."))
        return redirect("intake:criteria")
    return render(request, "intake/criterion_form.html", {"form": form, "criterion": criterion})


@member_required(Action.INITIATIVE_MANAGE)
def criterion_create(request: MemberRequest) -> HttpResponse:
    return _criterion_form(request, EntryCriterion(municipality=request.municipality))


@member_required(object_actions=(Action.INITIATIVE_MANAGE,))
def criterion_edit(request: HttpRequest, pk: int) -> HttpResponse:
    criterion = get_for_user_or_404(EntryCriterion, request.user, pk=pk)
    require(request.user, criterion.municipality_id, Action.INITIATIVE_MANAGE)
    return _criterion_form(request, criterion)


@member_required(Action.FRAMEWORK_MANAGE)
def intake_settings(request: MemberRequest) -> HttpResponse:
    municipality = request.municipality
    form = RankingForm(
        request.POST or None, initial={"ranking_method": selectors.ranking_method(municipality)}
    )
    if request.method == "POST" and form.is_valid():
        services.ranking_method_set(
            municipality_id=municipality.pk,
            method=form.cleaned_data["ranking_method"],
            by=request.user,
        )
        messages.success(request, _("Rangschikking opgeslagen."))
        return redirect("intake:backlog")
    return render(request, "intake/settings.html", {"form": form})
