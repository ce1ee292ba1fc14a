"""Monitoring demo data: programmes, a year of quarterly reports, milestones, risks, benefits,
budgets and phase gates for the running initiatives of the demo municipality.

Idempotent (natural keys, get_or_create: a submitted report is never touched again) and
deterministic (a seeded generator that draws the same numbers on every run).
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import Any

from django.utils import timezone

from koersvast.framework.models import Objective
from koersvast.intake.models import Contribution
from koersvast.monitoring.choices import ReportStatus
from koersvast.monitoring.models import (
    Benefit,
    BenefitMeasurement,
    BudgetLine,
    MeetingAction,
    Milestone,
    Opgave,
    PhaseGate,
    Programme,
    ProgrammeInitiative,
    ProgressReport,
    ProjectMeeting,
    Risk,
)
from koersvast.monitoring.selectors.periods import previous_quarter, report_due, reporting_period
from koersvast.monitoring.selectors.phases import phase_documents, phase_model
from koersvast.monitoring.selectors.reports import ASPECT_FIELDS
from koersvast.monitoring.services.risks import risks_from_advice
from koersvast.portfolio.choices import BudgetKind
from koersvast.portfolio.choices import LifecycleState as S
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.models import Municipality

SEED = 2026_06
QUARTERS_BACK = 4
NARRATIVES = {
    "groen": "Het project ligt op koers; de mijlpalen van dit kwartaal zijn gehaald.",
    "oranje": "Een leverancier levert later; dit is gemeld aan de opdrachtgever en het "
    "plan is bijgesteld binnen de afgesproken kaders.",
    "rood": "De planning is niet haalbaar zonder extra capaciteit; een besluit is nodig.",
}
RISKS = [
    (
        "Onvoldoende capaciteit bij de juristen",
        "Tijdig inplannen via de pool; externe inhuur als vangnet.",
    ),
    ("Leverancier haalt de planning niet", "Boeteclausule en wekelijkse voortgangscontrole."),
    ("Bezwaar van omwonenden", "Vroegtijdige participatie en een klankbordgroep."),
    ("Kostenstijging door marktomstandigheden", "Indexeringsreserve en scopeprioritering."),
    ("Datakwaliteit bronregistratie onvoldoende", "Opschoonactie vóór de migratie."),
]
BENEFITS: list[tuple[str, str, str, int | Decimal, int | Decimal]] = [
    ("Kortere doorlooptijd aanvragen", "Gemiddelde doorlooptijd", "dagen", 28, 14),
    (
        "Hogere klanttevredenheid",
        "Klanttevredenheid",
        "rapportcijfer",
        Decimal("6.4"),
        Decimal("7.5"),
    ),
    ("Minder CO₂-uitstoot", "CO₂-uitstoot gemeentelijke gebouwen", "ton", 1200, 900),
    ("Meer inwoners bereikt", "Bereik doelgroep", "%", 35, 60),
]
# name, opgave, goals, and the titles of the related work that belongs to it
PROGRAMMES = [
    (
        "Duurzaam en leefbaar Voorbeeld",
        "Klimaatadaptatie en energietransitie",
        "Een klimaatbestendige, energiezuinige gemeente in 2030.",
        [
            "Warmtetransitievisie: wijkuitvoeringsplan Oost",
            "Zonnepanelen op gemeentelijk vastgoed",
            "Klimaatadaptatie: hittestress-aanpak",
            "Huisvesting gemeentehuis verduurzamen",
            "Openbare verlichting naar LED",
            "Vervanging riolering Kerkwijk",
            "Groenbeleidsplan en bomenbeleid",
        ],
    ),
    (
        "Digitaal dichtbij",
        "",
        "Inwoners regelen hun zaken digitaal, snel en veilig.",
        [
            "Vervanging zaaksysteem (Common Ground)",
            "Digitale toegankelijkheid website (WCAG)",
            "Klantcontactcentrum: omnichannel",
            "Mijn Voorbeeld: inwonerportaal",
            "Vergunningverlening digitaal (DSO)",
            "E-depot en digitale archivering",
            "Migratie naar de cloud (werkplek)",
            "Sensoren en slimme openbare ruimte",
        ],
    ),
]
# A programme holds the work that is decided on: admitted, planned, running and finished.
PROGRAMME_STATES = (S.ADMITTED, S.PLANNED, S.IN_PROGRESS, S.COMPLETED, S.BENEFITS)


def load_monitoring(municipality: Municipality, *, users: dict[str, Any]) -> None:
    """Create or complete the monitoring picture of the demo municipality."""
    rng = random.Random(SEED)
    today = timezone.localdate()
    running = list(
        Initiative.objects.in_municipality(municipality)
        .filter(state=S.IN_PROGRESS)
        .order_by("reference")
    )
    followed = list(
        Initiative.objects.in_municipality(municipality)
        .filter(state__in=(S.COMPLETED, S.BENEFITS))
        .order_by("reference")
    )
    objectives = list(
        Objective.objects.in_municipality(municipality)
        .filter(framework__status="published", parent__isnull=False)
        .order_by("code")
    )
    served_objectives = _served_objectives(municipality)
    _programmes(municipality, users)
    due_year, due_quarter = reporting_period(today)
    for index, initiative in enumerate(running):
        _reports(
            initiative,
            users,
            rng,
            today,
            skip_due=(due_year, due_quarter) if index % 5 == 2 else None,
        )
        _milestones(initiative, rng, today)
        _risks(initiative, users, rng, today)
        _budget(initiative, rng, today)
        _phases(initiative, users, rng, today)
        _meeting(initiative, users, today)
    for index, initiative in enumerate(running + followed):
        served = served_objectives.get(initiative.pk)
        objective = served or objectives[index % len(objectives)]
        _benefit(initiative, users, rng, today, objective, index)
    # Admitted and planned work keeps a risk register before it starts (both states: adopting
    # the plan moves one to the other; last, so the draws above stay the same).
    waiting = Initiative.objects.in_municipality(municipality).filter(
        state__in=(S.ADMITTED, S.PLANNED)
    )
    for initiative in waiting.order_by("reference"):
        _risks(initiative, users, rng, today)
    _governance_proposal(running, users, today)
    # Last: the programme report snapshots the reports, milestones, risks and budget above.
    _steering(municipality, users, objectives, today)


def _governance_proposal(
    running: list[Initiative], users: dict[str, Any], today: datetime.date
) -> None:
    """The projectleider asks, from the latest report on the last running initiative that is
    red, to extend it by a quarter; the opdrachtgever has yet to decide (decision 0403)."""
    from koersvast.intake.models import GovernanceProposal

    reds = [
        report
        for initiative in running
        if (report := initiative.progress_reports.filter(status=ReportStatus.SUBMITTED).first())
        and report.rag_overall == "rood"
    ]
    if not reds:
        return
    report = reds[-1]
    initiative = report.initiative
    # Demo initiatives with a red report are planned: they have a start.
    assert initiative.start_year is not None
    assert initiative.start_quarter is not None
    end = initiative.start_year * 4 + initiative.start_quarter - 1 + initiative.duration_quarters
    GovernanceProposal.objects.get_or_create(
        municipality_id=initiative.municipality_id,
        initiative=initiative,
        kind="change",
        defaults={
            "rationale": "De voortgang staat op rood: één kwartaal langer om de scope af te "
            "maken, binnen het bestaande budget.",
            "effective_date": today,
            "progress_report": report,
            "new_end_year": end // 4,
            "new_end_quarter": end % 4 + 1,
            "proposed_by": users.get("projectleider"),
        },
    )


def _programmes(municipality: Municipality, users: dict[str, Any]) -> None:
    """The two programmes, each holding its related work that is decided on, so a programme
    page shows a coherent set rather than an arbitrary half of what runs."""
    work = Initiative.objects.in_municipality(municipality).filter(state__in=PROGRAMME_STATES)
    for name, opgave_name, goals, titles in PROGRAMMES:
        opgave = None
        if opgave_name:
            opgave, _ = Opgave.objects.get_or_create(municipality=municipality, name=opgave_name)
        programme, _ = Programme.objects.get_or_create(
            municipality=municipality,
            name=name,
            defaults={"goals": goals, "owner": users.get("projectleider"), "opgave": opgave},
        )
        for initiative in work.filter(title__in=titles).order_by("reference"):
            ProgrammeInitiative.objects.get_or_create(
                initiative=initiative,
                defaults={"municipality": municipality, "programme": programme},
            )


# opgave → (username of its owner, its goals as text); it links the first objectives too
OPGAVE_GOALS = {
    "Klimaatadaptatie en energietransitie": (
        "opdrachtgever",
        "Halvering van de CO₂-uitstoot in 2030 en een klimaatbestendige openbare ruimte.",
    ),
}
#: The programme with a steering group and a submitted programme report.
STEERED_PROGRAMME = "Duurzaam en leefbaar Voorbeeld"
STEERING_GROUP = "Stuurgroep Duurzaam en leefbaar"


def _steering(
    municipality: Municipality,
    users: dict[str, Any],
    objectives: list[Objective],
    today: datetime.date,
) -> None:
    """Opgave owners and goals, the steering group of the first programme, objectives linked to
    its goals, its own budget, and one submitted programme report over the last due quarter."""
    from koersvast.intake.models import DecisionBody
    from koersvast.monitoring.models import ProgrammeReport
    from koersvast.monitoring.services.programme_reports import programme_report_save

    linked = objectives[:2]
    for opgave in Opgave.objects.in_municipality(municipality).filter(name__in=OPGAVE_GOALS):
        owner, goals = OPGAVE_GOALS[opgave.name]
        if opgave.owner_id is None:
            opgave.owner = users.get(owner)
            opgave.goals = goals
            opgave.save()
            opgave.objectives.set(linked)
    programme = Programme.objects.filter(municipality=municipality, name=STEERED_PROGRAMME).first()
    if programme is None:
        return
    if programme.steering_group_id is None:
        # A steering group steers the programme; it takes no decisions on intake.
        body, _ = DecisionBody.objects.get_or_create(
            municipality=municipality,
            name=STEERING_GROUP,
            defaults={"kind": "other", "order": 10, "mandate_decisions": []},
        )
        programme.steering_group = body
        programme.own_budget = Decimal(250_000)
        programme.save()
        programme.objectives.set(linked)
    year, quarter = reporting_period(today)
    if ProgrammeReport.objects.filter(programme=programme, year=year, quarter=quarter).exists():
        return
    programme_report_save(
        report=ProgrammeReport(
            municipality=municipality,
            programme=programme,
            year=year,
            quarter=quarter,
            rag="oranje",
            summary=(
                "De verduurzaming van het vastgoed ligt op koers. Bij enkele projecten lopen "
                "mijlpalen uit; de stuurgroep volgt die en de open risico's per kwartaal."
            ),
            decisions_needed="Kennisnemen van de uitloop en de beheersmaatregelen.",
        ),
        by=users["portfoliomanager"],
        submit=True,
        today=today,
    )


def _served_objectives(municipality: Municipality) -> dict[int, Objective]:
    """Per initiative the objective it contributes most to: its benefits serve that one."""
    best: dict[int, Objective] = {}
    contributions = (
        Contribution.objects.in_municipality(municipality)
        .filter(score__gt=0)
        .select_related("objective")
        .order_by("initiative_id", "-score", "objective__code")
    )
    for contribution in contributions:
        best.setdefault(contribution.initiative_id, contribution.objective)
    return best


def _colour(rng: random.Random) -> str:
    return rng.choices(["groen", "oranje", "rood"], weights=[70, 22, 8])[0]


def _reports(
    initiative: Initiative,
    users: dict[str, Any],
    rng: random.Random,
    today: datetime.date,
    skip_due: tuple[int, int] | None,
) -> None:
    year, quarter = reporting_period(today)
    periods = []
    for _ in range(QUARTERS_BACK):
        periods.append((year, quarter))
        year, quarter = previous_quarter(year, quarter)
    for year, quarter in reversed(periods):
        colours = {field: _colour(rng) for field in ASPECT_FIELDS}
        if (year, quarter) == skip_due:
            continue  # this one is overdue: the reminder command will find it
        report = ProgressReport(
            municipality_id=initiative.municipality_id,
            initiative=initiative,
            year=year,
            quarter=quarter,
            **colours,
        )
        overall = report.worst_colour()
        ProgressReport.objects.get_or_create(
            initiative=initiative,
            year=year,
            quarter=quarter,
            version=1,
            defaults={
                "municipality_id": initiative.municipality_id,
                **colours,
                "rag_overall": overall,
                "narrative": NARRATIVES[overall],
                "forecast": "Oplevering volgens de bijgestelde planning."
                if overall != "groen"
                else "",
                "decisions_needed": "Besluit over extra capaciteit." if overall == "rood" else "",
                "status": ReportStatus.SUBMITTED,
                "author": users.get("projectleider"),
                "submitted_by": users.get("projectleider"),
                "submitted_at": timezone.make_aware(
                    datetime.datetime.combine(report_due(year, quarter), datetime.time(9))
                )
                - datetime.timedelta(days=7),
            },
        )


def _milestones(initiative: Initiative, rng: random.Random, today: datetime.date) -> None:
    start = today - datetime.timedelta(days=300)
    for n, name in enumerate(("Projectplan vastgesteld", "Gunning", "Oplevering")):
        baseline = start + datetime.timedelta(days=150 * n + rng.randint(0, 30))
        slip = rng.choice([0, 0, 7, 21, 45, -5])
        forecast = baseline + datetime.timedelta(days=slip)
        actual = forecast if forecast < today else None
        Milestone.objects.get_or_create(
            initiative=initiative,
            name=name,
            defaults={
                "municipality_id": initiative.municipality_id,
                "baseline_date": baseline,
                "forecast_date": forecast if slip else None,
                "actual_date": actual,
            },
        )


def _risks(
    initiative: Initiative, users: dict[str, Any], rng: random.Random, today: datetime.date
) -> None:
    for title, mitigation in rng.sample(RISKS, k=2):
        probability, impact = rng.randint(1, 5), rng.randint(1, 5)
        Risk.objects.get_or_create(
            initiative=initiative,
            title=title,
            source_advice=None,
            defaults={
                "municipality_id": initiative.municipality_id,
                "probability": probability,
                "impact": impact,
                "mitigation": mitigation,
                "owner": users.get("projectleider"),
                "status": "in_behandeling" if probability * impact >= 12 else "open",
                "review_date": today + datetime.timedelta(days=rng.randint(10, 90)),
            },
        )
    risks_from_advice(initiative=initiative)


def _budget(initiative: Initiative, rng: random.Random, today: datetime.date) -> None:
    for kind, total in (
        (BudgetKind.CAPITAL, initiative.budget_capital),
        (BudgetKind.OPERATING, initiative.budget_operating),
    ):
        if not total:
            continue
        for year in (today.year - 1, today.year):
            planned = (Decimal(total) / 2).quantize(Decimal("1"))
            spent = Decimal(rng.randint(60, 115)) / 100
            share = Decimal(1) if year < today.year else Decimal(today.month) / 12
            BudgetLine.objects.get_or_create(
                initiative=initiative,
                year=year,
                kind=kind,
                defaults={
                    "municipality_id": initiative.municipality_id,
                    "planned": planned,
                    "actual": (planned * spent * share).quantize(Decimal("1")),
                    "forecast": (planned * spent).quantize(Decimal("1")),
                },
            )


def _phases(
    initiative: Initiative, users: dict[str, Any], rng: random.Random, today: datetime.date
) -> None:
    codes = [step.code for step in phase_model(initiative.municipality_id)]
    reached = min(rng.randint(1, 4), len(codes) - 1)
    for step in range(reached):
        from_phase, to_phase = codes[step], codes[step + 1]
        PhaseGate.objects.get_or_create(
            initiative=initiative,
            to_phase=to_phase,
            defaults={
                "municipality_id": initiative.municipality_id,
                "from_phase": from_phase,
                "decided_on": today - datetime.timedelta(days=90 * (reached - step)),
                "decided_by": users.get("opdrachtgever"),
                "documents": "\n".join(phase_documents(initiative.municipality_id, from_phase)),
            },
        )


def _benefit(
    initiative: Initiative,
    users: dict[str, Any],
    rng: random.Random,
    today: datetime.date,
    objective: Objective,
    index: int,
) -> None:
    name, kpi, unit, baseline, target = BENEFITS[index % len(BENEFITS)]
    progress = [Decimal(rng.randint(0, 40)) / 100 for _ in range(4)]
    benefit, _ = Benefit.objects.get_or_create(
        initiative=initiative,
        name=name,
        defaults={
            "municipality_id": initiative.municipality_id,
            "objective": objective,
            "kpi": kpi,
            "unit": unit,
            "baseline": Decimal(baseline),
            "target": Decimal(target),
            "target_date": today + datetime.timedelta(days=365 * (1 + index % 3) - 400),
            "owner": users.get("opdrachtgever"),
        },
    )
    share = Decimal(0)
    for n, step in enumerate(progress):
        share = min(Decimal("1.1"), share + step)
        value = (benefit.baseline + (benefit.target - benefit.baseline) * share).quantize(
            Decimal("0.01")
        )
        BenefitMeasurement.objects.get_or_create(
            benefit=benefit,
            measured_on=today.replace(day=1) - datetime.timedelta(days=91 * (3 - n)),
            defaults={"municipality_id": initiative.municipality_id, "value": value},
        )


def _meeting(initiative: Initiative, users: dict[str, Any], today: datetime.date) -> None:
    held_on = today.replace(day=1) - datetime.timedelta(days=30)
    meeting, _ = ProjectMeeting.objects.get_or_create(
        initiative=initiative,
        kind="koersvast",
        held_on=held_on,
        defaults={
            "municipality_id": initiative.municipality_id,
            "notes": "Voortgang, risico's en de planning van het komende kwartaal besproken.",
        },
    )
    MeetingAction.objects.get_or_create(
        meeting=meeting,
        description="Risicoregister bijwerken en herijken met de opdrachtgever",
        defaults={
            "municipality_id": initiative.municipality_id,
            "owner": users.get("projectleider"),
            "due_date": held_on + datetime.timedelta(days=30),
        },
    )
