"""Intake pages: submit, follow, assess, advise, score and decide."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koersvast.capacity.models import CapacityPool
from koersvast.core.concurrency import VERSION_FIELD, Difference, EditConflict, differences
from koersvast.core.decorators import member_required
from koersvast.framework.models import Framework
from koersvast.portfolio import selectors as portfolio_selectors
from koersvast.portfolio.choices import LifecycleState, WorkForm
from koersvast.portfolio.models import Domain, Initiative
from koersvast.tenancy.access import get_for_user_or_404
from koersvast.tenancy.http import MemberRequest
from koersvast.tenancy.policy import Action, can, require

from . import selectors, services
from .choices import DecisionOutcome
from .forms import (
    MAX_QUARTERS,
    AdviceForm,
    AdviceRequestForm,
    AdviceResponseForm,
    AttachmentForm,
    CriterionForm,
    DecisionForm,
    GovernanceDecisionForm,
    GovernanceProposalForm,
    InitiativeForm,
    MeetingForm,
    RankingForm,
    TransitionForm,
    WsjfForm,
    members_of,
    parse_demand,
)
from .models import Advice, AdviceKind, Attachment, EntryCriterion, GovernanceProposal, Meeting

BOARD_FILTERS = ("domain", "work_form", "owner", "flag")
BACKLOG_PAGE_SIZE = 100


def _initiative(request: HttpRequest, pk: int, action: Action | None = None) -> Initiative:
    """The initiative (404 when the user may not see it), then the right to act on it (403)."""
    initiative = portfolio_selectors.initiative_get(user=request.user, pk=pk)
    if action is not None:
        require(request.user, initiative.municipality_id, action)
    return initiative


@member_required(Action.PORTFOLIO_VIEW, Action.INITIATIVE_SUBMIT)
def board(request: MemberRequest) -> HttpResponse:
    municipality = request.municipality
    filters = {key: request.GET.get(key, "").strip() for key in BOARD_FILTERS}
    columns = selectors.intake_board(user=request.user, municipality=municipality, filters=filters)
    return render(
        request,
        "intake/board.html",
        {
            "columns": columns,
            "filters": filters,
            "domains": Domain.objects.in_municipality(municipality),
            "work_forms": WorkForm.choices,
            "owners": members_of(municipality),
        },
    )


@member_required(Action.INITIATIVE_SUBMIT)
def my_initiatives(request: MemberRequest) -> HttpResponse:
    initiatives = selectors.my_initiatives(user=request.user, municipality=request.municipality)
    return render(request, "intake/my_initiatives.html", {"initiatives": initiatives})


def _demand_grid(pools: list[CapacityPool], initiative: Initiative | None, data: Any) -> list[Any]:
    existing: dict[tuple[int, int], Any] = {}
    if initiative is not None and initiative.pk:
        existing = {(d.pool_id, d.offset): d.hours for d in initiative.demands.all()}
    rows = []
    for pool in pools:
        cells = []
        for offset in range(MAX_QUARTERS):
            name = f"demand-{pool.pk}-{offset}"
            value = data.get(name) if data is not None else existing.get((pool.pk, offset), "")
            cells.append(
                {"name": name, "value": value if value not in (None, 0) else "", "q": offset + 1}
            )
        rows.append({"pool": pool, "cells": cells})
    return rows


def _edit(request: HttpRequest, initiative: Initiative) -> HttpResponse:
    municipality = initiative.municipality
    pools = list(CapacityPool.objects.in_municipality(municipality))
    data = request.POST if request.method == "POST" else None
    form = InitiativeForm(
        data,
        instance=initiative,
        municipality=municipality,
        may_manage=can(request.user, municipality.pk, Action.INITIATIVE_MANAGE),
    )
    demand_errors: list[str] = []
    conflict: list[Difference] | None = None
    if request.method == "POST" and form.is_valid():
        demand, demand_errors = parse_demand(
            request.POST, pools, form.cleaned_data["duration_quarters"]
        )
        if not demand_errors:
            try:
                return _save(request, form, demand)
            except EditConflict as error:
                conflict = differences(form, error.current)
                form.refresh_version(error.current)
    return render(
        request,
        "intake/initiative_form.html",
        {
            "form": form,
            "initiative": initiative if initiative.pk else None,
            "demand_rows": _demand_grid(pools, initiative, data),
            "demand_errors": demand_errors,
            "quarters": range(1, MAX_QUARTERS + 1),
            "conflict": conflict,
        },
    )


def _save(
    request: HttpRequest, form: InitiativeForm, demand: dict[int, list[Decimal]]
) -> HttpResponse:
    """Save (and maybe submit) the edit; raises EditConflict when someone saved meanwhile."""
    submit = "submit" in request.POST
    with transaction.atomic():
        saved = services.initiative_save(
            initiative=form.save(commit=False),
            by=request.user,
            demand=demand,
            expected_version=form.expected_version(),
        )
        if submit:
            try:
                services.initiative_transition(
                    initiative=saved, target="ingediend", by=request.user
                )
            except services.IntakeError as error:
                messages.warning(
                    request,
                    _("Opgeslagen als concept. Nog niet ingediend: %(why)s") % {"why": error},
                )
                return redirect(saved.get_absolute_url())
    messages.success(request, _("Ingediend.") if submit else _("Concept opgeslagen."))
    return redirect(saved.get_absolute_url())


@member_required(Action.INITIATIVE_SUBMIT)
def initiative_create(request: MemberRequest) -> HttpResponse:
    return _edit(request, Initiative(municipality=request.municipality))


@member_required()
def initiative_edit(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative(request, pk)
    if not services.may_edit(request.user, initiative):
        raise PermissionDenied
    return _edit(request, initiative)


@member_required()
@require_POST
def initiative_transition(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative(request, pk)
    form = TransitionForm(request.POST)
    if form.is_valid() and _unconfirmed_open_advice(request, initiative, form):
        return redirect(initiative.get_absolute_url())
    if form.is_valid():
        try:
            services.initiative_transition(
                initiative=initiative,
                target=form.cleaned_data["target"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("Status bijgewerkt."))
        except services.IntakeError as error:
            messages.error(request, str(error))
    return redirect(initiative.get_absolute_url())


def _unconfirmed_open_advice(
    request: HttpRequest, initiative: Initiative, form: TransitionForm
) -> bool:
    """Putting an initiative on the decision agenda while advice is still open is a warning the
    portfolio manager confirms (issue 15); True when it was not confirmed."""
    if form.cleaned_data["target"] != LifecycleState.DECISION:
        return False
    if request.POST.get("confirm_open_advice") == "1":
        return False
    kinds = selectors.open_advice([initiative.pk]).get(initiative.pk)
    if not kinds:
        return False
    messages.warning(
        request,
        _("Gevraagd advies staat nog open (%(kinds)s); vink ‘Toch agenderen’ aan om door te gaan.")
        % {"kinds": ", ".join(kinds)},
    )
    return True


@member_required(object_actions=(Action.INITIATIVE_MANAGE,))
@require_POST
def advice_request(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative(request, pk, Action.INITIATIVE_MANAGE)
    kinds = AdviceKind.objects.in_municipality(initiative.municipality).active()
    form = AdviceRequestForm(request.POST, kinds=list(kinds))
    if form.is_valid():
        services.advice_request(
            initiative=initiative, kinds=form.cleaned_data["kinds"], by=request.user
        )
        messages.success(request, _("Advies gevraagd; de adviseurs zijn op de hoogte gebracht."))
    else:
        messages.error(request, _("Kies ten minste één soort advies."))
    return redirect(initiative.get_absolute_url())


@member_required()
@require_POST
def advice_respond(request: HttpRequest, pk: int) -> HttpResponse:
    """The owner's response to a given advice."""
    advice = get_for_user_or_404(Advice.objects.select_related("initiative"), request.user, pk=pk)
    if not services.may_respond(request.user, advice.initiative):
        raise PermissionDenied
    form = AdviceResponseForm(request.POST)
    try:
        services.advice_respond(
            advice=advice,
            by=request.user,
            response=form.data.get("response", "") if form.is_valid() else "",
        )
        messages.success(request, _("Reactie op het advies vastgelegd."))
    except services.IntakeError as error:
        messages.error(request, str(error))
    return redirect(advice.initiative.get_absolute_url())


