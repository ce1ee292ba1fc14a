"""Beheer › Aan de slag: the first-run guide's overview and its steps.

Every step can be skipped and revisited: the pages only link on, and what is done comes from
the data (guide.setup_status). Each action on a step is an existing page or one service; the
links shown depend on the user's rights (tenancy/policy.py), so none leads to a 403.
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koersvast.core.decorators import member_required
from koersvast.intake.configuration import USUAL_BODIES, decision_bodies_create_usual
from koersvast.intake.models import DecisionBody
from koersvast.library.kinds import KINDS, ContentError
from koersvast.portfolio.models import Domain
from koersvast.portfolio.services import domain_suggestions, domains_create_suggested
from koersvast.tenancy.http import MemberRequest
from koersvast.tenancy.models import Municipality
from koersvast.tenancy.policy import Action

from . import services
from .forms import SuggestedDomainsForm, UsualBodiesForm
from .guide import STEP_SLUGS, setup_status
from .navigation import GUIDE_ACTIONS


@member_required(*GUIDE_ACTIONS)
def overview(request: MemberRequest) -> HttpResponse:
    status = setup_status(request.municipality)
    return render(request, "administration/guide/overview.html", {"status": status})


def _domain_form(municipality: Municipality) -> SuggestedDomainsForm:
    existing = set(Domain.objects.in_municipality(municipality).values_list("code", flat=True))
    suggestions = [s for s in domain_suggestions() if s.code not in existing]
    form = SuggestedDomainsForm(choices=[(s.code, s.name) for s in suggestions])
    form.initial["domains"] = [s.code for s in suggestions]
    return form


def _bodies_form(municipality: Municipality) -> UsualBodiesForm:
    existing = set(
        DecisionBody.objects.in_municipality(municipality).active().values_list("kind", flat=True)
    )
    choices = [(kind, name) for kind, name, _ceiling in USUAL_BODIES if kind not in existing]
    form = UsualBodiesForm(choices=choices)
    form.initial["bodies"] = [kind for kind, _name in choices]
    return form


@member_required(*GUIDE_ACTIONS)
def step(request: MemberRequest, slug: str) -> HttpResponse:
    if slug not in STEP_SLUGS:
        raise Http404
    municipality = request.municipality
    status = setup_status(municipality)
    current = status.step(slug)
    index = STEP_SLUGS.index(slug)
    context = {
        "status": status,
        "current": current,
        "previous": STEP_SLUGS[index - 1] if index else None,
        "next": STEP_SLUGS[index + 1] if index + 1 < len(STEP_SLUGS) else None,
        "facts": status.facts,
        "domain_form": _domain_form(municipality) if slug == "domeinen" else None,
        "bodies_form": _bodies_form(municipality) if slug == "gremia" else None,
        "starters": [KINDS[kind] for kind in services.STARTER_KINDS] if slug == "sjabloon" else [],
        "library_kinds": list(KINDS.values()),
    }
    return render(request, f"administration/guide/{slug}.html", context)


@member_required(Action.TEMPLATE_PUBLISH)
@require_POST
def starter(request: MemberRequest) -> HttpResponse:
    """Take over a packaged starter template (the framework becomes a draft to adapt)."""
    kind = request.POST.get("kind", "")
    try:
        result = services.starter_apply(
            municipality=request.municipality,
            kind=kind,
            by=request.user,
        )
    except services.OperatorError as error:
        raise Http404 from error
    except (ContentError, ValidationError) as error:
        messages.error(
            request,
            " ".join(getattr(error, "problems", None) or cast(ValidationError, error).messages),
        )
    else:
        messages.success(
            request, _("Startsjabloon overgenomen: %(what)s.") % {"what": result.summary}
        )
    return redirect("administration:guide_step", slug="sjabloon")


@member_required(Action.SETTINGS_MANAGE)
@require_POST
def domains(request: MemberRequest) -> HttpResponse:
    """Create the chosen suggested domains (groups of the BBV taakvelden)."""
    created = domains_create_suggested(
        municipality=request.municipality,
        codes=request.POST.getlist("domains"),
        by=request.user,
    )
    if created:
        messages.success(
            request,
            _("Domeinen aangemaakt: %(names)s.") % {"names": ", ".join(d.name for d in created)},
        )
    else:
        messages.info(request, _("Er zijn geen domeinen aangemaakt."))
    return redirect("administration:guide_step", slug="domeinen")


@member_required(Action.SETTINGS_MANAGE)
@require_POST
def bodies(request: MemberRequest) -> HttpResponse:
    """Create the chosen usual bodies with editable mandates, each escalating to the next."""
    created = decision_bodies_create_usual(
        municipality=request.municipality,
        kinds=request.POST.getlist("bodies"),
        by=request.user,
    )
    if created:
        messages.success(
            request,
            _("Gremia aangemaakt: %(names)s. Pas hun mandaat zo nodig aan.")
            % {"names": ", ".join(b.name for b in created)},
        )
    else:
        messages.info(request, _("Er zijn geen gremia aangemaakt."))
    return redirect("administration:guide_step", slug="gremia")
