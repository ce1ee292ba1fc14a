"""The first-run guide (Beheer › Aan de slag): what a new municipality still lacks.

Computed from the data every time, never a stored checklist: a step is done when the data
says so, whoever did it and however (the guide, the library, an import, the API). Checks
marked `required` must be done before intake can open: without a domain nobody can submit,
without a published framework nothing can be scored, without a body that may admit nothing
can be decided, and without a portfolio manager nobody takes submissions into intake.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from koersvast.capacity.models import BudgetCapacity, CapacityPool
from koersvast.framework.models import Framework
from koersvast.identity.models import Invitation
from koersvast.intake.models import DecisionBody, EntryCriterion
from koersvast.monitoring.models import RagDefinition
from koersvast.monitoring.selectors import phases
from koersvast.portfolio.models import CustomField, Domain, Initiative
from koersvast.tenancy.choices import Role
from koersvast.tenancy.models import Membership, Municipality


@dataclass(frozen=True)
class Check:
    """One thing the guide looks for."""

    label: str | Promise
    done: bool
    required: bool = False
    detail: str | Promise = ""


@dataclass(frozen=True)
class Step:
    """One step of the guide, with its checks and the page that helps with it."""

    slug: str
    number: int
    title: str | Promise
    checks: list[Check] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return all(check.done for check in self.checks)

    @property
    def missing_required(self) -> list[Check]:
        return [check for check in self.checks if check.required and not check.done]


@dataclass(frozen=True)
class SetupStatus:
    steps: list[Step]
    facts: dict[str, Any]

    @property
    def missing_for_intake(self) -> list[Check]:
        """What must still be done before intake can open (empty: intake can open)."""
        return [check for step in self.steps for check in step.missing_required]

    @property
    def intake_ready(self) -> bool:
        return not self.missing_for_intake

    def step(self, slug: str) -> Step | None:
        return next((step for step in self.steps if step.slug == slug), None)


STEP_SLUGS = ("sjabloon", "domeinen", "gremia", "capaciteit", "mensen", "portfolio")


def _facts(municipality: Municipality) -> dict[str, Any]:
    frameworks = Framework.objects.filter(municipality=municipality)
    bodies = list(DecisionBody.objects.in_municipality(municipality).active())
    in_force = Membership.objects.current().filter(municipality=municipality, user__is_active=True)
    pending = Invitation.objects.in_municipality(municipality).pending()
    return {
        "published_framework": frameworks.filter(status="published").order_by("-version").first(),
        "draft_framework": frameworks.filter(status="draft").order_by("-version").first(),
        "criteria": EntryCriterion.objects.in_municipality(municipality).count(),
        "custom_rag": RagDefinition.objects.in_municipality(municipality).exists(),
        "custom_phases": phases.is_custom(municipality.pk),
        "domains": Domain.objects.in_municipality(municipality).active().count(),
        "own_fields": CustomField.objects.in_municipality(municipality).active().count(),
        "bodies": bodies,
        "admitting_bodies": [body for body in bodies if body.may_take("admit")],
        "pools": CapacityPool.objects.in_municipality(municipality).count(),
        "budget_years": BudgetCapacity.objects.in_municipality(municipality).count(),
        "managers": in_force.filter(role=Role.PORTFOLIO_MANAGER).count(),
        "managers_invited": sum(Role.PORTFOLIO_MANAGER in i.roles for i in pending),
        "submitters": in_force.filter(role=Role.SUBMITTER).count(),
        "submitters_invited": sum(Role.SUBMITTER in i.roles for i in pending),
        "initiatives": Initiative.objects.in_municipality(municipality).count(),
    }


def _invited(count: int) -> str | Promise:
    return _("uitgenodigd, nog niet aangenomen") if count else ""


def setup_status(municipality: Municipality) -> SetupStatus:
    """The guide's steps with what is done and what is missing (about a dozen queries)."""
    f = _facts(municipality)
    steps = [
        Step(
            "sjabloon",
            1,
            _("Afwegingskader en sjablonen"),
            [
                Check(
                    _("Een vastgesteld afwegingskader"),
                    f["published_framework"] is not None,
                    required=True,
                    detail=_("Er is een concept; stel het vast.") if f["draft_framework"] else "",
                ),
                Check(_("Toelatingscriteria"), f["criteria"] > 0),
                Check(
                    _("Eigen RAG-definities (anders geldt de standaardbetekenis)"),
                    f["custom_rag"],
                ),
                Check(_("Eigen fasemodel (anders geldt het standaardmodel)"), f["custom_phases"]),
            ],
        ),
        Step(
            "domeinen",
            2,
            _("Domeinen"),
            [
                Check(_("Ten minste één domein"), f["domains"] > 0, required=True),
                Check(_("Eigen intakevelden (wat uw gemeente extra vraagt)"), f["own_fields"] > 0),
            ],
        ),
        Step(
            "gremia",
            3,
            _("Gremia en mandaten"),
            [
                Check(
                    _("Een gremium dat initiatieven mag opnemen"),
                    bool(f["admitting_bodies"]),
                    required=True,
                )
            ],
        ),
        Step(
            "capaciteit",
            4,
            _("Capaciteit en budgetruimte"),
            [
                Check(_("Capaciteitspools"), f["pools"] > 0),
                Check(_("Budgetruimte per jaar"), f["budget_years"] > 0),
            ],
        ),
        Step(
            "mensen",
            5,
            _("Collega's uitnodigen"),
            [
                Check(
                    _("Een portfoliomanager"),
                    f["managers"] > 0,
                    required=True,
                    detail=_invited(f["managers_invited"]),
                ),
                Check(
                    _("Indieners"),
                    f["submitters"] > 0,
                    detail=_invited(f["submitters_invited"]),
                ),
            ],
        ),
        Step(
            "portfolio",
            6,
            _("Bestaand portfolio importeren"),
            [Check(_("Initiatieven in Koersvast"), f["initiatives"] > 0)],
        ),
    ]
    return SetupStatus(steps=steps, facts=f)
