"""Planning pages: scenarios, runs of the optimiser, comparison, adoption and urgency."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koersvast.capacity.models import BudgetCapacity, CapacityPool
from koersvast.core.decorators import member_required
from koersvast.framework.models import Framework
from koersvast.monitoring.choices import BudgetKind
from koersvast.tenancy.access import get_for_user_or_404
from koersvast.tenancy.policy import Action, can

from . import presenters, selectors, services, translate
from .choices import RunStatus
from .forms import (
    DecisionForm,
    LeverForm,
    ScenarioForm,
    SettingsForm,
    UrgencyDecisionForm,
    UrgencyStartForm,
    parse_period,
)
from .models import Lever

MANAGE = services.MANAGE
DECIDE = services.DECIDE


def _require(request: HttpRequest, municipality_id: int, actions: tuple[Action, ...]) -> None:
    if not any(can(request.user, municipality_id, action) for action in actions):
        raise PermissionDenied


def _rights(request: HttpRequest, municipality_id: int) -> dict[str, bool]:
    return {
        "can_manage": any(can(request.user, municipality_id, a) for a in MANAGE),
        "can_decide": any(can(request.user, municipality_id, a) for a in DECIDE),
    }


@member_required(Action.CAPACITY_VIEW)
def scenario_list(request: HttpRequest) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    settings = translate.settings_for(municipality)
    return render(
        request,
        "planning/scenarios.html",
        {
            "scenarios": selectors.scenarios_overview(municipality=municipality),
            "urgent": selectors.urgent_candidates(municipality=municipality),
            "requests": selectors.urgency_requests(municipality=municipality)[:20],
            "settings": settings,
            "form": ScenarioForm(),
            "urgency_form": UrgencyStartForm(municipality=municipality, settings=settings),
            **_rights(request, municipality.pk),
        },
    )


@member_required(Action.SCENARIO_MANAGE)
def scenario_create(request: HttpRequest) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    form = ScenarioForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            scenario = services.scenario_create(
                municipality=municipality, by=request.user, **form.cleaned_data
            )
        except services.PlanningError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Scenario aangemaakt als kopie van het vastgestelde plan."))
            return redirect(scenario)
    return render(request, "planning/scenario_form.html", {"form": form})


@member_required(Action.SCENARIO_MANAGE)
def planning_settings(request: HttpRequest) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    form = SettingsForm(request.POST or None, instance=translate.settings_for(municipality))
    if request.method == "POST" and form.is_valid():
        services.planning_settings_save(
            municipality=municipality, by=request.user, **form.cleaned_data
        )
        messages.success(request, _("Planningsinstellingen opgeslagen."))
        return redirect("planning:scenarios")
    return render(request, "planning/settings.html", {"form": form})


@member_required()
def scenario_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = selectors.scenario_get(user=request.user, pk=pk)
    municipality = scenario.municipality
    newest, done = selectors.latest_runs(scenario)
    rights = _rights(request, scenario.municipality_id)
    plan = services.plan_of_record(scenario.municipality_id)
    density = presenters.value_density_check(done.problem or {}) if done else None
    return render(
        request,
        "planning/scenario_detail.html",
        {
            "scenario": scenario,
            "newest": newest,
            "result": selectors.run_result(done) if done else None,
            "density": density,
            "decisions": selectors.decisions_of(scenario),
            "plan": plan,
            "frameworks": Framework.objects.filter(
                municipality_id=scenario.municipality_id
            ).order_by("-version")
            if rights["can_manage"]
            else [],
            "lever_form": LeverForm(
                municipality=municipality, settings=translate.settings_for(municipality)
            )
            if rights["can_manage"]
            else None,
            **rights,
        },
    )


@require_POST
@member_required()
def lever_add(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = selectors.scenario_get(user=request.user, pk=pk)
    _require(request, scenario.municipality_id, MANAGE)
    municipality = scenario.municipality
    form = LeverForm(
        request.POST, municipality=municipality, settings=translate.settings_for(municipality)
    )
    if form.is_valid():
        try:
            lever = services.lever_add(scenario=scenario, by=request.user, **form.lever_values())
        except services.PlanningError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Hefboom toegevoegd: %(lever)s") % {"lever": lever})
    else:
        messages.error(request, _("De hefboom is niet volledig ingevuld."))
    return redirect(scenario)


@require_POST
@member_required()
def lever_remove(request: HttpRequest, pk: int) -> HttpResponse:
    lever = get_for_user_or_404(Lever.objects.select_related("scenario"), request.user, pk=pk)
    _require(request, lever.municipality_id, MANAGE)
    services.lever_remove(lever=lever, by=request.user)
    messages.success(request, _("Hefboom verwijderd."))
    return redirect(lever.scenario)


@require_POST
@member_required()
def run_start(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = selectors.scenario_get(user=request.user, pk=pk)
    _require(request, scenario.municipality_id, MANAGE)
    services.scenario_run_start(scenario=scenario, by=request.user)
    return redirect(scenario)


@member_required()
def run_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The small partial the scenario page polls while a run is queued or running."""
    run = selectors.run_get(user=request.user, pk=pk)
    response = render(request, "planning/_run_progress.html", {"run": run})
    if not run.is_active and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@member_required()
