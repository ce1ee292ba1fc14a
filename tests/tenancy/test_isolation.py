"""Tenant isolation: a user of another municipality gets 404 for every object URL.

The URL patterns are enumerated from the URL configuration, so a new object URL without an
entry in OBJECT_URLS fails `test_every_object_url_is_covered`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from koersvast.tenancy.choices import Role
from tests.factories import (
    AdviceFactory,
    AttachmentFactory,
    BenefitFactory,
    CapacityPoolFactory,
    DecisionBodyFactory,
    DemandFactory,
    EntryCriterionFactory,
    ImpactAxisFactory,
    InitiativeFactory,
    LeverFactory,
    MarginalAnalysisFactory,
    MeetingFactory,
    MilestoneFactory,
    ObjectiveFactory,
    ProgrammeFactory,
    ProgressReportFactory,
    RiskFactory,
    ScenarioFactory,
    ScenarioRunFactory,
    UrgencyRequestFactory,
)


def _admission_check(objects: dict[str, Any]) -> Any:
    from koersvast.planning.models import AdmissionCheck

    initiative = objects["initiative"]
    return AdmissionCheck.objects.create(
        municipality=initiative.municipality, initiative=initiative
    )


def _object_patterns() -> set[str]:
    """Names of every URL pattern (with namespace) that takes an object id."""
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, ns)
            elif isinstance(pattern, URLPattern) and "pk" in pattern.pattern.converters:
                names.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns, "")
    return names


@pytest.fixture
def objects_of_a(municipality: Any) -> dict[str, Any]:
    initiative = InitiativeFactory(municipality=municipality)
    demand = DemandFactory(initiative=initiative)
    return {
        "initiative": initiative,
        "objective": ObjectiveFactory(municipality=municipality),
        "pool": demand.pool,
        "extra_pool": CapacityPoolFactory(municipality=municipality),
        "criterion": EntryCriterionFactory(municipality=municipality),
        "advice": AdviceFactory(initiative=initiative),
        "attachment": AttachmentFactory(initiative=initiative),
        "meeting": MeetingFactory(municipality=municipality),
        "scenario": (scenario := ScenarioFactory(municipality=municipality)),
        "lever": LeverFactory(scenario=scenario),
        "run": ScenarioRunFactory(scenario=scenario, status="done"),
        "urgency": UrgencyRequestFactory(initiative=initiative),
        "programme": ProgrammeFactory(municipality=municipality),
        "opgave": _opgave(municipality),
        "report": ProgressReportFactory(initiative=initiative, status="ingediend"),
        "draft_report": ProgressReportFactory(initiative=initiative, quarter=2),
        "milestone": MilestoneFactory(initiative=initiative),
        "meeting_action": _meeting_action(initiative),
        "risk": RiskFactory(initiative=initiative),
        "benefit": BenefitFactory(initiative=initiative),
    }


def _template(objects: dict[str, Any], *, withdrawn: bool) -> Any:
    """A RAG template of municipality A (version 1), withdrawn or still published."""
    from koersvast.library.models import Template, TemplateVersion

    template = Template.objects.create(
        municipality=objects["initiative"].municipality,
        kind="rag",
        title="Kleuren",
        latest_number=1,
        withdrawn_at="2027-01-01T00:00:00Z" if withdrawn else None,
    )
    content = {"format": "koersvast.rag/1", "definitions": [{"colour": "rood", "meaning": "X"}]}
    return TemplateVersion.objects.create(
        municipality=template.municipality, template=template, number=1, content=content
    )


def _adoption(objects: dict[str, Any]) -> Any:
    """An adoption by municipality A of its own template."""
    from koersvast.library.models import Adoption

    version = _template(objects, withdrawn=False)
    return Adoption.objects.create(
        municipality=version.municipality,
        template=version.template,
        version=version,
        mode="overgenomen",
        object_label="RAG-definities",
    )


def _published_report(objects: dict[str, Any]) -> Any:
    from koersvast.reports.services import report_publish

    return report_publish(
        municipality=objects["initiative"].municipality,
        parameters={"kind": "raad", "moment": "najaarsnota", "year": 2026, "threshold": 0},
    )


def _pdf_job(objects: dict[str, Any]) -> Any:
    from koersvast.reports.models import PdfJob

    return PdfJob.objects.create(
        municipality=objects["initiative"].municipality,
        title="Portfoliorapportage",
        status="ready",
        file=ContentFile(b"%PDF-1.4 isolation", name="isolation.pdf"),
    )


def _opgave(municipality: Any) -> Any:
    from koersvast.monitoring.models import Opgave

    return Opgave.objects.create(municipality=municipality, name="Wonen")


def _programme_report(objects: dict[str, Any], *, submitted: bool) -> Any:
    from koersvast.monitoring.models import ProgrammeReport

    # Periods of their own (get_or_create: several probes may ask for the same report, and the
    # demo's programme reports are over recent quarters).
    report, _created = ProgrammeReport.objects.get_or_create(
        programme=objects["programme"],
        year=2019,
        quarter=2 if submitted else 3,
        defaults={
            "municipality": objects["programme"].municipality,
            "rag": "groen",
            "summary": "Programma op koers.",
            "status": "ingediend" if submitted else "concept",
        },
    )
    return report


def _meeting_action(initiative: Any) -> Any:
    from koersvast.monitoring.models import MeetingAction, ProjectMeeting

    meeting = ProjectMeeting.objects.create(
        municipality=initiative.municipality,
        initiative=initiative,
        kind="koersvast",
        held_on="2027-01-15",
    )
    return MeetingAction.objects.create(
        municipality=initiative.municipality, meeting=meeting, description="Actie"
    )


def _finance(objects: dict[str, Any], kind: str) -> Any:
    """An investment, exploitatie line, dekking or asset category of municipality A."""
    from koersvast.finance.models import AssetCategory, ExploitationLine, Funding, Investment

    initiative = objects["initiative"]
    municipality = initiative.municipality
    category = AssetCategory.objects.get_or_create(
        municipality=municipality, name="ICT", defaults={"default_term": 5}
    )[0]
    if kind == "category":
        return category
    if kind == "investment":
        return Investment.objects.create(
            municipality=municipality,
            initiative=initiative,
            description="Servers",
            amount=100_000,
            activation_year=2027,
            category=category,
        )
    if kind == "line":
        return ExploitationLine.objects.create(
            municipality=municipality,
            initiative=initiative,
            year=2027,
            side="lasten",
            nature="structureel",
            amount=10_000,
        )
    return Funding.objects.create(
        municipality=municipality,
        initiative=initiative,
        source="algemene_middelen",
        year=2027,
        nature="incidenteel",
        amount=10_000,
    )


def _member(objects: dict[str, Any]) -> Any:
    from koersvast.tenancy.services import membership_grant
    from tests.factories import UserFactory

    user = UserFactory(username="lid-van-a")
    membership_grant(
        user=user, municipality=objects["initiative"].municipality, roles=[Role.READER]
    )
    return user


def _role_mapping(objects: dict[str, Any]) -> Any:
    from koersvast.identity.models import RoleMapping

    return RoleMapping.objects.create(
        municipality=objects["initiative"].municipality, value="kv-portfolio", role=Role.READER
    )


def _membership(objects: dict[str, Any]) -> Any:
    from koersvast.tenancy.models import Membership

    return Membership.objects.get(user=_member(objects))


def _invitation(objects: dict[str, Any]) -> Any:
    from koersvast.identity.services import invitation_create
    from koersvast.tenancy.policy import forget_roles
    from tests.factories import UserFactory

    municipality = objects["initiative"].municipality
    operator = UserFactory(username="operator-a", is_superuser=True, is_staff=True)
    result = invitation_create(
        municipality=municipality, email="nieuw@a.example", roles=[Role.READER], by=operator
    )
    forget_roles(operator)
    return result.invitation


def _config_object(objects: dict[str, Any], key: str) -> Any:
    """A domain, budget programme, decision body, advice kind or own field of municipality A."""
    from koersvast.intake.models import AdviceKind, DecisionBody
    from koersvast.portfolio.models import BudgetProgramme

    municipality = objects["initiative"].municipality
    if key == "domain":
        return objects["initiative"].domain
    if key == "programme":
        return BudgetProgramme.objects.get_or_create(
            municipality=municipality, code="wonen", defaults={"name": "Wonen"}
        )[0]
    if key == "body":
        return DecisionBody.objects.filter(municipality=municipality).first()
    if key == "field":
        from koersvast.portfolio.models import CustomField

        return CustomField.objects.get_or_create(
            municipality=municipality, code="dpiaNodig", defaults={"name": "DPIA nodig"}
        )[0]
    return AdviceKind.objects.filter(municipality=municipality).first()


def _council_item(objects: dict[str, Any]) -> Any:
    from tests.council.factories import CouncilItemFactory

    if "council_item" not in objects:
        objects["council_item"] = CouncilItemFactory(
            municipality=objects["initiative"].municipality, initiatives=[objects["initiative"]]
        )
    return objects["council_item"]


def _council_moment(objects: dict[str, Any]) -> Any:
    from tests.council.factories import AgendaMomentFactory

    return AgendaMomentFactory(
        municipality=objects["initiative"].municipality, initiative=objects["initiative"]
    )


def _decision(objects: dict[str, Any]) -> Any:
    from koersvast.intake.models import Decision

    initiative = objects["initiative"]
    return Decision.objects.create(
        municipality=initiative.municipality,
        initiative=initiative,
        body=DecisionBodyFactory(municipality=initiative.municipality),
        outcome="admit",
        rationale="Past in het kader.",
    )


@dataclass(frozen=True)
class Probe:
    """A request to try: as an insider it gives `insider`, as an outsider it must give 404."""

    url: str
    method: str = "get"
    insider: int = 200
    data: dict[str, Any] | None = None


def _round(objects: dict[str, Any]) -> Any:
    """A group comparison round on municipality A's framework, with the insider invited."""
    from django.contrib.auth import get_user_model

    from koersvast.framework.models import ComparisonRound, RoundParticipant

    if "round" not in objects:
        framework = objects["objective"].framework
        comparison_round = ComparisonRound.objects.create(
            municipality=framework.municipality, framework=framework, title="Weging"
        )
        RoundParticipant.objects.create(
            municipality=framework.municipality,
            round=comparison_round,
            # The municipality's portfolio manager: the one who opens the round's pages.
            user=get_user_model()
            .objects.filter(
                memberships__municipality=framework.municipality,
                memberships__role=Role.PORTFOLIO_MANAGER,
            )
            .first(),
        )
        objects["round"] = comparison_round
    return objects["round"]


