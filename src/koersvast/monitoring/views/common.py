"""What the monitoring pages share: paging, the initiative, cached settings, filters."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils import timezone

from koersvast.core import figures
from koersvast.portfolio import selectors as portfolio_selectors
from koersvast.portfolio.models import Initiative

from ..selectors.phases import PhaseStep, phase_model
from ..selectors.reports import rag_definitions
from ..selectors.scope import SCOPE_KEYS

PAGE_SIZE = 50


def paginate(request: HttpRequest, items: Any, size: int = PAGE_SIZE) -> Any:
    return Paginator(items, size).get_page(request.GET.get("page"))


def initiative_or_404(request: HttpRequest, pk: int) -> Initiative:
    """The initiative (404 when the user may not see it); monitoring shows no demand."""
    return portfolio_selectors.initiative_get(user=request.user, pk=pk, with_demand=False)


def cached_phase_model(municipality_id: int) -> list[PhaseStep]:
    return figures.cached("phase-model", municipality_id, (), lambda: phase_model(municipality_id))


def cached_rag_definitions(municipality_id: int) -> list[tuple[str, str, str]]:
    return figures.cached(
        "rag-definitions",
        municipality_id,
        (),
        lambda: rag_definitions(municipality_id),
    )


def ensure(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def local_today() -> Any:
    return timezone.localdate()


def scope_filters(request: HttpRequest, *extra: str) -> dict[str, str]:
    """The scope filters (shared with the portfolio list and the dashboard) plus `extra`."""
    keys = (*SCOPE_KEYS, *extra)
    return {key: request.GET.get(key, "").strip() for key in keys if request.GET.get(key)}
