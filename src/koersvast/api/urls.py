"""`/api/v1/`: the router, the OpenAPI document and its documentation page."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.urls import URLPattern, path, re_path
from drf_spectacular.renderers import OpenApiJsonRenderer
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from .base import API_VERSION
from .endpoints import capacity, framework, intake, monitoring, planning, portfolio, scores
from .problems import not_found

app_name = "api"

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("domains", portfolio.DomainViewSet, basename="domain")
router.register("initiatives", portfolio.InitiativeViewSet, basename="initiative")
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
router.register("scenarios", planning.ScenarioViewSet, basename="scenario")
router.register("scenario-runs", planning.ScenarioRunViewSet, basename="scenario-run")
router.register("progress-reports", monitoring.ProgressReportViewSet, basename="progress-report")
router.register("risks", monitoring.RiskViewSet, basename="risk")
router.register("benefits", monitoring.BenefitViewSet, basename="benefit")


class OpenApiDocumentView(SpectacularAPIView):
    """The OpenAPI 3 document, always as JSON (public: it describes, it does not disclose)."""

    renderer_classes = [OpenApiJsonRenderer]


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
        # The split view serves its start script from a URL: the CSP forbids inline script.
        path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
        *router.urls,
        re_path(r"^.*$", not_found, name="not_found"),
    ]
)