def scenario_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = selectors.scenario_get(user=request.user, pk=pk)
    _require(request, scenario.municipality_id, DECIDE)
    form = DecisionForm(request.POST or None, municipality=scenario.municipality)
    if request.method == "POST" and form.is_valid():
        try:
            services.scenario_adopt(scenario=scenario, by=request.user, **form.cleaned_data)
        except services.PlanningError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Het scenario is vastgesteld als het nieuwe plan."))
            return redirect(scenario)
    _newest, done = selectors.latest_runs(scenario)
    return render(
        request,
        "planning/adopt.html",
        {
            "scenario": scenario,
            "run": done,
            "form": form,
            "plan": services.plan_of_record(scenario.municipality_id),
        },
    )


@member_required(Action.SCENARIO_MANAGE)
def scenario_compare(request: HttpRequest) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    ids = [int(i) for i in request.GET.getlist("s") if i.isdigit()]
    scenarios = selectors.scenarios_overview(municipality=municipality)
    if not ids:
        ids = [s.pk for s in scenarios[:3]]
    return render(
        request,
        "planning/compare.html",
        {
            "comparison": selectors.comparison(municipality=municipality, ids=ids),
            "scenarios": scenarios,
            "chosen": ids,
        },
    )


# --- political urgency ---------------------------------------------------------------------


@require_POST
@member_required(Action.SCENARIO_MANAGE)
def urgency_start(request: HttpRequest) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    form = UrgencyStartForm(
        request.POST, municipality=municipality, settings=translate.settings_for(municipality)
    )
    if not form.is_valid():
        messages.error(request, _("Kies een initiatief."))
        return redirect("planning:scenarios")
    year, quarter = parse_period(form.cleaned_data["period"])
    urgency = services.urgency_request_start(
        initiative=form.cleaned_data["initiative"], by=request.user, year=year, quarter=quarter
    )
    return redirect(urgency)


@member_required()
def urgency_detail(request: HttpRequest, pk: int) -> HttpResponse:
    urgency = selectors.urgency_get(user=request.user, pk=pk)
    rights = _rights(request, urgency.municipality_id)
    form = None
    if rights["can_decide"] and urgency.status == RunStatus.DONE and not urgency.chosen:
        form = UrgencyDecisionForm(municipality=urgency.municipality)
    return render(request, "planning/urgency.html", {"urgency": urgency, "form": form, **rights})


@member_required()
def urgency_progress(request: HttpRequest, pk: int) -> HttpResponse:
    urgency = selectors.urgency_get(user=request.user, pk=pk, light=True)
    response = render(request, "planning/_urgency_progress.html", {"urgency": urgency})
    if not urgency.is_active and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@require_POST
@member_required()
def urgency_decide(request: HttpRequest, pk: int) -> HttpResponse:
    urgency = selectors.urgency_get(user=request.user, pk=pk)
    _require(request, urgency.municipality_id, DECIDE)
    form = UrgencyDecisionForm(request.POST, municipality=urgency.municipality)
    if form.is_valid():
        try:
            services.urgency_decide(request=urgency, by=request.user, **form.cleaned_data)
        except services.PlanningError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Besluit vastgelegd."))
    else:
        messages.error(request, _("Kies een optie, een gremium en geef een motivering."))
    return redirect(urgency)


