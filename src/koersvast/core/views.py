"""The page shell: home, health check, pages that later issues fill, and error pages."""

from __future__ import annotations

from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.utils import timezone
from django.views.decorators.cache import never_cache

from koersvast import __version__
from koersvast.portfolio import selectors as portfolio_selectors
from koersvast.tenancy.policy import Action, can

from . import figures, tasks
from .decorators import member_required


@member_required()
def home(request: HttpRequest) -> HttpResponse:
    """The user's own tasks and the portfolio overview for viewers; submitters go to the intake,
    administrators to Beheer."""
    municipality = request.municipality  # type: ignore[attr-defined]
    if can(request.user, municipality.pk, Action.PORTFOLIO_VIEW):
        overview = figures.cached(
            "overview",
            municipality.pk,
            (),
            lambda: portfolio_selectors.portfolio_overview(municipality=municipality),
        )
        task_groups = tasks.my_tasks(
            user=request.user, municipality=municipality, today=timezone.localdate()
        )
        return render(request, "core/home.html", {"overview": overview, "task_groups": task_groups})
    if can(request.user, municipality.pk, Action.INITIATIVE_SUBMIT):
        return redirect("intake:board")
    return redirect("administration:index")


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for load balancers and monitoring (no login, no details)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except DatabaseError:
        database = "unavailable"
    status = 200 if database == "ok" else 503
    body = {
        "status": "ok" if status == 200 else "error",
        "database": database,
        "version": __version__,
    }
    return JsonResponse(body, status=status)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    # Rendered without context processors: the database may be the reason we are here.
    return HttpResponseServerError(loader.get_template("500.html").render())
