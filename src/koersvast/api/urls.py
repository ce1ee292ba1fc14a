"""`/api/v1/`: the router, the OpenAPI document and its documentation page."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.urls import URLPattern, path, re_path
from drf_spectacular.renderers import OpenApiJsonRenderer
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from .base import API_VERSION
from .docs import DocsView
from .endpoints import (
    capacity,
    council,
    dependencies,
    finance,
    framework,
    intake,
    lessons,
    monitoring,
    planning,
    portfolio,
    scores,
)
from .problems import not_found, slash_redirect

app_name = "api"

# No trailing slashes (NL API Design Rules, /core/no-trailing-slash); the old paths with a slash
# redirect (308) until the next minor release.
router = DefaultRouter(trailing_slash=False)
router.include_root_view = False
router.include_format_suffixes = False  # `/initiatives/1.json` is no resource of ours
router.register("domains", portfolio.DomainViewSet, basename="domain")
router.register("initiatives", portfolio.InitiativeViewSet, basename="initiative")
router.register("dependencies", dependencies.DependencyViewSet, basename="dependency")
router.register("alternatives", dependencies.AlternativeViewSet, basename="alternative")
router.register("objectives", framework.ObjectiveViewSet, basename="objective")
router.register("impact-axes", framework.ImpactAxisViewSet, basename="impact-axis")
router.register("contributions", scores.ContributionViewSet, basename="contribution")
router.register("impact-scores", scores.ImpactScoreViewSet, basename="impact-score")
router.register("priority-scores", scores.PriorityScoreViewSet, basename="priority-score")
router.register("advice", intake.AdviceViewSet, basename="advice")
router.register("decision-bodies", intake.DecisionBodyViewSet, basename="decision-body")
router.register("decisions", intake.DecisionViewSet, basename="decision")
router.register("capacity-pools", capacity.CapacityPoolViewSet, basename="capacity-pool")
router.register("pool-capacities", capacity.PoolCapacityViewSet, basename="pool-capacity")
router.register("budget-capacities", capacity.BudgetCapacityViewSet, basename="budget-capacity")
router.register("demands", capacity.DemandViewSet, basename="demand")
router.register("people", capacity.PersonViewSet, basename="person")
router.register("allocations", capacity.AllocationViewSet, basename="allocation")
router.register("scenarios", planning.ScenarioViewSet, basename="scenario")
router.register("scenario-runs", planning.ScenarioRunViewSet, basename="scenario-run")
router.register("plan-versions", planning.PlanVersionViewSet, basename="plan-version")
router.register("plan-items", planning.PlanItemViewSet, basename="plan-item")
router.register("progress-reports", monitoring.ProgressReportViewSet, basename="progress-report")
router.register("risks", monitoring.RiskViewSet, basename="risk")
router.register("benefits", monitoring.BenefitViewSet, basename="benefit")
router.register("lessons", lessons.LessonViewSet, basename="lesson")
router.register("opgaven", monitoring.OpgaveViewSet, basename="opgave")
router.register("programmes", monitoring.ProgrammeViewSet, basename="programme")
router.register("programme-reports", monitoring.ProgrammeReportViewSet, basename="programme-report")
router.register("investments", finance.InvestmentViewSet, basename="investment")
router.register("exploitation-lines", finance.ExploitationLineViewSet, basename="exploitation-line")
router.register("fundings", finance.FundingViewSet, basename="funding")
router.register("asset-categories", finance.AssetCategoryViewSet, basename="asset-category")
router.register("budget-versions", finance.BudgetVersionViewSet, basename="budget-version")
router.register(
    "budget-version-lines", finance.BudgetVersionLineViewSet, basename="budget-version-line"
)
router.register("commitments", council.CommitmentViewSet, basename="commitment")
router.register("motions", council.MotionViewSet, basename="motion")
router.register("council-moments", council.CouncilMomentViewSet, basename="council-moment")


class OpenApiDocumentView(SpectacularAPIView):
    """The OpenAPI 3 document, always as JSON (public: it describes, it does not disclose)."""

    renderer_classes = [OpenApiJsonRenderer]

    @extend_schema(exclude=True)  # described by hand (schema.py), as served
    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().get(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"  # public, as the design rules ask
        return response


def with_version(view: Callable[..., Any]) -> Callable[..., Any]:
    """Add the `API-Version` header (NL API Design Rules) to every response of the API."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        response = view(*args, **kwargs)
        response["API-Version"] = API_VERSION
        return response

    return wrapper


def _versioned(patterns: list[Any]) -> list[Any]:
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = with_version(pattern.callback)
    return patterns


urlpatterns = _versioned(
    [
        path("openapi.json", OpenApiDocumentView.as_view(), name="schema"),
        path("docs", DocsView.as_view(), name="docs"),
        path(
            "multi-year-estimate",
            finance.MultiYearEstimateView.as_view(),
            name="multi-year-estimate",
        ),
        *router.urls,
        re_path(r"^(?P<path>.+)/$", slash_redirect, name="slash_redirect"),
        re_path(r"^.*$", not_found, name="not_found"),
    ]
)