def _lesson(objects: dict[str, Any]) -> Any:
    from koersvast.monitoring.models import Lesson

    initiative = objects["initiative"]
    return Lesson.objects.create(
        municipality=initiative.municipality,
        initiative=initiative,
        title="Les",
        what_happened="Iets",
        to_repeat="Dat",
        tags="|aanbesteding|",
    )


def _history(obj: Any) -> str:
    return reverse("audit:object_history", args=[obj._meta.app_label, obj._meta.model_name, obj.pk])


def _plan_version(objects: dict[str, Any]) -> Any:
    """A plan version of municipality A (adopted from its scenario's run)."""
    from django.utils import timezone

    from koersvast.planning.models import PlanItem, PlanVersion, ScenarioDecision

    municipality = objects["scenario"].municipality
    adopted = PlanVersion.objects.filter(municipality=municipality).order_by("pk").first()
    if adopted is not None:  # the demo municipality starts with an adopted plan
        return adopted
    decision = ScenarioDecision.objects.create(
        municipality=municipality,
        scenario=objects["scenario"],
        run=objects["run"],
        body=DecisionBodyFactory(municipality=municipality),
        rationale="Begroting",
    )
    version = PlanVersion.objects.create(
        municipality=municipality,
        year=2027,
        number=1,
        scenario=objects["scenario"],
        run=objects["run"],
        decision=decision,
        is_baseline=True,
        adopted_at=timezone.now(),
    )
    # With the initiative in it, so the plan's export and pages show an initiative's text.
    PlanItem.objects.create(
        municipality=municipality,
        version=version,
        initiative=objects["initiative"],
        start_year=2027,
        start_quarter=1,
        end_year=2027,
        end_quarter=2,
        start_period="2027-Q1",
        end_period="2027-Q2",
    )
    return version


