"""Beheer › Inrichting: domains, budget programmes, decision bodies, advice kinds and own
intake fields.

The five lists work the same way, so one set of views serves them, each with its `Section`:
create, edit, retire (or bring back) and delete. Something in use is never deleted: the page
says where it is used and offers to retire it instead. Every object is fetched within the
active municipality (404 for any other).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from koersvast.core.decorators import member_required
from koersvast.intake import configuration as intake_config
from koersvast.intake.models import AdviceKind, DecisionBody
from koersvast.portfolio import services as portfolio_config
from koersvast.portfolio.models import BudgetProgramme, CustomField, Domain
from koersvast.portfolio.services import ConfigurationError
from koersvast.tenancy.access import get_for_user_or_404
from koersvast.tenancy.http import MemberRequest
from koersvast.tenancy.policy import Action

from .forms import (
    AdviceKindForm,
    BudgetProgrammeForm,
    CustomFieldForm,
    DecisionBodyForm,
    DomainForm,
)

A = Action.SETTINGS_MANAGE


@dataclass(frozen=True)
class Section:
    """One list of Beheer › Inrichting."""

    key: str  # URL and name prefix
    slug: str  # Dutch path segment
    model: type[models.Model]
    form: type[Any]
    title: str | Promise
    singular: str | Promise
    intro: str | Promise
    save: Callable[..., Any]
    retire: Callable[..., Any]
    delete: Callable[..., Any]
    usage: Callable[[Any], list[str]]
    related: tuple[str, ...] = ()

    def queryset(self, municipality: Any) -> Any:
        # Every configurable model is a tenant model: its manager has `in_municipality`.
        manager: Any = self.model._default_manager
        rows = manager.in_municipality(municipality)
        return rows.select_related(*self.related) if self.related else rows


def _save_domain(obj: Domain, by: Any, form: DomainForm) -> Domain:
    return portfolio_config.domain_save(
        domain=obj, by=by, taakvelden=list(form.cleaned_data["taakvelden"])
    )


def _save_body(obj: DecisionBody, by: Any, form: DecisionBodyForm) -> DecisionBody:
    return intake_config.decision_body_save(
        body=obj, by=by, members=list(form.cleaned_data["members"])
    )


SECTIONS: dict[str, Section] = {
    section.key: section
    for section in (
        Section(
            key="domain",
            slug="domeinen",
            model=Domain,
            form=DomainForm,
            title=gettext_lazy("Domeinen"),
            singular=gettext_lazy("domein"),
            intro=gettext_lazy(
                "Elk initiatief hoort bij een domein. Koppel een domein desgewenst aan "
                "BBV-taakvelden en een begrotingsprogramma."
            ),
            save=_save_domain,
            retire=lambda obj, by, retire: portfolio_config.domain_retire(
                domain=obj, by=by, retire=retire
            ),
            delete=lambda obj, by: portfolio_config.domain_delete(domain=obj, by=by),
            usage=portfolio_config.domain_usage,
            related=("budget_programme",),
        ),
        Section(
            key="programme",
            slug="begrotingsprogrammas",
            model=BudgetProgramme,
            form=BudgetProgrammeForm,
            title=gettext_lazy("Begrotingsprogramma's"),
            singular=gettext_lazy("begrotingsprogramma"),
            intro=gettext_lazy(
                "De programma's van uw begroting. Een initiatief kiest zijn programma uit deze "
                "lijst; rapportages en exports tonen de naam."
            ),
            save=lambda obj, by, form: portfolio_config.budget_programme_save(programme=obj, by=by),
            retire=lambda obj, by, retire: portfolio_config.budget_programme_retire(
                programme=obj, by=by, retire=retire
            ),
            delete=lambda obj, by: portfolio_config.budget_programme_delete(programme=obj, by=by),
            usage=portfolio_config.budget_programme_usage,
        ),
        Section(
            key="body",
            slug="gremia",
            model=DecisionBody,
            form=DecisionBodyForm,
            title=gettext_lazy("Gremia en mandaten"),
            singular=gettext_lazy("gremium"),
            intro=gettext_lazy(
                "Wie besluit over initiatieven: tot welk budget en welke besluiten een gremium "
                "zelf neemt, en aan welk gremium het voorlegt wat daarbuiten valt."
            ),
            save=_save_body,
            retire=lambda obj, by, retire: intake_config.decision_body_retire(
                body=obj, by=by, retire=retire
            ),
            delete=lambda obj, by: intake_config.decision_body_delete(body=obj, by=by),
            usage=intake_config.decision_body_usage,
            related=("escalates_to",),
        ),
        Section(
            key="advice_kind",
            slug="adviessoorten",
            model=AdviceKind,
            form=AdviceKindForm,
            title=gettext_lazy("Adviessoorten"),
            singular=gettext_lazy("adviessoort"),
            intro=gettext_lazy(
                "Welk advies de portfoliomanager kan vragen, welke rol het geeft en of een "
                "negatief advies een reactie van de eigenaar vraagt vóór de besluitvorming."
            ),
            save=lambda obj, by, form: intake_config.advice_kind_save(kind=obj, by=by),
            retire=lambda obj, by, retire: intake_config.advice_kind_retire(
                kind=obj, by=by, retire=retire
            ),
            delete=lambda obj, by: intake_config.advice_kind_delete(kind=obj, by=by),
            usage=intake_config.advice_kind_usage,
        ),
        Section(
            key="field",
            slug="eigen-velden",
            model=CustomField,
            form=CustomFieldForm,
            title=gettext_lazy("Eigen intakevelden"),
            singular=gettext_lazy("eigen veld"),
            intro=gettext_lazy(
                "Gegevens die uw gemeente zelf bij elk initiatief vraagt: tekst, getal, keuze, "
                "datum of ja/nee, bij het indienen of tijdens de intake. Ze staan op het "
                "formulier en de pagina van het initiatief, in de Excel-export en -import, de "
                "API en de OData-feed, en een toelatingscriterium kan ze toetsen."
            ),
            save=lambda obj, by, form: portfolio_config.custom_field_save(field=obj, by=by),
            retire=lambda obj, by, retire: portfolio_config.custom_field_retire(
                field=obj, by=by, retire=retire
            ),
            delete=lambda obj, by: portfolio_config.custom_field_delete(field=obj, by=by),
            usage=portfolio_config.custom_field_usage,
        ),
    )
}


def _object(request: MemberRequest, section: Section, pk: int) -> Any:
    return get_for_user_or_404(
        section.queryset(request.municipality),
        request.user,
        A,
        pk=pk,
    )


def config_list(request: MemberRequest, section: Section) -> HttpResponse:
    rows = section.queryset(request.municipality)
    return render(request, "administration/config_list.html", {"section": section, "rows": rows})


def config_form(request: MemberRequest, section: Section, pk: int | None = None) -> HttpResponse:
    municipality = request.municipality
    obj = _object(request, section, pk) if pk else section.model(municipality=municipality)
    form = section.form(request.POST or None, instance=obj, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            saved = section.save(form.instance, request.user, form)
        except ConfigurationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("‘%(name)s’ is opgeslagen.") % {"name": saved})
            return redirect(f"administration:{section.key}_list")
    return render(
        request,
        "administration/config_form.html",
        {
            "section": section,
            "form": form,
            "obj": obj if pk else None,
            "usage": section.usage(obj) if pk else [],
        },
    )


def config_retire(request: MemberRequest, section: Section, pk: int) -> HttpResponse:
    obj = _object(request, section, pk)
    retire = request.POST.get("retire", "1") == "1"
    section.retire(obj, request.user, retire)
    if retire:
        usage = section.usage(obj)
        messages.success(
            request,
            _("‘%(name)s’ is buiten gebruik gezet en wordt niet meer aangeboden.") % {"name": obj}
            + (
                " " + _("Het blijft bewaard bij: %(usage)s.") % {"usage": ", ".join(usage)}
                if usage
                else ""
            ),
        )
    else:
        messages.success(request, _("‘%(name)s’ is weer in gebruik.") % {"name": obj})
    return redirect(f"administration:{section.key}_list")


def config_delete(request: MemberRequest, section: Section, pk: int) -> HttpResponse:
    obj = _object(request, section, pk)
    try:
        section.delete(obj, request.user)
    except ConfigurationError as error:
        messages.error(request, str(error))
        return redirect(f"administration:{section.key}_edit", pk=pk)
    messages.success(request, _("‘%(name)s’ is verwijderd.") % {"name": obj})
    return redirect(f"administration:{section.key}_list")


def _guarded(view: Callable[..., HttpResponse], section: Section, *, post: bool = False) -> Any:
    def handler(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        return view(request, section, **kwargs)

    handler.__name__ = f"{section.key}_{view.__name__}"
    handler.__doc__ = view.__doc__
    guarded = member_required(A)(handler)
    return require_POST(guarded) if post else guarded


def urlpatterns() -> list[Any]:
    """The five URLs of every section: list, new, edit, retire, delete."""
    patterns = []
    for section in SECTIONS.values():
        prefix = f"beheer/{section.slug}/"
        key = section.key
        patterns += [
            path(prefix, _guarded(config_list, section), name=f"{key}_list"),
            path(f"{prefix}nieuw/", _guarded(config_form, section), name=f"{key}_create"),
            path(f"{prefix}<int:pk>/", _guarded(config_form, section), name=f"{key}_edit"),
            path(
                f"{prefix}<int:pk>/buiten-gebruik/",
                _guarded(config_retire, section, post=True),
                name=f"{key}_retire",
            ),
            path(
                f"{prefix}<int:pk>/verwijderen/",
                _guarded(config_delete, section, post=True),
                name=f"{key}_delete",
            ),
        ]
    return patterns
