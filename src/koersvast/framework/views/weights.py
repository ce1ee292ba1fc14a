"""The weights of a sibling group: entered directly, or by pairwise comparison (AHP)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from koersvast.core.decorators import member_required

from .. import forms
from ..choices import ComparisonGroup
from ..models import Framework, Objective
from ..selectors import weights as weights_selectors
from ..selectors.versions import framework_get, objective_get
from ..services import weights as services
from .common import MANAGE, apply_errors, detail_url, read_only_redirect

#: URL slugs of the sibling groups that are not under an objective.
GROUP_SLUGS = {"themas": ComparisonGroup.OBJECTIVES, "assen": ComparisonGroup.AXES}


# --- Weights and AHP ------------------------------------------------------------------------


def _group_from_slug(
    request: HttpRequest, pk: int, group: str
) -> tuple[Framework, str, Objective | None]:
    if group not in GROUP_SLUGS:
        raise Http404
    framework = framework_get(user=request.user, pk=pk, action=MANAGE)
    return framework, GROUP_SLUGS[group], None


def _group_of_objective(request: HttpRequest, pk: int) -> tuple[Framework, str, Objective]:
    objective = objective_get(user=request.user, pk=pk, action=MANAGE)
    return objective.framework, ComparisonGroup.OBJECTIVES, objective


def _weights_page(
    request: HttpRequest, framework: Framework, group: str, parent: Objective | None
) -> HttpResponse:
    if response := read_only_redirect(request, framework):
        return response
    weight_group = weights_selectors.weight_group(framework=framework, group=group, parent=parent)
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
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("De gewichten van ‘%(group)s’ zijn opgeslagen.") % {"group": weight_group.title},
            )
            return redirect(detail_url(framework))
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
    if response := read_only_redirect(request, framework):
        return response
    weight_group = weights_selectors.weight_group(framework=framework, group=group, parent=parent)
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
            apply_errors(form, error)
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