def _running(objects: dict[str, Any]) -> Any:
    """A running initiative of municipality A (so that proposals fit it)."""
    return InitiativeFactory(
        municipality=objects["initiative"].municipality, state="in_uitvoering", title="Lopend"
    )


def _proposal(objects: dict[str, Any]) -> Any:
    """An open proposal of municipality A about running work, made by someone else than the
    insider (a portfolio manager may not decide on their own proposal)."""
    from koersvast.intake.models import GovernanceProposal

    initiative = _running(objects)
    return GovernanceProposal.objects.create(
        municipality=initiative.municipality,
        initiative=initiative,
        kind="pause",
        rationale="Even niet",
        effective_date="2027-07-01",
    )


def _huisstijl(objects: dict[str, Any]) -> Any:
    from koersvast.administration.models import Huisstijl

    if "huisstijl" not in objects:
        huisstijl = Huisstijl.objects.create(
            municipality=objects["initiative"].municipality,
            tokens={"--basis-color-action-1-inverse-bg-default": "#8b0a50"},
            version="v1",
        )
        huisstijl.logo.save("logo.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=True)
        objects["huisstijl"] = huisstijl
    return objects["huisstijl"]


def _url(name: str, *args: Any) -> str:
    return reverse(name, args=args)


def _person(objects: dict[str, Any]) -> Any:
    """A person of municipality A with an allocation and a leave period (decision 0406)."""
    from koersvast.capacity.models import Leave
    from tests.factories import AllocationFactory, PersonFactory

    if "person" not in objects:
        person = PersonFactory(pool=objects["pool"])
        objects["person"] = person
        objects["allocation"] = AllocationFactory(person=person, initiative=objects["initiative"])
        objects["leave"] = Leave.objects.create(
            municipality=person.municipality, person=person, start="2027-01-01", end="2027-01-31"
        )
    return objects["person"]


def _people_urls(name: str, key: str) -> Any:
    """GET probes of a people URL (the POST-only ones redirect an insider to the person)."""

    def probes(objects: dict[str, Any]) -> list[Any]:
        _person(objects)
        insider = 302 if name.split(":")[1] in POST_ONLY else 200
        return [Probe(_url(name, objects[key].pk), insider=insider)]

    return probes


POST_ONLY = {"allocation_add", "leave_add", "allocation_delete", "leave_delete"}


# URL name -> function from the objects of municipality A to the requests to try
# (a plain string is a GET that an insider may open).
def _dependency(objects: dict[str, Any]) -> Any:
    """A dependency of municipality A: the initiative waits for another one."""
    from koersvast.portfolio.models import Dependency

    initiative = objects["initiative"]
    other = InitiativeFactory(municipality=initiative.municipality)
    return Dependency.objects.create(
        municipality=initiative.municipality, predecessor=other, successor=initiative
    )


def _alternative(objects: dict[str, Any]) -> Any:
    from koersvast.portfolio.models import Alternative, AlternativeGroup

    initiative = objects["initiative"]
    group = AlternativeGroup.objects.create(municipality=initiative.municipality, name="Varianten")
    return Alternative.objects.create(
        municipality=initiative.municipality, group=group, initiative=initiative
    )


OBJECT_URLS = {
    "portfolio:initiative_detail": lambda o: [
        _url("portfolio:initiative_detail", o["initiative"].pk)
    ],
    "portfolio:dependency_add": lambda o: [
        Probe(
            _url("portfolio:dependency_add", o["initiative"].pk),
            "post",
            302,
            {
                "kind": "einde_start",
                "predecessor": InitiativeFactory(municipality=o["initiative"].municipality).pk,
            },
        )
    ],
    "portfolio:dependency_remove": lambda o: [
        Probe(
            _url("portfolio:dependency_remove", o["initiative"].pk, _dependency(o).pk),
            "post",
            302,
        )
    ],
    "portfolio:alternative_add": lambda o: [
        Probe(
            _url("portfolio:alternative_add", o["initiative"].pk),
            "post",
            302,
            {"group_name": "Varianten"},
        )
    ],
    "portfolio:alternative_remove": lambda o: [
        (
            _alternative(o),
            Probe(_url("portfolio:alternative_remove", o["initiative"].pk), "post", 302),
        )[1]
    ],
    "framework:objective_detail": lambda o: [_url("framework:objective_detail", o["objective"].pk)],
    # Afwegingskader: every page of a version, an objective or an impact axis.
    **{
        f"framework:{name}": (
            lambda o, name=name: [_url(f"framework:{name}", o["objective"].framework_id)]
        )
        for name in (
            "framework_detail",
            "framework_edit",
            "framework_publish",
            "framework_new_version",
            "framework_export",
            "objective_create",
            "axis_create",
        )
    },
    # Group AHP: start a round on a version; a round's results, one's own judgements, apply.
    "framework:round_create": lambda o: [
        _url("framework:round_create", o["objective"].framework_id)
    ],
    "framework:round_detail": lambda o: [_url("framework:round_detail", _round(o).pk)],
    "framework:round_participate": lambda o: [_url("framework:round_participate", _round(o).pk)],
    # Without judgements the insider's apply is refused with a message (302).
    "framework:round_apply": lambda o: [
        Probe(_url("framework:round_apply", _round(o).pk), "post", 302)
    ],
    # The reminder mails who has not finished and returns to the round (302).
    "framework:round_remind": lambda o: [
        Probe(_url("framework:round_remind", _round(o).pk), "post", 302)
    ],
    "framework:group_weights": lambda o: [
        _url("framework:group_weights", o["objective"].framework_id, group)
        for group in ("themas", "assen")
    ],
    "framework:group_compare": lambda o: [
        _url("framework:group_compare", o["objective"].framework_id, group)
        for group in ("themas", "assen")
    ],
    **{
        f"framework:{name}": (lambda o, name=name: [_url(f"framework:{name}", o["objective"].pk)])
        for name in ("objective_edit", "objective_delete", "objective_weights", "objective_compare")
    },
    **{
        f"framework:{name}": (
            lambda o, name=name: [
                _url(
                    f"framework:{name}",
                    ImpactAxisFactory(
                        municipality=o["objective"].municipality,
                        framework=o["objective"].framework,
                    ).pk,
                )
            ]
        )
        for name in ("axis_edit", "axis_delete")
    },
    "capacity:pool_detail": lambda o: [_url("capacity:pool_detail", o["pool"].pk)],
    "capacity:pool_edit": lambda o: [_url("capacity:pool_edit", o["pool"].pk)],
    "capacity:pool_team": _people_urls("capacity:pool_team", "pool"),
    # With a plan of record, so that the page has suggestions (and its form) to show.
    "capacity:pool_suggest": lambda o: (
        _plan_version(o),
        *_people_urls("capacity:pool_suggest", "pool")(o),
    )[1:],
    "capacity:person_detail": _people_urls("capacity:person_detail", "person"),
    "capacity:person_edit": _people_urls("capacity:person_edit", "person"),
    "capacity:person_anonymise": _people_urls("capacity:person_anonymise", "person"),
    "capacity:allocation_add": _people_urls("capacity:allocation_add", "person"),
    "capacity:leave_add": _people_urls("capacity:leave_add", "person"),
    "capacity:allocation_delete": _people_urls("capacity:allocation_delete", "allocation"),
    "capacity:leave_delete": _people_urls("capacity:leave_delete", "leave"),
    "audit:object_history": lambda o: [_history(obj) for obj in o.values()],
    "intake:edit": lambda o: [_url("intake:edit", o["initiative"].pk)],
    "intake:score": lambda o: [Probe(_url("intake:score", o["initiative"].pk), insider=302)],
    "intake:decide": lambda o: [_url("intake:decide", o["initiative"].pk)],
    "intake:wsjf": lambda o: [_url("intake:wsjf", o["initiative"].pk)],
    "intake:meeting": lambda o: [_url("intake:meeting", o["meeting"].pk)],
    "intake:rescore": lambda o: [_url("intake:rescore", o["objective"].framework_id)],
    "intake:transition": lambda o: [
        Probe(_url("intake:transition", o["initiative"].pk), "post", 302)
    ],
    "intake:advice_request": lambda o: [
        Probe(_url("intake:advice_request", o["initiative"].pk), "post", 302)
    ],
    "intake:criterion_check": lambda o: [
        Probe(_url("intake:criterion_check", o["initiative"].pk, o["criterion"].pk), "post", 302)
    ],
    "intake:criterion_edit": lambda o: [_url("intake:criterion_edit", o["criterion"].pk)],
    "intake:attachment_upload": lambda o: [
        Probe(_url("intake:attachment_upload", o["initiative"].pk), "post", 302)
    ],
    "intake:attachment_download": lambda o: [
        _url("intake:attachment_download", o["attachment"].pk)
    ],
    # Governance of running work: propose, decide, withdraw.
    "intake:propose": lambda o: [_url("intake:propose", _running(o).pk)],
    "intake:proposal_decide": lambda o: [_url("intake:proposal_decide", _proposal(o).pk)],
    "intake:proposal_withdraw": lambda o: [
        Probe(_url("intake:proposal_withdraw", _proposal(o).pk), "post", 302)
    ],
    "intake:advice_give": lambda o: [
        Probe(_url("intake:advice_give", o["advice"].pk), insider=403)
    ],
    # Planning: scenarios, levers, runs and urgency requests.
    "planning:scenario": lambda o: [_url("planning:scenario", o["scenario"].pk)],
    "planning:adopt": lambda o: [_url("planning:adopt", o["scenario"].pk)],
    "planning:lever_add": lambda o: [
        Probe(_url("planning:lever_add", o["scenario"].pk), "post", 302)
    ],
    "planning:run_start": lambda o: [
        Probe(_url("planning:run_start", o["scenario"].pk), "post", 302)
    ],
    "planning:run_progress": lambda o: [_url("planning:run_progress", o["run"].pk)],
    "planning:plan_version_readopt": lambda o: [
        _url("planning:plan_version_readopt", _plan_version(o).pk)
    ],
    **{
        f"planning:{name}": (lambda o, name=name: [_url(f"planning:{name}", _plan_version(o).pk)])
        for name in (
            "plan_version",
            "plan_version_export",
            "plan_version_document",
            "plan_version_document_pdf",
        )
    },
    "planning:urgency": lambda o: [_url("planning:urgency", o["urgency"].pk)],
    "planning:urgency_progress": lambda o: [_url("planning:urgency_progress", o["urgency"].pk)],
    "planning:urgency_decide": lambda o: [
        Probe(_url("planning:urgency_decide", o["urgency"].pk), "post", 302)
    ],
    "planning:urgency_check": lambda o: [_url("planning:urgency_check", o["urgency"].pk)],
    "planning:urgency_recompute": lambda o: [
        Probe(_url("planning:urgency_recompute", o["urgency"].pk), "post", 302)
    ],
    "planning:urgency_document": lambda o: [_url("planning:urgency_document", o["urgency"].pk)],
    "planning:urgency_document_pdf": lambda o: [
        Probe(_url("planning:urgency_document_pdf", o["urgency"].pk), insider=302)
    ],
    # The insider's request removes the lever; the outsider's must still be 404.
    "planning:lever_remove": lambda o: [
        Probe(_url("planning:lever_remove", o["lever"].pk), "post", 302)
    ],
    "planning:framework": lambda o: [
        Probe(
            _url("planning:framework", o["scenario"].pk),
            "post",
            302,
            {"framework": o["objective"].framework.pk},
        )
    ],
    "planning:value_density": lambda o: [
        Probe(_url("planning:value_density", o["scenario"].pk), "post", 302)
    ],
    "planning:admission_fit": lambda o: [
        _url("planning:admission_fit", o["initiative"].pk),
        Probe(_url("planning:admission_fit", o["initiative"].pk), "post", 302),
    ],
    "planning:admission_fit_progress": lambda o: [
        _url("planning:admission_fit_progress", _admission_check(o).pk)
    ],
    "planning:candidates": lambda o: [
        Probe(_url("planning:candidates", o["scenario"].pk), "post", 302)
    ],
    "planning:marginal": lambda o: [_url("planning:marginal", o["scenario"].pk)],
    # Without a finished run the insider's start is refused with a message (302).
    "planning:marginal_start": lambda o: [
        Probe(_url("planning:marginal_start", o["scenario"].pk), "post", 302)
    ],
    "planning:marginal_progress": lambda o: [
        _url("planning:marginal_progress", MarginalAnalysisFactory(scenario=o["scenario"]).pk)
    ],
    # Monitoring: programmes, one initiative's monitoring, reports, milestones, risks, benefits.
    **{
        f"monitoring:{name}": (lambda o, name=name: [_url(f"monitoring:{name}", o["programme"].pk)])
        for name in (
            "programme_detail",
            "programme_edit",
            "programme_benefit_create",
            "programme_report_create",
        )
    },
    "monitoring:programme_report_detail": lambda o: [
        _url("monitoring:programme_report_detail", _programme_report(o, submitted=True).pk)
    ],
    "monitoring:programme_report_edit": lambda o: [
        _url("monitoring:programme_report_edit", _programme_report(o, submitted=False).pk),
        Probe(
            _url("monitoring:programme_report_edit", _programme_report(o, submitted=True).pk),
            insider=302,
        ),
    ],
    "monitoring:opgave_detail": lambda o: [_url("monitoring:opgave_detail", o["opgave"].pk)],
    **{
        f"monitoring:{name}": (
            lambda o, name=name: [_url(f"monitoring:{name}", o["initiative"].pk)]
        )
        for name in (
            "initiative",
            "report_create",
            "milestone_create",
            "risk_create",
            "benefit_create",
            "meeting_create",
            "budget_plan",
        )
    },
    # Lessons learned: record one for an initiative, read and edit one.
    "monitoring:lesson_create": lambda o: [_url("monitoring:lesson_create", o["initiative"].pk)],
    "monitoring:lesson_detail": lambda o: [_url("monitoring:lesson_detail", _lesson(o).pk)],
    "monitoring:lesson_edit": lambda o: [_url("monitoring:lesson_edit", _lesson(o).pk)],
    "monitoring:opgave_edit": lambda o: [_url("monitoring:opgave_edit", o["opgave"].pk)],
    # Reports: a published (frozen) report and its PDF.
    "reports:published_detail": lambda o: [
        _url("reports:published_detail", _published_report(o).pk)
    ],
    "reports:published_pdf": lambda o: [
        Probe(_url("reports:published_pdf", _published_report(o).pk), "get", 302)
    ],
    "reports:published_pdfa": lambda o: [
        Probe(_url("reports:published_pdfa", _published_report(o).pk), "get", 302)
    ],
    # Reports: a PDF made in the background, its progress, download and retry.
    "reports:pdf_job": lambda o: [_url("reports:pdf_job", _pdf_job(o).pk)],
    "reports:pdf_download": lambda o: [_url("reports:pdf_download", _pdf_job(o).pk)],
    "reports:pdf_retry": lambda o: [Probe(_url("reports:pdf_retry", _pdf_job(o).pk), "post", 302)],
    "monitoring:action_done": lambda o: [
        Probe(_url("monitoring:action_done", o["meeting_action"].pk), "post", 302)
    ],
    "monitoring:risks_from_advice": lambda o: [
        Probe(_url("monitoring:risks_from_advice", o["initiative"].pk), "post", 302)
    ],
    "monitoring:phase_advance": lambda o: [
        Probe(_url("monitoring:phase_advance", o["initiative"].pk), "post", 302)
    ],
    "monitoring:report_detail": lambda o: [_url("monitoring:report_detail", o["report"].pk)],
    "monitoring:report_edit": lambda o: [
        _url("monitoring:report_edit", o["draft_report"].pk),
        Probe(_url("monitoring:report_edit", o["report"].pk), insider=302),
    ],
    "monitoring:report_correct": lambda o: [
        Probe(_url("monitoring:report_correct", o["report"].pk), "post", 302)
    ],
    "monitoring:milestone_edit": lambda o: [_url("monitoring:milestone_edit", o["milestone"].pk)],
    "monitoring:risk_edit": lambda o: [_url("monitoring:risk_edit", o["risk"].pk)],
    "monitoring:benefit_detail": lambda o: [_url("monitoring:benefit_detail", o["benefit"].pk)],
    # Finance: an initiative's money, its records, a risk's financial effect, a category.
    "finance:initiative": lambda o: [_url("finance:initiative", o["initiative"].pk)],
    **{
        f"finance:{kind}_create": (
            lambda o, kind=kind: [_url(f"finance:{kind}_create", o["initiative"].pk)]
        )
        for kind in ("investment", "line", "funding")
    },
    **{
        f"finance:{kind}_{action}": (
            lambda o, kind=kind, action=action: [
                _url(f"finance:{kind}_{action}", _finance(o, kind).pk)
            ]
        )
        for kind in ("investment", "line", "funding")
        for action in ("edit", "delete")
    },
    "finance:risk_effect": lambda o: [_url("finance:risk_effect", o["risk"].pk)],
    "finance:category_edit": lambda o: [_url("finance:category_edit", _finance(o, "category").pk)],
    # A category with an investment is kept (the insider is told so: 302).
    "finance:category_delete": lambda o: [
        Probe(_url("finance:category_delete", _finance(o, "investment").category_id), "post", 302)
    ],
    # Identity: an administrator resets a member's MFA (the insider, a portfolio manager, may not).
    "identity:member_mfa_reset": lambda o: [
        Probe(_url("identity:member_mfa_reset", _member(o).pk), "post", 403)
    ],
    "identity:role_mapping_delete": lambda o: [
        Probe(_url("identity:role_mapping_delete", _role_mapping(o).pk), "post", 403)
    ],
    # Beheer: accounts, roles and invitations of municipality A (the insider, a portfolio
    # manager, may not manage members: 403); the operator's page is 404 for every member.
    **{
        f"administration:{name}": (
            lambda o, name=name, method=method: [
                Probe(_url(f"administration:{name}", _member(o).pk), method, 403)
            ]
        )
        for name, method in (
            ("user", "get"),
            ("user_deactivate", "post"),
            ("user_reactivate", "post"),
        )
    },
    **{
        f"administration:{name}": (
            lambda o, name=name: [
                Probe(_url(f"administration:{name}", _membership(o).pk), "post", 403)
            ]
        )
        for name in ("role_withdraw", "role_end")
    },
    "administration:invitation_revoke": lambda o: [
        Probe(_url("administration:invitation_revoke", _invitation(o).pk), "post", 403)
    ],
    "administration:beheerder_invite": lambda o: [
        Probe(
            _url("administration:beheerder_invite", o["initiative"].municipality_id),
            insider=404,
        )
    ],
    # Huisstijl: A's theme and logo load in every page of A's members, never elsewhere.
    **{
        f"administration:{name}": (
            lambda o, name=name: [_url(f"administration:{name}", _huisstijl(o).pk, "v1")]
        )
        for name in ("huisstijl_css", "huisstijl_logo")
    },
    # Beheer › Inrichting: only a beheerder of A (settings.manage) changes A's configuration.
    **{
        f"administration:{key}_{action}": (
            lambda o, key=key, action=action, method=method: [
                Probe(
                    _url(f"administration:{key}_{action}", _config_object(o, key).pk),
                    method,
                    403,
                )
            ]
        )
        for key in ("domain", "programme", "body", "advice_kind", "field")
        for action, method in (("edit", "get"), ("retire", "post"), ("delete", "post"))
    },
    # Without a given advice the insider's response is refused with a message (302).
    "intake:advice_respond": lambda o: [
        Probe(_url("intake:advice_respond", o["advice"].pk), "post", 302, {"response": "Ok"})
    ],
    # Template library: a *published* template is shared by design (tests/library), so these
    # probe a withdrawn one (only its author sees it), an author-only action, and an adoption.
    "library:version_detail": lambda o: [
        _url("library:version_detail", _template(o, withdrawn=True).pk)
    ],
    "library:version_export": lambda o: [
        _url("library:version_export", _template(o, withdrawn=True).pk)
    ],
    "library:version_adopt": lambda o: [
        Probe(_url("library:version_adopt", _template(o, withdrawn=True).pk), insider=302)
    ],
    "library:template_withdraw": lambda o: [
        _url("library:template_withdraw", _template(o, withdrawn=False).template_id)
    ],
    # Bestuurlijke agenda: toezeggingen and moties, college and raad moments, the Woo marking.
    "council:item_detail": lambda o: [_url("council:item_detail", _council_item(o).pk)],
    "council:item_edit": lambda o: [_url("council:item_edit", _council_item(o).pk)],
    "council:moment_create": lambda o: [_url("council:moment_create", o["initiative"].pk)],
    "council:moment_edit": lambda o: [_url("council:moment_edit", _council_moment(o).pk)],
    "council:moment_delete": lambda o: [_url("council:moment_delete", _council_moment(o).pk)],
    "council:decision_public": lambda o: [
        Probe(_url("council:decision_public", _decision(o).pk), "post", 302, {"public": "1"})
    ],
    "library:adoption_compare": lambda o: [
        _url("library:adoption_compare", _adoption(o).pk),
        Probe(_url("library:adoption_compare", _adoption(o).pk), "post", 200),
    ],
}


def test_every_object_url_is_covered() -> None:
    assert _object_patterns() == set(OBJECT_URLS)


@pytest.mark.parametrize("name", sorted(OBJECT_URLS))
def test_outsider_gets_404(name, objects_of_a, outsider, client_for, personas) -> None:
    outsider_client = client_for(outsider)
    insider_client = client_for(personas[Role.PORTFOLIO_MANAGER])
    for item in OBJECT_URLS[name](objects_of_a):
        probe = item if isinstance(item, Probe) else Probe(item)
        insider = getattr(insider_client, probe.method)(probe.url, probe.data or {})
        assert insider.status_code == probe.insider, probe
        response = getattr(outsider_client, probe.method)(probe.url, probe.data or {})
        assert response.status_code == 404, probe
        assert objects_of_a["initiative"].title not in response.content.decode()


def test_history_of_non_tenant_models_is_404(pm_client, personas) -> None:
    user = personas[Role.READER]
    url = reverse("audit:object_history", args=["auth", "user", user.pk])
    assert pm_client.get(url).status_code == 404
    url = reverse("audit:object_history", args=["nope", "nothing", 1])
    assert pm_client.get(url).status_code == 404


def test_lists_show_only_the_active_municipality(
    municipality, other_municipality, outsider, client_for
) -> None:
    InitiativeFactory(municipality=municipality, title="Geheim project van Utrecht")
    InitiativeFactory(municipality=other_municipality, title="Project van Amsterdam")
    body = client_for(outsider).get(reverse("portfolio:list")).content.decode()
    assert "Project van Amsterdam" in body
    assert "Geheim project van Utrecht" not in body


def test_submitter_sees_only_own_initiatives(municipality, personas, client_for) -> None:
    submitter = personas[Role.SUBMITTER]
    own = InitiativeFactory(municipality=municipality, submitted_by=submitter, state="idee")
    other = InitiativeFactory(municipality=municipality, state="idee")
    client = client_for(submitter)
    assert client.get(own.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404
    body = client.get(reverse("intake:board")).content.decode()
    assert own.title in body
    assert other.title not in body
