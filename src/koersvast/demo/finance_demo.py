"""Demo finance of "Gemeente Voorbeeld": investments with categories (kapitaallasten), exploitatie,
dekking from algemene middelen, a bestemmingsreserve and a SPUK, risks in euros and the
beschikbare weerstandscapaciteit, so that the meerjarenraming, MIP and weerstandsvermogen are
filled. Idempotent: records are found again by their natural keys."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from koersvast.finance import services
from koersvast.finance.models import (
    AssetCategory,
    BudgetVersion,
    ExploitationLine,
    FinanceSettings,
    Funding,
    Investment,
    ResistanceCapacity,
    RiskEffect,
)
from koersvast.finance.selectors import estimate as finance_selectors
from koersvast.finance.services import categories_ensure
from koersvast.intake.choices import BodyKind
from koersvast.intake.models import DecisionBody
from koersvast.monitoring.models import BudgetLine, Risk
from koersvast.portfolio.choices import BudgetKind
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.choices import Role
from koersvast.tenancy.models import Membership, Municipality

from . import content

SEED = 16
#: Category per domain; buildings are written off by annuity, the rest linearly.
CATEGORY_BY_DOMAIN = {
    "sociaal": "Gebouwen",
    "ruimte": "Gebouwen",
    "openbare-ruimte": "Wegen, straten en pleinen",
    "informatievoorziening": "ICT",
    "bedrijfsvoering": "ICT",
}
#: Beschikbare weerstandscapaciteit per year (algemene reserve plus onbenutte
#: belastingcapaciteit), in euros.
RESISTANCE = {
    year: 14_500_000 - 750_000 * (year - content.FIRST_YEAR)
    for year in range(content.FIRST_YEAR - 1, content.FIRST_YEAR + 5)
}


def load_finance(municipality: Municipality) -> None:
    rng = random.Random(SEED)
    categories_ensure(municipality=municipality)
    FinanceSettings.objects.get_or_create(
        municipality=municipality,
        defaults={"interest_rate": Decimal("2.25"), "depreciation_start": "volgend_jaar"},
    )
    categories = {c.name: c for c in AssetCategory.objects.in_municipality(municipality)}
    initiatives = (
        Initiative.objects.in_municipality(municipality)
        .select_related("domain")
        .order_by("reference")
    )
    for index, initiative in enumerate(initiatives):
        _initiative_finance(initiative, index, categories, rng)
    for risk in Risk.objects.in_municipality(municipality).order_by("pk"):
        impact_euros = [25_000, 75_000, 200_000, 500_000, 1_200_000][risk.impact - 1]
        RiskEffect.objects.get_or_create(
            risk=risk,
            defaults={
                "municipality": municipality,
                "minimum": Decimal(impact_euros // 2),
                "maximum": Decimal(impact_euros * rng.choice([1, 2, 3])),
            },
        )
    for year, amount in RESISTANCE.items():
        ResistanceCapacity.objects.get_or_create(
            municipality=municipality,
            year=year,
            defaults={"amount": Decimal(amount), "note": "Algemene reserve en belastingcapaciteit"},
        )
    _budget_versions(municipality)


#: What changed after the raad adopted the begroting: (description, year, amount); the first is
#: adopted as the 1e begrotingswijziging, the second waits for the next P&C moment.
BUDGET_CHANGES = (
    ("Hogere licentiekosten (1e begrotingswijziging)", 1, 120_000),
    ("Extra beheerkosten na oplevering", 2, 45_000),
)


def _budget_versions(municipality: Municipality) -> None:
    """The primitieve begroting of the coming budget year as the raad adopted it, one
    begrotingswijziging, and a change since, so the meerjarenraming shows versions and
    differences and the voorjaarsnota has a draft begrotingswijziging."""
    budget_year = finance_selectors.default_budget_year()
    if BudgetVersion.objects.in_municipality(municipality).filter(budget_year=budget_year).exists():
        return
    council = DecisionBody.objects.in_municipality(municipality).get(kind=BodyKind.COUNCIL)
    manager = (
        Membership.objects.current()
        .filter(municipality=municipality, role=Role.PORTFOLIO_MANAGER)
        .select_related("user")
        .first()
    )
    by = manager.user if manager else None
    services.budget_primitive_adopt(
        municipality=municipality,
        budget_year=budget_year,
        decision=services.CouncilDecision(
            body=council,
            decided_on=datetime.date(budget_year - 1, 11, 5),
            reference=f"RB-{budget_year - 1}-0112",
            rationale="Programmabegroting vastgesteld.",
        ),
        by=by,
    )
    initiative = (
        Initiative.objects.in_municipality(municipality)
        .exclude(state__in=finance_selectors.EXCLUDED_STATES)
        .exclude(budget_programme="")
        .filter(investments__isnull=False)
        .order_by("reference")
        .first()
    )
    if initiative is None:
        return
    for index, (description, offset, amount) in enumerate(BUDGET_CHANGES):
        ExploitationLine.objects.get_or_create(
            municipality=municipality,
            initiative=initiative,
            description=description,
            defaults={
                "year": budget_year + offset,
                "side": "lasten",
                "nature": "structureel",
                "amount": Decimal(amount),
            },
        )
        if index == 0:
            services.budget_amendment_adopt(
                municipality=municipality,
                budget_year=budget_year,
                moment="najaarsnota",
                decision=services.CouncilDecision(
                    body=council,
                    decided_on=datetime.date(budget_year - 1, 12, 3),
                    reference=f"RB-{budget_year - 1}-0131",
                    rationale="Hogere licentiekosten na de aanbesteding.",
                ),
                by=by,
                title=f"1e begrotingswijziging {budget_year}",
            )


def _initiative_finance(
    initiative: Initiative, index: int, categories: dict[str, AssetCategory], rng: random.Random
) -> None:
    start = initiative.start_year or content.FIRST_YEAR
    ready = start + max(0, initiative.duration_quarters - 1) // 4
    municipality = initiative.municipality
    capital = initiative.budget_capital
    if capital > 0:
        name = CATEGORY_BY_DOMAIN.get(initiative.domain.code, "Inventaris")
        Investment.objects.get_or_create(
            initiative=initiative,
            description=f"Investering {initiative.title.lower()}"[:200],
            defaults={
                "municipality": municipality,
                "amount": capital,
                "activation_year": ready,
                "category": categories[name],
                "method": "annuiteit" if name == "Gebouwen" else "lineair",
                "utility": "economisch" if name in ("Gebouwen", "ICT") else "maatschappelijk",
                "residual_value": (capital / 10).quantize(Decimal(1))
                if name == "Gebouwen"
                else Decimal(0),
            },
        )
    operating = initiative.budget_operating
    _budget_lines(initiative, start, ready)
    if operating > 0 and index % 4 == 2:
        ExploitationLine.objects.get_or_create(
            initiative=initiative,
            year=ready + 1,
            side="baten",
            nature="structureel",
            defaults={
                "municipality": municipality,
                "amount": (operating / 10).quantize(Decimal(1000)),
                "description": "Besparing op inhuur en licenties",
            },
        )
    if operating > 0:
        ExploitationLine.objects.get_or_create(
            initiative=initiative,
            year=start,
            side="lasten",
            nature="incidenteel",
            defaults={
                "municipality": municipality,
                "amount": operating,
                "description": "Projectkosten (inhuur en advies)",
            },
        )
        structural = (operating / 5).quantize(Decimal(1000))
        ExploitationLine.objects.get_or_create(
            initiative=initiative,
            year=ready + 1,
            side="lasten",
            nature="structureel",
            defaults={
                "municipality": municipality,
                "amount": structural,
                "description": "Beheer en licenties na oplevering",
            },
        )
    if index % 3 == 0 and operating > 0:
        Funding.objects.get_or_create(
            initiative=initiative,
            source="algemene_middelen",
            year=start,
            defaults={"municipality": municipality, "nature": "incidenteel", "amount": operating},
        )
    elif index % 3 == 1 and initiative.domain.code == "sociaal":
        Funding.objects.get_or_create(
            initiative=initiative,
            source="spuk",
            year=start,
            defaults={
                "municipality": municipality,
                "source_name": "SPUK Integrale zorg en ondersteuning",
                "nature": "incidenteel",
                "amount": (operating * Decimal("0.6")).quantize(Decimal(1000)),
            },
        )
    elif index % 3 == 1 and capital > 0:
        Funding.objects.get_or_create(
            initiative=initiative,
            source="bestemmingsreserve",
            year=ready + 1,
            defaults={
                "municipality": municipality,
                "source_name": "Reserve investeringen en kapitaallasten",
                "nature": "structureel",
                "amount": (capital / 20).quantize(Decimal(1000)),
            },
        )
    if initiative.has_political_urgency:
        # The Rijk pays part of the opvang of ontheemden (a bekostigingsregeling per place).
        Funding.objects.get_or_create(
            initiative=initiative,
            source="subsidie",
            year=start,
            defaults={
                "municipality": municipality,
                "source_name": "Rijksbijdrage opvang ontheemden",
                "nature": "incidenteel",
                "amount": Decimal(content.URGENT_RIJKSBIJDRAGE),
            },
        )
    if rng.random() < 0.25 and initiative.domain.code == "ruimte":
        Funding.objects.get_or_create(
            initiative=initiative,
            source="derden",
            year=start,
            defaults={
                "municipality": municipality,
                "source_name": "Bijdrage ontwikkelaar",
                "nature": "incidenteel",
                "amount": Decimal(100_000),
            },
        )


#: The begroting (planned amounts) of the years the P&C reports of the demo look at.
BUDGET_YEARS = (content.FIRST_YEAR, content.FIRST_YEAR + 1)


def _budget_lines(initiative: Initiative, start: int, ready: int) -> None:
    """Begroot per year of the run (krediet and exploitatie spread evenly), where the monitoring
    demo has not entered a line already."""
    run = list(range(start, ready + 1))
    for kind, total in (
        (BudgetKind.CAPITAL, initiative.budget_capital),
        (BudgetKind.OPERATING, initiative.budget_operating),
    ):
        if not total:
            continue
        for year in BUDGET_YEARS:
            if year not in run:
                continue
            BudgetLine.objects.get_or_create(
                initiative=initiative,
                year=year,
                kind=kind,
                defaults={
                    "municipality_id": initiative.municipality_id,
                    "planned": (Decimal(total) / len(run)).quantize(Decimal(1)),
                    "forecast": (Decimal(total) / len(run)).quantize(Decimal(1)),
                },
            )
