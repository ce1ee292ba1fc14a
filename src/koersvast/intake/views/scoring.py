"""The score sheet of an initiative (with conflicts shown side by side), WSJF, and re-scoring
under a new framework version."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from koersvast.core.concurrency import VERSION_FIELD, Difference, EditConflict
from koersvast.core.decorators import member_required
from koersvast.framework.models import Framework
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.access import get_for_user_or_404
from koersvast.tenancy.policy import Action, require

from ..forms.scoring import WsjfForm
from ..selectors import dossier as selectors
from ..services import scoring as scoring_services
from ..services.common import IntakeError
from ..services.scoring import framework_rescore, score_version, wsjf_estimate
from .common import initiative_for


@member_required(object_actions=(Action.INITIATIVE_MANAGE,))
def initiative_score(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = initiative_for(request, pk, Action.INITIATIVE_MANAGE)
    dossier = selectors.initiative_dossier(initiative=initiative, user=request.user)
    if dossier.framework is None:
        messages.error(request, _("Er is nog geen vastgesteld afwegingskader om tegen te scoren."))
        return redirect(initiative.get_absolute_url())
    errors: list[str] = []
    conflict: list[Difference] | None = None
    shown: dict[str, dict[int, Any]] = {
        "objective": dict(dossier.contributions),
        "axis": dict(dossier.impacts),
    }
    version = score_version(dossier.score)
    if request.method == "POST":
        contributions = _scores_posted(request, "objective", dossier.objectives)
        impacts = _scores_posted(request, "axis", dossier.axes)
        # What the user entered stays on the page, whatever goes wrong below.
        shown = {"objective": _as_shown(contributions), "axis": _as_shown(impacts)}
        try:
            score = scoring_services.initiative_score(
                initiative=initiative,
                framework=dossier.framework,
                contributions=_valid(contributions),
                impacts=_valid(impacts),
                by=request.user,
                expected_version=request.POST.get(VERSION_FIELD),
            )
            messages.success(
                request,
                _("Scores opgeslagen: prioriteitsscore %(score)s.")
                % {"score": f"{score.total:.1f}"},
            )
            return redirect(initiative.get_absolute_url())
        except EditConflict:
            dossier = selectors.initiative_dossier(initiative=initiative, user=request.user)
            conflict = _score_differences(dossier, contributions, impacts)
            version = score_version(dossier.score)
        except IntakeError as error:
            errors.append(str(error))
    return render(
        request,
        "intake/score_form.html",
        {
            "dossier": dossier,
            "initiative": initiative,
            "errors": errors,
            "conflict": conflict,
            "version": version,
            "shown": shown,
            "contribution_scale": range(-3, 4),
        },
    )


@dataclass(frozen=True)
class ScoreShown:
    """A score as the form shows it again: the user's own input after an error or conflict."""

    score: int | None
    reason: str


def _scores_posted(
    request: HttpRequest, prefix: str, items: Iterable[Any]
) -> dict[int, tuple[str, str]]:
    """(raw score, reason) per objective or axis that has a score in the post."""
    posted = {}
    for item in items:
        value = request.POST.get(f"{prefix}-{item.pk}", "").strip()
        if value != "":
            posted[item.pk] = (value, request.POST.get(f"{prefix}-{item.pk}-reason", "")[:300])
    return posted


def _valid(posted: dict[int, tuple[str, str]]) -> dict[int, tuple[int, str]]:
    try:
        return {pk: (int(value), reason) for pk, (value, reason) in posted.items()}
    except ValueError:
        raise IntakeError(_("Een score is een geheel getal.")) from None


def _as_shown(posted: dict[int, tuple[str, str]]) -> dict[int, ScoreShown]:
    shown = {}
    for pk, (value, reason) in posted.items():
        try:
            shown[pk] = ScoreShown(int(value), reason)
        except ValueError:
            shown[pk] = ScoreShown(None, reason)
    return shown


def _score_text(score: Any, reason: str) -> str:
    if score is None:
        return "—"
    return f"{score} ({reason})" if reason else str(score)


def _score_differences(
    dossier: selectors.Dossier,
    contributions: dict[int, tuple[str, str]],
    impacts: dict[int, tuple[str, str]],
) -> list[Difference]:
    """Where the user's scores differ from the ones saved meanwhile."""
    found = []
    for items, posted, saved in (
        (dossier.objectives, contributions, dossier.contributions),
        (dossier.axes, impacts, dossier.impacts),
    ):
        for item in items:
            mine = _score_text(*posted.get(item.pk, (None, "")))
            stored = saved.get(item.pk)
            theirs = _score_text(stored.score, stored.reason) if stored else "—"
            if mine != theirs:
                found.append(Difference(str(item.name), mine, theirs))
    return found


@member_required()
def initiative_wsjf(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = initiative_for(request, pk, Action.INITIATIVE_MANAGE)
    form = WsjfForm(request.POST or None, instance=getattr(initiative, "wsjf", None))
    if request.method == "POST" and form.is_valid():
        try:
            wsjf_estimate(initiative=initiative, by=request.user, **form.cleaned_data)
            messages.success(request, _("WSJF-schatting opgeslagen."))
            return redirect(initiative.get_absolute_url())
        except IntakeError as error:
            form.add_error(None, str(error))
    return render(request, "intake/wsjf_form.html", {"form": form, "initiative": initiative})


@member_required()
def rescore(request: HttpRequest, pk: int) -> HttpResponse:
    """Re-score every scored initiative under this published version and show the moves."""
    framework = get_for_user_or_404(Framework, request.user, pk=pk)
    require(request.user, framework.municipality_id, Action.FRAMEWORK_MANAGE)
    previous = (
        Framework.objects.filter(
            municipality_id=framework.municipality_id,
            status="published",
            version__lt=framework.version,
        )
        .order_by("-version")
        .first()
    )
    diff = None
    if request.method == "POST" and previous is not None:
        try:
            diff = framework_rescore(framework=framework, previous=previous, by=request.user)
        except IntakeError as error:
            messages.error(request, str(error))
    titles = {}
    if diff is not None:
        ids = [int(move.item_id) for move in diff.moves]
        titles = {
            str(i.pk): i for i in Initiative.objects.filter(pk__in=ids).only("reference", "title")
        }
    return render(
        request,
        "intake/rescore.html",
        {"framework": framework, "previous": previous, "diff": diff, "initiatives": titles},
    )