@member_required()
def advice_give(request: HttpRequest, pk: int) -> HttpResponse:
    advice = get_for_user_or_404(
        Advice.objects.with_kind_names().select_related("initiative"), request.user, pk=pk
    )
    if not services.may_give_advice(request.user, advice):  # the role that gives this kind
        raise PermissionDenied
    initial = {k: getattr(advice, k) for k in ("verdict", "explanation", "conditions", "risks")}
    form = AdviceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.advice_give(advice=advice, by=request.user, **form.cleaned_data)
            messages.success(request, _("Advies vastgelegd."))
            return redirect(advice.initiative.get_absolute_url())
        except services.IntakeError as error:
            form.add_error("conditions", str(error))
    return render(request, "intake/advice_form.html", {"form": form, "advice": advice})


@member_required(object_actions=(Action.INITIATIVE_MANAGE,))
def initiative_score(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative(request, pk, Action.INITIATIVE_MANAGE)
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
    version = services.score_version(dossier.score)
    if request.method == "POST":
        contributions = _scores_posted(request, "objective", dossier.objectives)
        impacts = _scores_posted(request, "axis", dossier.axes)
        # What the user entered stays on the page, whatever goes wrong below.
        shown = {"objective": _as_shown(contributions), "axis": _as_shown(impacts)}
        try:
            score = services.initiative_score(
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
            version = services.score_version(dossier.score)
        except services.IntakeError as error:
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
        raise services.IntakeError(_("Een score is een geheel getal.")) from None


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


@member_required(object_actions=(Action.DECISION_RECORD,))
def decision_create(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative(request, pk, Action.DECISION_RECORD)
    initial: dict[str, Any] = {"meeting": request.GET.get("meeting")}
    meeting = Meeting.objects.filter(
        pk=initial["meeting"] or 0, municipality=initiative.municipality
    ).first()
    if meeting is not None:
        initial["body"] = meeting.body_id
    form = DecisionForm(request.POST or None, initial=initial, municipality=initiative.municipality)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_record(initiative=initiative, by=request.user, **form.cleaned_data)
            messages.success(request, _("Besluit vastgelegd."))
            return redirect(initiative.get_absolute_url())
        except services.IntakeError as error:
            form.add_error(None, str(error))
    dossier = selectors.initiative_dossier(initiative=initiative, user=request.user)
    return render(
        request,
        "intake/decision_form.html",
        {
            "form": form,
            "initiative": initiative,
            "dossier": dossier,
            "score_terms": (
                selectors.score_terms(dossier.score, dossier.objectives, dossier.axes)
                if dossier.score
                else []
            ),
            # The mandate check: per body, whether admitting is within its mandate.
            "mandates": [
                (
                    body,
                    body.may_take(DecisionOutcome.ADMIT)
                    and body.within_mandate(initiative.total_budget),
                )
                for body in form.fields["body"].queryset  # type: ignore[attr-defined]
            ],
        },
    )


@member_required()
@require_POST
def criterion_check(request: HttpRequest, pk: int, criterion_pk: int) -> HttpResponse:
    initiative = _initiative(request, pk)
    criterion = get_for_user_or_404(
        EntryCriterion.objects.filter(municipality_id=initiative.municipality_id),
        request.user,
        pk=criterion_pk,
    )
    require(request.user, initiative.municipality_id, Action.INITIATIVE_MANAGE)
    services.criterion_check(
        initiative=initiative,
        criterion=criterion,
        met=request.POST.get("met") == "1",
        note=request.POST.get("note", "")[:1000],
        by=request.user,
    )
    messages.success(request, _("Toets vastgelegd."))
    return redirect(initiative.get_absolute_url())


@member_required()
@require_POST
def attachment_upload(request: MemberRequest, pk: int) -> HttpResponse:
    initiative = _initiative(request, pk)
    if not services.may_edit(request.user, initiative):
        raise PermissionDenied
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        Attachment.objects.create(
            municipality=initiative.municipality,
            initiative=initiative,
            file=upload,
            name=upload.name[:200],
            size=upload.size,
            uploaded_by=request.user,
        )
        messages.success(request, _("Bijlage toegevoegd."))
    else:
        messages.error(request, " ".join(str(error) for error in form.errors.get("file", [])))
    return redirect(initiative.get_absolute_url())


@member_required()
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = get_for_user_or_404(Attachment, request.user, pk=pk)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


@member_required(Action.PORTFOLIO_VIEW)
def backlog(request: MemberRequest) -> HttpResponse:
    municipality = request.municipality
    method = selectors.ranking_method(municipality)
    rows = selectors.backlog(user=request.user, municipality=municipality, method=method)
    page = Paginator(rows, BACKLOG_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "intake/backlog.html", {"page": page, "rows": page.object_list, "method": method}
    )


@member_required(Action.PORTFOLIO_VIEW)
def decision_log(request: MemberRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    outcome = request.GET.get("outcome", "")
    decisions = selectors.decision_log(
        municipality=request.municipality, query=query, outcome=outcome
    )
    page = Paginator(decisions, 50).get_page(request.GET.get("page"))
    governance = Paginator(
        selectors.governance_log(municipality=request.municipality, query=query),
        50,
    ).get_page(request.GET.get("vpage"))
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("vpage", None)
    return render(
        request,
        "intake/decision_log.html",
        {
            "page": page,
            "governance": governance,
            "q": query,
            "outcome": outcome,
            "outcomes": DecisionOutcome.choices,
            "querystring": params.urlencode(),
        },
    )


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


@member_required()
def initiative_wsjf(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative(request, pk, Action.INITIATIVE_MANAGE)
    form = WsjfForm(request.POST or None, instance=getattr(initiative, "wsjf", None))
    if request.method == "POST" and form.is_valid():
        try:
            services.wsjf_estimate(initiative=initiative, by=request.user, **form.cleaned_data)
            messages.success(request, _("WSJF-schatting opgeslagen."))
            return redirect(initiative.get_absolute_url())
        except services.IntakeError as error:
            form.add_error(None, str(error))
    return render(request, "intake/wsjf_form.html", {"form": form, "initiative": initiative})


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
            diff = services.framework_rescore(
                framework=framework, previous=previous, by=request.user
            )
        except services.IntakeError as error:
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


@member_required(Action.PORTFOLIO_VIEW)
def meetings(request: MemberRequest) -> HttpResponse:
    items = Meeting.objects.in_municipality(request.municipality).select_related("body")
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    return render(request, "intake/meetings.html", {"page": page})


@member_required(Action.INITIATIVE_MANAGE)
def meeting_create(request: MemberRequest) -> HttpResponse:
    municipality = request.municipality
    meeting = Meeting(municipality=municipality)
    form = MeetingForm(request.POST or None, instance=meeting, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        meeting = form.save()
        messages.success(request, _("Vergadering aangemaakt."))
        return redirect("intake:meeting", pk=meeting.pk)
    return render(request, "intake/meeting_form.html", {"form": form})


@member_required()
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_for_user_or_404(Meeting.objects.select_related("body"), request.user, pk=pk)
    agenda = meeting.agenda.select_related("domain").order_by("reference")
    decisions = {d.initiative_id: d for d in meeting.decisions.all()}
    rows = [(initiative, decisions.get(initiative.pk)) for initiative in agenda]
    return render(request, "intake/meeting_detail.html", {"meeting": meeting, "rows": rows})


# --- governance of running work (decision 0403) -------------------------------------------


@member_required(object_actions=(Action.INITIATIVE_MANAGE, Action.PROGRESS_REPORT))
def governance_propose(request: HttpRequest, pk: int) -> HttpResponse:
    """Propose to stop, pause, resume or change running work (from the initiative page, or from
    a progress report with `?rapportage=<id>`)."""
    initiative = _initiative(request, pk)
    if not services.may_propose(request.user, initiative):
        raise PermissionDenied
    report = None
    report_id = request.GET.get("rapportage") or request.POST.get("rapportage")
    if report_id:
        from koersvast.monitoring.models import ProgressReport

        report = get_for_user_or_404(
            ProgressReport.objects.filter(initiative=initiative),
            request.user,
            pk=int(report_id) if str(report_id).isdigit() else 0,
        )
    kinds = [(kind.value, kind.label) for kind in services.governance_kinds(initiative)]
    initial = {"kind": request.GET.get("soort")} if request.GET.get("soort") else None
    form = GovernanceProposalForm(request.POST or None, kinds=kinds, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.governance_propose(
                initiative=initiative, by=request.user, progress_report=report, **form.cleaned_data
            )
            messages.success(request, _("Voorstel ingediend; de opdrachtgever besluit erover."))
            return redirect(initiative.get_absolute_url())
        except services.IntakeError as error:
            form.add_error(None, str(error))
    return render(
        request,
        "intake/governance_propose.html",
        {"form": form, "initiative": initiative, "report": report},
    )


def _proposal(request: HttpRequest, pk: int) -> GovernanceProposal:
    return get_for_user_or_404(
        GovernanceProposal.objects.select_related(
            "initiative", "proposed_by", "progress_report", "body"
        ),
        request.user,
        pk=pk,
    )


@member_required(object_actions=(Action.DECISION_RECORD,))
def governance_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The decision on a proposal about running work."""
    proposal = _proposal(request, pk)
    if not services.may_decide_proposal(request.user, proposal):
        raise PermissionDenied
    initiative = proposal.initiative
    as_sponsor = initiative.official_sponsor_id == request.user.pk
    form = GovernanceDecisionForm(
        request.POST or None,
        bodies=services.governance_bodies(request.user, initiative.municipality_id),
        as_sponsor=as_sponsor,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.governance_decide(proposal=proposal, by=request.user, **form.cleaned_data)
            messages.success(request, _("Besluit vastgelegd."))
            return redirect(initiative.get_absolute_url())
        except services.IntakeError as error:
            form.add_error(None, str(error))
    return render(
        request,
        "intake/governance_decide.html",
        {"form": form, "proposal": proposal, "initiative": initiative},
    )


@member_required(object_actions=(Action.INITIATIVE_MANAGE, Action.PROGRESS_REPORT))
@require_POST
def governance_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    try:
        services.governance_withdraw(proposal=proposal, by=request.user)
        messages.success(request, _("Voorstel ingetrokken."))
    except services.IntakeError as error:
        messages.error(request, str(error))
    return redirect(proposal.initiative.get_absolute_url())
