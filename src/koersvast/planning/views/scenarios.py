"""Scenarios: the list, a new one, the settings, one scenario with its levers and switches."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koersvast.core.decorators import member_required
from koersvast.framework.models import Framework
from koersvast.tenancy.access import get_for_user_or_404
from koersvast.tenancy.http import MemberRequest
from koersvast.tenancy.policy import Action, require

from .. import presenters, translate
from ..errors import PlanningError
from ..forms import (
    LeverForm,
    ScenarioForm,
    SettingsForm,
    UrgencyStartForm,
)
from ..models import Lever
from ..rules import MANAGE
from ..selectors.results import run_result
from ..selectors.scenarios import (
    decisions_of,
    latest_runs,
    plan_of_record,
    scenario_get,
    scenarios_overview,
)
from ..selectors.urgency import urgency_requests, urgent_candidates
from ..services import scenarios as services
from ..services.settings import planning_settings_save
from .common import rights_of


@member_required(Action.CAPACITY_VIEW)
def scenario_list(request: MemberRequest) -> HttpResponse:
    municipality = request.municipality
    settings = translate.settings_for(municipality)
    return render(
        request,
        "planning/scenarios.html",
        {
            "scenarios": scenarios_overview(municipality=municipality),
            "urgent": urgent_candidates(municipality=municipality),
            "requests": urgency_requests(municipality=municipality)[:20],
            "settings": settings,
            "form": ScenarioForm(),
            "urgency_form": UrgencyStartForm(municipality=municipality, settings=settings),
            **rights_of(request, municipality.pk),
        },
    )


@member_required(Action.SCENARIO_MANAGE)
def scenario_create(request: MemberRequest) -> HttpResponse:
    municipality = request.municipality
    form = ScenarioForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            scenario = services.scenario_create(
                municipality=municipality, by=request.user, **form.cleaned_data
            )
        except PlanningError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Scenario aangemaakt als kopie van het vastgestelde plan."))
            return redirect(scenario)
    return render(request, "planning/scenario_form.html", {"form": form})


@member_required(Action.SCENARIO_MANAGE)
def planning_settings(request: MemberRequest) -> HttpResponse:
    municipality = request.municipality
    form = SettingsForm(request.POST or None, instance=translate.settings_for(municipality))
    if request.method == "POST" and form.is_valid():
        planning_settings_save(municipality=municipality, by=request.user, **form.cleaned_data)
        messages.success(request, _("Planningsinstellingen opgeslagen."))
        return redirect("planning:scenarios")
    return render(request, "planning/settings.html", {"form": form})


@member_required()
def scenario_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = scenario_get(user=request.user, pk=pk)
    municipality = scenario.municipality
    newest, done = latest_runs(scenario)
    rights = rights_of(request, scenario.municipality_id)
    plan = plan_of_record(scenario.municipality_id)
    density = presenters.value_density_check(done.problem or {}) if done else None
    return render(
        request,
        "planning/scenario_detail.html",
        {
            "scenario": scenario,
            "newest": newest,
            "result": run_result(done) if done else None,
            "density": density,
            "decisions": decisions_of(scenario),
            "plan": plan,
            "frameworks": Framework.objects.filter(
                municipality_id=scenario.municipality_id
            ).order_by("-version")
            if rights["can_manage"]
            else [],
            "lever_form": LeverForm(
                initial={"kind": request.GET.get("hefboom")},
                municipality=municipality,
                settings=translate.settings_for(municipality),
            )
            if rights["can_manage"]
            else None,
            "lever_chosen": "hefboom" in request.GET,
            **rights,
        },
    )


@require_POST
@member_required()
def lever_add(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = scenario_get(user=request.user, pk=pk)
    require(request.user, scenario.municipality_id, *MANAGE)
    municipality = scenario.municipality
    form = LeverForm(
        request.POST, municipality=municipality, settings=translate.settings_for(municipality)
    )
    again = f"{scenario.get_absolute_url()}?{urlencode({'hefboom': form.chosen_kind})}#hefboom"
    if "toon" in request.POST:  # without JavaScript: show the fields of the chosen kind
        return redirect(again)
    if form.is_valid():
        try:
            lever = services.lever_add(scenario=scenario, by=request.user, **form.lever_values())
        except PlanningError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Hefboom toegevoegd: %(lever)s") % {"lever": lever})
            return redirect(scenario)
    else:
        messages.error(request, _("De hefboom is niet volledig ingevuld."))
    return redirect(again)


@require_POST
@member_required()
def lever_remove(request: HttpRequest, pk: int) -> HttpResponse:
    lever = get_for_user_or_404(Lever.objects.select_related("scenario"), request.user, pk=pk)
    require(request.user, lever.municipality_id, *MANAGE)
    services.lever_remove(lever=lever, by=request.user)
    messages.success(request, _("Hefboom verwijderd."))
    return redirect(lever.scenario)


@require_POST
@member_required()
def value_density(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = scenario_get(user=request.user, pk=pk)
    require(request.user, scenario.municipality_id, *MANAGE)
    on = request.POST.get("on") == "1"
    services.scenario_value_density_set(scenario=scenario, on=on, by=request.user)
    if on:
        messages.success(
            request,
            _("Waardedichtheid staat aan: reken het scenario opnieuw door om het effect te zien."),
        )
    else:
        messages.success(request, _("Waardedichtheid staat uit: de score zelf telt weer."))
    return redirect(scenario)


@require_POST
@member_required()
def include_candidates(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = scenario_get(user=request.user, pk=pk)
    require(request.user, scenario.municipality_id, *MANAGE)
    on = request.POST.get("on") == "1"
    services.scenario_candidates_set(scenario=scenario, on=on, by=request.user)
    if on:
        messages.success(
            request,
            _(
                "Kandidaten uit de backlog rekenen mee: reken het scenario opnieuw door om te zien "
                "welke passen."
            ),
        )
    else:
        messages.success(request, _("Kandidaten uit de backlog rekenen niet meer mee."))
    return redirect(scenario)


@require_POST
@member_required()
def scenario_framework(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = scenario_get(user=request.user, pk=pk)
    require(request.user, scenario.municipality_id, *MANAGE)
    framework_pk = request.POST.get("framework", "")
    if not framework_pk.isdigit():
        raise Http404
    framework = get_for_user_or_404(
        Framework.objects.filter(municipality_id=scenario.municipality_id),
        request.user,
        pk=int(framework_pk),
    )
    try:
        services.scenario_framework_set(scenario=scenario, framework=framework, by=request.user)
    except PlanningError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Waarde volgens %(fw)s: reken het scenario opnieuw door om het effect te zien.")
            % {"fw": framework},
        )
    return redirect(scenario)