# --- value density, marginal value and efficient frontier ----------------------------------


@require_POST
@member_required()
def value_density(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = selectors.scenario_get(user=request.user, pk=pk)
    _require(request, scenario.municipality_id, MANAGE)
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
def scenario_framework(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = selectors.scenario_get(user=request.user, pk=pk)
    _require(request, scenario.municipality_id, MANAGE)
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
    except services.PlanningError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Waarde volgens %(fw)s: reken het scenario opnieuw door om het effect te zien.")
            % {"fw": framework},
        )
    return redirect(scenario)


@member_required()
def scenario_marginal(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = selectors.scenario_get(user=request.user, pk=pk)
    rights = _rights(request, scenario.municipality_id)
    analysis = selectors.latest_analysis(scenario)
    result = analysis.result if analysis is not None and analysis.result else None
    pools = CapacityPool.objects.in_municipality(scenario.municipality).order_by("name")
    limited = set(
        BudgetCapacity.objects.in_municipality(scenario.municipality).values_list("kind", flat=True)
    )
    budgets = [(f"budget-{k.value}", k.label) for k in BudgetKind if k.value in limited]
    return render(
        request,
        "planning/marginal.html",
        {
            "scenario": scenario,
            "analysis": analysis,
            "result": result,
            "chart": presenters.frontier_chart(result["frontier"]) if result else None,
            "pools": pools,
            "budgets": budgets,
            "has_run": scenario.runs.filter(status=RunStatus.DONE).exists(),
            **rights,
        },
    )


@require_POST
@member_required()
def marginal_start(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = selectors.scenario_get(user=request.user, pk=pk)
    _require(request, scenario.municipality_id, MANAGE)
    pool_id = request.POST.get("pool", "")
    pool, budget_kind = None, ""
    if pool_id.isdigit():
        pool = (
            CapacityPool.objects.in_municipality(scenario.municipality).filter(pk=pool_id).first()
        )
    elif pool_id.startswith("budget-") and pool_id[7:] in BudgetKind.values:
        budget_kind = pool_id[7:]
    try:
        services.marginal_start(
            scenario=scenario, by=request.user, pool=pool, budget_kind=budget_kind
        )
    except services.PlanningError as error:
        messages.error(request, str(error))
    return redirect("planning:marginal", scenario.pk)


@member_required()
def marginal_progress(request: HttpRequest, pk: int) -> HttpResponse:
    analysis = selectors.analysis_get(user=request.user, pk=pk)
    response = render(request, "planning/_marginal_progress.html", {"analysis": analysis})
    if not analysis.is_active and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


# --- the plan of record: capacity heat map and roadmap -------------------------------------


@member_required(Action.CAPACITY_VIEW)
def capacity_map(request: HttpRequest) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    plan, run = selectors.plan_run(municipality=municipality)
    return render(
        request,
        "planning/capacity_map.html",
        {
            "plan": plan,
            "run": run,
            "rows": selectors.heat_rows(run.problem, run.solution or {})
            if run and run.problem
            else [],
            "periods": (run.problem or {}).get("periods", []) if run else [],
        },
    )


@member_required(Action.CAPACITY_VIEW)
def capacity_cell(request: HttpRequest, pool: str, period: int) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    plan, run = selectors.plan_run(municipality=municipality)
    cell = selectors.heat_cell(run, pool, period) if run is not None else None
    if cell is None:
        raise Http404
    return render(request, "planning/capacity_cell.html", {"plan": plan, "run": run, "cell": cell})


@member_required(Action.CAPACITY_VIEW)
def roadmap(request: HttpRequest) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    plan, run = selectors.plan_run(municipality=municipality)
    preview = None
    moving = request.GET.get("initiatief", "")
    if run is not None and moving:
        periods = (run.problem or {}).get("periods", [])
        start = request.GET.get("start", "")
        if start in periods:
            preview = selectors.move_preview(run, moving, periods.index(start))
    return render(
        request,
        "planning/roadmap.html",
        {
            "plan": plan,
            "run": run,
            "roadmap": selectors.roadmap(run) if run is not None else None,
            "preview": preview,
            "moving": moving,
        },
    )
