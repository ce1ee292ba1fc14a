"""Versions of the afwegingskader: the list, a version's page, creating, editing, vaststellen,
a new version, and the JSON export and import."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from koersvast.core.decorators import member_required
from koersvast.tenancy.http import MemberRequest
from koersvast.tenancy.policy import Action, can

from .. import forms
from ..exchange import importing as importing_exchange
from ..exchange.document import FrameworkFileError, Problem
from ..exchange.export import export_filename, framework_export_bytes
from ..models import Framework
from ..selectors import versions as versions_selectors
from ..selectors.rounds import framework_rounds, open_rounds_for
from ..selectors.versions import (
    current_framework,
    framework_get,
    framework_overview,
    framework_versions,
)
from ..services import versions as services
from .common import MANAGE, apply_errors, detail_url, form_page, read_only_redirect, user_manages

# --- Versions -------------------------------------------------------------------------------


def _render_framework(request: HttpRequest, framework: Framework) -> HttpResponse:
    overview = framework_overview(framework=framework)
    return render(
        request,
        "framework/detail.html",
        {
            "framework": framework,
            "overview": overview,
            "versions": framework_versions(municipality=framework.municipality),
            "can_manage": user_manages(request, framework),
            "editable": framework.is_draft and user_manages(request, framework),
            "rounds": framework_rounds(framework=framework)
            if user_manages(request, framework)
            else [],
            "invitations": open_rounds_for(
                user=request.user, municipality_id=framework.municipality_id
            ),
        },
    )


@member_required(Action.FRAMEWORK_VIEW)
def framework_index(request: MemberRequest) -> HttpResponse:
    municipality = request.municipality
    framework = current_framework(municipality=municipality)
    if framework is None:
        return render(
            request,
            "framework/empty.html",
            {"can_manage": can(request.user, municipality.pk, MANAGE)},
        )
    return _render_framework(request, framework)


@member_required(Action.FRAMEWORK_VIEW)
def framework_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_framework(request, framework_get(user=request.user, pk=pk))


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
        return redirect(detail_url(framework))
    return form_page(
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
    framework = framework_get(user=request.user, pk=pk, action=MANAGE)
    if response := read_only_redirect(request, framework):
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
            apply_errors(form, error)
        else:
            messages.success(request, _("De gegevens van het concept zijn opgeslagen."))
            return redirect(detail_url(framework))
    return form_page(
        request,
        {
            "title": _("Concept bewerken"),
            "framework": framework,
            "form": form,
            "submit": _("Opslaan"),
            "cancel_url": detail_url(framework),
        },
    )


@member_required(MANAGE)
def framework_publish(request: HttpRequest, pk: int) -> HttpResponse:
    framework = framework_get(user=request.user, pk=pk, action=MANAGE)
    if response := read_only_redirect(request, framework):
        return response
    readiness = versions_selectors.readiness(framework=framework)
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
            return redirect(detail_url(framework))
    return render(
        request,
        "framework/publish.html",
        {
            "framework": framework,
            "readiness": readiness,
            "form": form,
            "rounds": framework_rounds(framework=framework),
        },
    )


@member_required(MANAGE)
def framework_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    framework = framework_get(user=request.user, pk=pk, action=MANAGE)
    if request.method == "POST":
        copy = services.framework_new_version(framework=framework, by=request.user)
        messages.success(
            request,
            _("Versie %(version)s is aangemaakt als concept, op basis van versie %(source)s.")
            % {"version": copy.version, "source": framework.version},
        )
        return redirect(detail_url(copy))
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
            "cancel_url": detail_url(framework),
        },
    )


@member_required(Action.FRAMEWORK_VIEW)
def framework_export(request: HttpRequest, pk: int) -> HttpResponse:
    framework = framework_get(user=request.user, pk=pk)
    response = HttpResponse(
        framework_export_bytes(framework=framework),
        content_type="application/json; charset=utf-8",
    )
    filename = export_filename(framework)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@member_required(MANAGE)
def framework_import(request: MemberRequest) -> HttpResponse:
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    problems: list[Problem] = []
    if request.method == "POST" and form.is_valid():
        try:
            framework = importing_exchange.framework_import(
                municipality=request.municipality,
                raw=form.cleaned_data["file"],
                by=request.user,
            )
        except FrameworkFileError as error:
            problems = error.problems
        else:
            messages.success(
                request,
                _("Het afwegingskader is ingelezen als concept (versie %(version)s).")
                % {"version": framework.version},
            )
            return redirect(detail_url(framework))
    return render(
        request,
        "framework/import.html",
        {"form": form, "problems": problems},
        status=400 if problems else 200,
    )
