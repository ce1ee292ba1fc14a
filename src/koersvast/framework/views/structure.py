"""The objectives and impact axes of a draft."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from koersvast.core.decorators import member_required
from koersvast.tenancy.policy import Action

from .. import forms
from ..choices import ComparisonGroup
from ..selectors.tree import objective_depth
from ..selectors.versions import axis_get, framework_get, objective_get
from ..selectors.weights import weight_group
from ..services import structure as services
from .common import MANAGE, apply_errors, detail_url, form_page, read_only_redirect, user_manages

# --- Objectives -----------------------------------------------------------------------------


@member_required(Action.FRAMEWORK_VIEW)
def objective_detail(request: HttpRequest, pk: int) -> HttpResponse:
    objective = objective_get(user=request.user, pk=pk)
    framework = objective.framework
    children = list(objective.children.order_by("order", "code"))
    group = weight_group(
        framework=framework, group=ComparisonGroup.OBJECTIVES, parent=objective.parent
    )
    return render(
        request,
        "framework/objective_detail.html",
        {
            "objective": objective,
            "framework": framework,
            "children": children,
            "depth": objective_depth(objective),
            "local_percent": group.percents.get(objective.pk),
            "editable": framework.is_draft and user_manages(request, framework),
        },
    )


def _objective_fields(form: forms.ObjectiveForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    if data.get("order") is None:
        data.pop("order", None)
    return data


@member_required(MANAGE)
def objective_create(request: HttpRequest, pk: int) -> HttpResponse:
    framework = framework_get(user=request.user, pk=pk, action=MANAGE)
    if response := read_only_redirect(request, framework):
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
            apply_errors(form, error)
        else:
            messages.success(
                request, _("Doelstelling %(name)s is toegevoegd.") % {"name": objective}
            )
            return redirect(detail_url(framework))
    return form_page(
        request,
        {
            "title": _("Doelstelling toevoegen"),
            "framework": framework,
            "form": form,
            "submit": _("Toevoegen"),
            "cancel_url": detail_url(framework),
        },
    )


@member_required(MANAGE)
def objective_edit(request: HttpRequest, pk: int) -> HttpResponse:
    objective = objective_get(user=request.user, pk=pk, action=MANAGE)
    framework = objective.framework
    if response := read_only_redirect(request, framework):
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
            apply_errors(form, error)
        else:
            messages.success(
                request, _("Doelstelling %(name)s is opgeslagen.") % {"name": objective}
            )
            return redirect(detail_url(framework))
    return form_page(
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
    objective = objective_get(user=request.user, pk=pk, action=MANAGE)
    framework = objective.framework
    if response := read_only_redirect(request, framework):
        return response
    if request.method == "POST":
        services.objective_delete(objective=objective, by=request.user)
        messages.success(request, _("Doelstelling %(name)s is verwijderd.") % {"name": objective})
        return redirect(detail_url(framework))
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
    framework = framework_get(user=request.user, pk=pk, action=MANAGE)
    if response := read_only_redirect(request, framework):
        return response
    form = forms.AxisForm(
        request.POST or None,
        initial={"scale_min": 1, "scale_max": 5, "direction": "higher_is_worse"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            axis = services.axis_create(framework=framework, by=request.user, **_axis_fields(form))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Impactas %(name)s is toegevoegd.") % {"name": axis})
            return redirect(detail_url(framework) + "#assen")
    return form_page(
        request,
        {
            "title": _("Impactas toevoegen"),
            "framework": framework,
            "form": form,
            "submit": _("Toevoegen"),
            "cancel_url": detail_url(framework),
        },
    )


@member_required(MANAGE)
def axis_edit(request: HttpRequest, pk: int) -> HttpResponse:
    axis = axis_get(user=request.user, pk=pk, action=MANAGE)
    framework = axis.framework
    if response := read_only_redirect(request, framework):
        return response
    form = forms.AxisForm(request.POST or None, initial=forms.axis_initial(axis))
    if request.method == "POST" and form.is_valid():
        try:
            services.axis_update(axis=axis, by=request.user, **_axis_fields(form))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Impactas %(name)s is opgeslagen.") % {"name": axis})
            return redirect(detail_url(framework) + "#assen")
    return form_page(
        request,
        {
            "title": _("Impactas %(name)s bewerken") % {"name": axis.name},
            "framework": framework,
            "form": form,
            "submit": _("Opslaan"),
            "cancel_url": detail_url(framework),
            "history_object": axis,
        },
    )


@member_required(MANAGE)
def axis_delete(request: HttpRequest, pk: int) -> HttpResponse:
    axis = axis_get(user=request.user, pk=pk, action=MANAGE)
    framework = axis.framework
    if response := read_only_redirect(request, framework):
        return response
    if request.method == "POST":
        services.axis_delete(axis=axis, by=request.user)
        messages.success(request, _("Impactas %(name)s is verwijderd.") % {"name": axis})
        return redirect(detail_url(framework) + "#assen")
    return render(
        request,
        "framework/confirm.html",
        {
            "framework": framework,
            "title": _("Impactas %(name)s verwijderen") % {"name": axis.name},
            "question": _("Weet u zeker dat u de impactas ‘%(name)s’ verwijdert?")
            % {"name": axis.name},
            "submit": _("Verwijderen"),
            "cancel_url": detail_url(framework),
        },
    )
