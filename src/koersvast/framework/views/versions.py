"""Afwegingskader pages: versions, the objective tree, impact axes, weights, AHP and exchange.

Views parse input, call one selector or service and render. Every object comes through
`get_for_user_or_404` (404 outside the user's municipalities); editing needs
`Action.FRAMEWORK_MANAGE` (403 for a member without it). A published version is shown
read-only: edit pages redirect back to it with a message.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from koersvast.core.decorators import member_required
from koersvast.tenancy.http import MemberRequest
from koersvast.tenancy.policy import Action, can

from . import exchange, forms, selectors, services
from .choices import ComparisonGroup
from .models import Framework, Objective

MANAGE = Action.FRAMEWORK_MANAGE
#: URL slugs of the sibling groups that are not under an objective.
GROUP_SLUGS = {"themas": ComparisonGroup.OBJECTIVES, "assen": ComparisonGroup.AXES}


def _can_manage(request: HttpRequest, framework: Framework) -> bool:
    return can(request.user, framework.municipality_id, MANAGE)


def _detail_url(framework: Framework) -> str:
    return reverse("framework:framework_detail", args=[framework.pk])


def _read_only_redirect(request: HttpRequest, framework: Framework) -> HttpResponse | None:
    """Send edits of a published version back to it, saying why."""
    if framework.is_draft:
        return None
    messages.error(
        request,
        _(
            "Versie %(version)s is vastgesteld en kan niet meer worden gewijzigd. Maak een "
            "nieuwe versie om wijzigingen voor te bereiden."
        )
        % {"version": framework.version},
    )
    return redirect(_detail_url(framework))


def _apply_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _form_page(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    return render(request, "framework/form.html", context, status=status)


# --- Versions -------------------------------------------------------------------------------


def _render_framework(request: HttpRequest, framework: Framework) -> HttpResponse:
    overview = selectors.framework_overview(framework=framework)
    return render(
        request,
        "framework/detail.html",
        {
            "framework": framework,
            "overview": overview,
            "versions": selectors.framework_versions(municipality=framework.municipality),
            "can_manage": _can_manage(request, framework),
            "editable": framework.is_draft and _can_manage(request, framework),
            "rounds": selectors.framework_rounds(framework=framework)
            if _can_manage(request, framework)
            else [],
            "invitations": selectors.open_rounds_for(
                user=request.user, municipality_id=framework.municipality_id
            ),
        },
    )


@member_required(Action.FRAMEWORK_VIEW)
def framework_index(request: MemberRequest) -> HttpResponse:
    municipality = request.municipality
    framework = selectors.current_framework(municipality=municipality)
    if framework is None:
        return render(
            request,
            "framework/empty.html",
            {"can_manage": can(request.user, municipality.pk, MANAGE)},
        )
    return _render_framework(request, framework)


@member_required(Action.FRAMEWORK_VIEW)
def framework_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_framework(request, selectors.framework_get(user=request.user, pk=pk))


@member_required(MANAGE)
def framework_create(request: MemberRequest) -> HttpResponse:
    form = forms.FrameworkCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        framework = services.framework_create(
            municipality=request.municipality,
            by=request.user,
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
        )
        messages.success(request, _("Het concept is aangemaakt met de vier standaard impactassen."))
        return redirect(_detail_url(framework))
    return _form_page(
        request,
        {
            "title": _("Nieuw afwegingskader"),
            "form": form,
            "submit": _("Aanmaken"),
            "cancel_url": reverse("framework:index"),
        },
    )


@member_required(MANAGE)
def framework_edit(request: HttpRequest, pk: int) -> HttpResponse:
    framework = selectors.framework_get(user=request.user, pk=pk, action=MANAGE)
    if response := _read_only_redirect(request, framework):
        return response
    form = forms.FrameworkForm.for_framework(framework, request.POST or None)
    if request.method == "POST" and form.is_valid():
        value_weight, impact_weight = form.split()
        try:
            services.framework_update(
                framework=framework,
                by=request.user,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                value_weight=value_weight,
                impact_weight=impact_weight,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("De gegevens van het concept zijn opgeslagen."))
            return redirect(_detail_url(framework))
    return _form_page(
        request,
        {
            "title": _("Concept bewerken"),
            "framework": framework,
            "form": form,
            "submit": _("Opslaan"),
            "cancel_url": _detail_url(framework),
        },
    )


@member_required(MANAGE)
def framework_publish(request: HttpRequest, pk: int) -> HttpResponse:
    framework = selectors.framework_get(user=request.user, pk=pk, action=MANAGE)
    if response := _read_only_redirect(request, framework):
        return response
    readiness = selectors.readiness(framework=framework)
    form = forms.PublishForm(
        request.POST if request.method == "POST" else None,
        municipality=framework.municipality,
        initial={"decision_date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.framework_publish(
                framework=framework,
                by=request.user,
                body=form.cleaned_data["body"],
                decision_date=form.cleaned_data["decision_date"],
                rationale=form.cleaned_data["rationale"],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Versie %(version)s is vastgesteld. Nieuwe scores gebruiken deze versie.")
                % {"version": framework.version},
            )
            return redirect(_detail_url(framework))
    return render(
        request,
        "framework/publish.html",
        {
            "framework": framework,
            "readiness": readiness,
            "form": form,
            "rounds": selectors.framework_rounds(framework=framework),
        },
    )


@member_required(MANAGE)
def framework_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    framework = selectors.framework_get(user=request.user, pk=pk, action=MANAGE)
    if request.method == "POST":
        copy = services.framework_new_version(framework=framework, by=request.user)
        messages.success(
            request,
            _("Versie %(version)s is aangemaakt als concept, op basis van versie %(source)s.")
            % {"version": copy.version, "source": framework.version},
        )
        return redirect(_detail_url(copy))
    return render(
        request,
        "framework/confirm.html",
        {
            "framework": framework,
            "title": _("Nieuwe versie maken"),
            "question": _(
                "Een nieuwe conceptversie kopieert de doelstellingen, gewichten, "
                "vergelijkingen en impactassen van versie %(version)s. Die versie blijft "
                "ongewijzigd."
            )
            % {"version": framework.version},
            "submit": _("Nieuwe versie maken"),
            "cancel_url": _detail_url(framework),
        },
    )


@member_required(Action.FRAMEWORK_VIEW)
def framework_export(request: HttpRequest, pk: int) -> HttpResponse:
    framework = selectors.framework_get(user=request.user, pk=pk)
    response = HttpResponse(
        exchange.framework_export_bytes(framework=framework),
        content_type="application/json; charset=utf-8",
    )
    filename = exchange.export_filename(framework)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@member_required(MANAGE)
def framework_import(request: MemberRequest) -> HttpResponse:
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    problems: list[exchange.Problem] = []
    if request.method == "POST" and form.is_valid():
        try:
            framework = exchange.framework_import(
                municipality=request.municipality,
                raw=form.cleaned_data["file"],
                by=request.user,
            )
        except exchange.FrameworkFileError as error:
            problems = error.problems
        else:
            messages.success(
                request,
                _("Het afwegingskader is ingelezen als concept (versie %(version)s).")
                % {"version": framework.version},
            )
            return redirect(_detail_url(framework))
    return render(
        request,
        "framework/import.html",
        {"form": form, "problems": problems},
        status=400 if problems else 200,
    )


# --- Objectives -----------------------------------------------------------------------------


@member_required(Action.FRAMEWORK_VIEW)
def objective_detail(request: HttpRequest, pk: int) -> HttpResponse:
    objective = selectors.objective_get(user=request.user, pk=pk)
    framework = objective.framework
    children = list(objective.children.order_by("order", "code"))
    group = selectors.weight_group(
        framework=framework, group=ComparisonGroup.OBJECTIVES, parent=objective.parent
    )
    return render(
        request,
        "framework/objective_detail.html",
        {
            "objective": objective,
            "framework": framework,
            "children": children,
            "depth": selectors.objective_depth(objective),
            "local_percent": group.percents.get(objective.pk),
            "editable": framework.is_draft and _can_manage(request, framework),
        },
    )


def _objective_fields(form: forms.ObjectiveForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    if data.get("order") is None:
        data.pop("order", None)
    return data


@member_required(MANAGE)
def objective_create(request: HttpRequest, pk: int) -> HttpResponse:
    framework = selectors.framework_get(user=request.user, pk=pk, action=MANAGE)
    if response := _read_only_redirect(request, framework):
        return response
    initial: dict[str, Any] = {"source": "coalitieakkoord"}
    parent_id = request.GET.get("parent", "")
    if parent_id.isdigit():
        initial["parent"] = int(parent_id)
    form = forms.ObjectiveForm(request.POST or None, initial=initial, framework=framework)
    if request.method == "POST" and form.is_valid():
        try:
            objective = services.objective_create(
                framework=framework, by=request.user, **_objective_fields(form)
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, _("Doelstelling %(name)s is toegevoegd.") % {"name": objective}
            )
            return redirect(_detail_url(framework))
    return _form_page(
        request,
        {
            "title": _("Doelstelling toevoegen"),
            "framework": framework,
            "form": form,
            "submit": _("Toevoegen"),
            "cancel_url": _detail_url(framework),
        },
    )


@member_required(MANAGE)
def objective_edit(request: HttpRequest, pk: int) -> HttpResponse:
    objective = selectors.objective_get(user=request.user, pk=pk, action=MANAGE)
    framework = objective.framework
    if response := _read_only_redirect(request, framework):
        return response
    form = forms.ObjectiveForm(
        request.POST or None,
        initial=forms.objective_initial(objective),
        framework=framework,
        exclude=objective,
    )
    if request.method == "POST" and form.is_valid():
        fields = _objective_fields(form)
        if fields.get("weight") is None:
            fields.pop("weight", None)
        try:
            services.objective_update(objective=objective, by=request.user, **fields)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, _("Doelstelling %(name)s is opgeslagen.") % {"name": objective}
            )
            return redirect(_detail_url(framework))
    return _form_page(
        request,
        {
            "title": _("Doelstelling %(code)s bewerken") % {"code": objective.code},
            "framework": framework,
            "form": form,
            "submit": _("Opslaan"),
            "cancel_url": reverse("framework:objective_detail", args=[objective.pk]),
        },
    )


@member_required(MANAGE)
def objective_delete(request: HttpRequest, pk: int) -> HttpResponse:
    objective = selectors.objective_get(user=request.user, pk=pk, action=MANAGE)
    framework = objective.framework
    if response := _read_only_redirect(request, framework):
        return response
    if request.method == "POST":
        services.objective_delete(objective=objective, by=request.user)
        messages.success(request, _("Doelstelling %(name)s is verwijderd.") % {"name": objective})
        return redirect(_detail_url(framework))
    return render(
        request,
        "framework/confirm.html",
        {
            "framework": framework,
            "title": _("Doelstelling %(code)s verwijderen") % {"code": objective.code},
            "question": _(
                "Weet u zeker dat u ‘%(name)s’ verwijdert? Onderliggende doelstellingen en "
                "vergelijkingen worden ook verwijderd."
            )
            % {"name": objective},
            "submit": _("Verwijderen"),
            "cancel_url": reverse("framework:objective_detail", args=[objective.pk]),
        },
    )


# --- Impact axes ----------------------------------------------------------------------------


def _axis_fields(form: forms.AxisForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    for key in ("weight", "order"):
        if data.get(key) is None:
            data.pop(key, None)
    return data


@member_required(MANAGE)
def axis_create(request: HttpRequest, pk: int) -> HttpResponse:
    framework = selectors.framework_get(user=request.user, pk=pk, action=MANAGE)
    if response := _read_only_redirect(request, framework):
        return response
    form = forms.AxisForm(
        request.POST or None,
        initial={"scale_min": 1, "scale_max": 5, "direction": "higher_is_worse"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            axis = services.axis_create(framework=framework, by=request.user, **_axis_fields(form))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Impactas %(name)s is toegevoegd.") % {"name": axis})
            return redirect(_detail_url(framework) + "#assen")
    return _form_page(
        request,
        {
            "title": _("Impactas toevoegen"),
            "framework": framework,
            "form": form,
            "submit": _("Toevoegen"),
            "cancel_url": _detail_url(framework),
        },
    )


@member_required(MANAGE)
def axis_edit(request: HttpRequest, pk: int) -> HttpResponse:
    axis = selectors.axis_get(user=request.user, pk=pk, action=MANAGE)
    framework = axis.framework
    if response := _read_only_redirect(request, framework):
        return response
    form = forms.AxisForm(request.POST or None, initial=forms.axis_initial(axis))
    if request.method == "POST" and form.is_valid():
        try:
            services.axis_update(axis=axis, by=request.user, **_axis_fields(form))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Impactas %(name)s is opgeslagen.") % {"name": axis})
            return redirect(_detail_url(framework) + "#assen")
    return _form_page(
        request,
        {
            "title": _("Impactas %(name)s bewerken") % {"name": axis.name},
            "framework": framework,
            "form": form,
            "submit": _("Opslaan"),
            "cancel_url": _detail_url(framework),
            "history_object": axis,
        },
    )


@member_required(MANAGE)
def axis_delete(request: HttpRequest, pk: int) -> HttpResponse:
    axis = selectors.axis_get(user=request.user, pk=pk, action=MANAGE)
    framework = axis.framework
    if response := _read_only_redirect(request, framework):
        return response
    if request.method == "POST":
        services.axis_delete(axis=axis, by=request.user)
        messages.success(request, _("Impactas %(name)s is verwijderd.") % {"name": axis})
        return redirect(_detail_url(framework) + "#assen")
    return render(
        request,
        "framework/confirm.html",
        {
            "framework": framework,
            "title": _("Impactas %(name)s verwijderen") % {"name": axis.name},
            "question": _("Weet u zeker dat u de impactas ‘%(name)s’ verwijdert?")
            % {"name": axis.name},
            "submit": _("Verwijderen"),
            "cancel_url": _detail_url(framework),
        },
    )


# --- Weights and AHP ------------------------------------------------------------------------


def _group_from_slug(
    request: HttpRequest, pk: int, group: str
) -> tuple[Framework, str, Objective | None]:
    if group not in GROUP_SLUGS:
        raise Http404
    framework = selectors.framework_get(user=request.user, pk=pk, action=MANAGE)
    return framework, GROUP_SLUGS[group], None


def _group_of_objective(request: HttpRequest, pk: int) -> tuple[Framework, str, Objective]:
    objective = selectors.objective_get(user=request.user, pk=pk, action=MANAGE)
    return objective.framework, ComparisonGroup.OBJECTIVES, objective


def _weights_page(
    request: HttpRequest, framework: Framework, group: str, parent: Objective | None
) -> HttpResponse:
    if response := _read_only_redirect(request, framework):
        return response
    weight_group = selectors.weight_group(framework=framework, group=group, parent=parent)
    form = forms.GroupWeightsForm(request.POST or None, group=weight_group)
    if request.method == "POST" and form.is_valid():
        try:
            services.group_weights_set(
                framework=framework,
                by=request.user,
                group=group,
                parent=parent,
                weights=form.weights(),
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                _("De gewichten van ‘%(group)s’ zijn opgeslagen.") % {"group": weight_group.title},
            )
            return redirect(_detail_url(framework))
    return render(
        request,
        "framework/weights.html",
        {
            "framework": framework,
            "group": weight_group,
            "form": form,
            "compare_url": _compare_url(framework, group, parent),
        },
    )


def _compare_url(framework: Framework, group: str, parent: Objective | None) -> str:
    if parent is not None:
        return reverse("framework:objective_compare", args=[parent.pk])
    slug = "assen" if group == ComparisonGroup.AXES else "themas"
    return reverse("framework:group_compare", args=[framework.pk, slug])


def _weights_url(framework: Framework, group: str, parent: Objective | None) -> str:
    if parent is not None:
        return reverse("framework:objective_weights", args=[parent.pk])
    slug = "assen" if group == ComparisonGroup.AXES else "themas"
    return reverse("framework:group_weights", args=[framework.pk, slug])


def _compare_page(
    request: HttpRequest, framework: Framework, group: str, parent: Objective | None
) -> HttpResponse:
    if response := _read_only_redirect(request, framework):
        return response
    weight_group = selectors.weight_group(framework=framework, group=group, parent=parent)
    form = forms.ComparisonForm(request.POST or None, group=weight_group)
    saved = False
    if request.method == "POST" and form.is_valid():
        try:
            weight_group = services.comparisons_save(
                framework=framework,
                by=request.user,
                group=group,
                parent=parent,
                judgements=form.judgements(),
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            saved = True
            form = forms.ComparisonForm(group=weight_group)
    return render(
        request,
        "framework/compare.html",
        {
            "framework": framework,
            "group": weight_group,
            "form": form,
            "saved": saved,
            "weights_url": _weights_url(framework, group, parent),
        },
    )


@member_required(MANAGE)
def group_weights(request: HttpRequest, pk: int, group: str) -> HttpResponse:
    return _weights_page(request, *_group_from_slug(request, pk, group))


@member_required(MANAGE)
def objective_weights(request: HttpRequest, pk: int) -> HttpResponse:
    return _weights_page(request, *_group_of_objective(request, pk))


@member_required(MANAGE)
def group_compare(request: HttpRequest, pk: int, group: str) -> HttpResponse:
    return _compare_page(request, *_group_from_slug(request, pk, group))


@member_required(MANAGE)
def objective_compare(request: HttpRequest, pk: int) -> HttpResponse:
    return _compare_page(request, *_group_of_objective(request, pk))


# --- Group comparison rounds (groepsvergelijking) -------------------------------------------


def _round_url(comparison_round: Any) -> str:
    return reverse("framework:round_detail", args=[comparison_round.pk])


@member_required(MANAGE)
def round_create(request: HttpRequest, pk: int) -> HttpResponse:
    framework = selectors.framework_get(user=request.user, pk=pk, action=MANAGE)
    if response := _read_only_redirect(request, framework):
        return response
    form = forms.RoundCreateForm(
        request.POST or None,
        municipality=framework.municipality,
        initial={"title": _("Weging %(name)s") % {"name": framework}},
    )
    if request.method == "POST" and form.is_valid():
        try:
            comparison_round = services.round_create(
                framework=framework,
                by=request.user,
                title=form.cleaned_data["title"],
                participants=form.cleaned_data["participants"],
                site_url=request.build_absolute_uri("/"),
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "De deelnemers zijn uitgenodigd: zij krijgen een e-mail met de link en "
                    "vinden de vergelijking ook bij het kader."
                ),
            )
            return redirect(_round_url(comparison_round))
    return _form_page(
        request,
        {
            "title": _("Groepsvergelijking starten"),
            "framework": framework,
            "form": form,
            "submit": _("Deelnemers uitnodigen"),
            "cancel_url": _detail_url(framework),
        },
    )


@member_required(MANAGE)
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    comparison_round = selectors.round_get(user=request.user, pk=pk)
    overview = selectors.round_overview(comparison_round=comparison_round)
    framework = comparison_round.framework
    return render(
        request,
        "framework/round_detail.html",
        {
            "framework": framework,
            "round": comparison_round,
            "overview": overview,
            "may_apply": comparison_round.is_open and framework.is_draft and overview.can_apply,
            "pending": overview.pending if comparison_round.is_open and framework.is_draft else [],
            "is_participant": any(p.user_id == request.user.pk for p in overview.participants),
        },
    )


@member_required(MANAGE)
@require_POST
def round_apply(request: HttpRequest, pk: int) -> HttpResponse:
    comparison_round = selectors.round_get(user=request.user, pk=pk)
    try:
        services.round_apply(comparison_round=comparison_round, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(_round_url(comparison_round))
    messages.success(
        request,
        _(
            "De groepsgewichten staan nu in het concept. Laat de versie vaststellen door het "
            "college."
        ),
    )
    return redirect(_detail_url(comparison_round.framework))


@member_required(MANAGE)
@require_POST
def round_remind(request: HttpRequest, pk: int) -> HttpResponse:
    """Mail a reminder to the participants who have not filled in every group."""
    comparison_round = selectors.round_get(user=request.user, pk=pk)
    try:
        count = services.round_remind(
            comparison_round=comparison_round,
            by=request.user,
            site_url=request.build_absolute_uri("/"),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if count:
            messages.success(
                request,
                ngettext(
                    "Een herinnering is gemaild aan %(count)s deelnemer.",
                    "Een herinnering is gemaild aan %(count)s deelnemers.",
                    count,
                )
                % {"count": count},
            )
        else:
            messages.info(request, _("Er is niemand om te herinneren (of zonder e-mailadres)."))
    return redirect(_round_url(comparison_round))


@member_required(Action.FRAMEWORK_VIEW)
def round_participate(request: HttpRequest, pk: int) -> HttpResponse:
    """A participant's own pairwise comparisons: every group of the version on one page."""
    comparison_round, participant = selectors.round_for_participant(user=request.user, pk=pk)
    framework = comparison_round.framework
    groups = selectors.comparable_groups(framework=framework)
    editable = comparison_round.is_open and framework.is_draft
    data = request.POST if request.method == "POST" and editable else None
    group_forms = [
        forms.ComparisonForm(
            data,
            group=group,
            stored=selectors.participant_judgements(participant, group),
            prefix=f"g{index}",
        )
        for index, group in enumerate(groups)
    ]
    saved = False
    error = ""
    if data is not None and all(form.is_valid() for form in group_forms):
        try:
            participant = services.round_judgements_save(
                comparison_round=comparison_round,
                by=request.user,
                judgements={
                    selectors.group_key(form.group): form.judgements() for form in group_forms
                },
            )
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            saved = True
    overview = selectors.round_overview(comparison_round=comparison_round)
    own = {
        entry.key: next(
            (row for row in entry.participants if row.participant.pk == participant.pk), None
        )
        for entry in overview.groups
    }
    sections = [(form, own.get(selectors.group_key(form.group))) for form in group_forms]
    return render(
        request,
        "framework/round_participate.html",
        {
            "framework": framework,
            "round": comparison_round,
            "participant": participant,
            "sections": sections,
            "saved": saved,
            "error": error,
            "editable": editable,
        },
        status=400 if data is not None and not saved else 200,
    )
