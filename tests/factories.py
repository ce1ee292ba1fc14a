"""factory_boy factories for the domain models (shared by all test folders)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import factory
from django.contrib.auth import get_user_model

from koersvast.capacity.models import CapacityPool, Demand, PoolCapacity
from koersvast.framework.models import Framework, Objective
from koersvast.portfolio.models import Domain, Initiative
from koersvast.tenancy.models import Membership, Municipality


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    password = factory.django.Password("correct-horse-battery")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("cbs_code",)
        skip_postgeneration_save = True

    cbs_code = factory.Sequence(lambda n: f"GM{8000 + n:04d}")
    name = factory.Sequence(lambda n: f"Testgemeente {n}")
    inhabitants = 30_000

    @factory.post_generation
    def advice_kinds(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        """Every municipality has the default advice kinds (a migration and the operator's
        "add municipality" give them), unless the test passes advice_kinds=False."""
        if create and extracted is not False:
            from koersvast.intake.configuration import advice_kinds_seed

            advice_kinds_seed(municipality=self)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    role = "portfolio_manager"


class DomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Domain

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Domein {n}")
    code = factory.Sequence(lambda n: f"domein-{n}")


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative

    municipality = factory.SubFactory(MunicipalityFactory)
    domain = factory.SubFactory(DomainFactory, municipality=factory.SelfAttribute("..municipality"))
    reference = factory.Sequence(lambda n: f"T-{n:04d}")
    title = factory.Sequence(lambda n: f"Initiatief {n}")
    state = "ingediend"


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Framework

    municipality = factory.SubFactory(MunicipalityFactory)
    name = "Afwegingskader"
    version = factory.Sequence(lambda n: n + 1)


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    municipality = factory.SubFactory(MunicipalityFactory)
    framework = factory.SubFactory(
        FrameworkFactory, municipality=factory.SelfAttribute("..municipality")
    )
    code = factory.Sequence(lambda n: f"D{n}")
    name = factory.Sequence(lambda n: f"Doelstelling {n}")
    source = "coalitieakkoord"


class CapacityPoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CapacityPool

    municipality = factory.SubFactory(MunicipalityFactory)
    code = factory.Sequence(lambda n: f"pool{n}")
    name = factory.Sequence(lambda n: f"Pool {n}")


class PoolCapacityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PoolCapacity

    pool = factory.SubFactory(CapacityPoolFactory)
    municipality = factory.SelfAttribute("pool.municipality")
    year = 2027
    quarter = 1
    fte = Decimal("2.0")


class DemandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Demand

    initiative = factory.SubFactory(InitiativeFactory)
    municipality = factory.SelfAttribute("initiative.municipality")
    pool = factory.SubFactory(
        CapacityPoolFactory, municipality=factory.SelfAttribute("..municipality")
    )
    offset = 0
    hours = Decimal("80")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "capacity.Person"

    pool = factory.SubFactory(CapacityPoolFactory)
    municipality = factory.SelfAttribute("pool.municipality")
    name = factory.Sequence(lambda n: f"Medewerker Nummer{n}")
    function = "Adviseur"
    fte = Decimal("1.00")


class AllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "capacity.Allocation"

    person = factory.SubFactory(PersonFactory)
    municipality = factory.SelfAttribute("person.municipality")
    initiative = factory.SubFactory(
        InitiativeFactory, municipality=factory.SelfAttribute("..municipality")
    )
    year = 2027
    quarter = 1
    hours = Decimal("40")


class ImpactAxisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "framework.ImpactAxis"

    municipality = factory.SubFactory(MunicipalityFactory)
    framework = factory.SubFactory(
        FrameworkFactory, municipality=factory.SelfAttribute("..municipality")
    )
    code = factory.Sequence(lambda n: f"as-{n}")
    name = factory.Sequence(lambda n: f"Impactas {n}")


class EntryCriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "intake.EntryCriterion"

    municipality = factory.SubFactory(MunicipalityFactory)
    code = factory.Sequence(lambda n: f"crit-{n}")
    name = factory.Sequence(lambda n: f"Criterium {n}")
    kind = "check"


class AdviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "intake.Advice"

    initiative = factory.SubFactory(InitiativeFactory)
    municipality = factory.SelfAttribute("initiative.municipality")
    kind = "ciso"


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "intake.Attachment"

    initiative = factory.SubFactory(InitiativeFactory)
    municipality = factory.SelfAttribute("initiative.municipality")
    file = factory.django.FileField(filename="projectopdracht.pdf", data=b"%PDF-1.4 test")
    name = "projectopdracht.pdf"
    size = 13


class DecisionBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "intake.DecisionBody"

    municipality = factory.SubFactory(MunicipalityFactory)
    name = "Portfolioboard"
    kind = "portfolioboard"


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "intake.Meeting"

    municipality = factory.SubFactory(MunicipalityFactory)
    body = factory.SubFactory(
        DecisionBodyFactory, municipality=factory.SelfAttribute("..municipality")
    )
    date = factory.Faker("date_object")


# --- monitoring ---------------------------------------------------------------------------


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "monitoring.Programme"

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Programma {n}")
    goals = "Samen sneller resultaat."


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "monitoring.ProgressReport"

    initiative = factory.SubFactory(InitiativeFactory, state="in_uitvoering")
    municipality = factory.SelfAttribute("initiative.municipality")
    year = 2026
    quarter = 1
    rag_time = "groen"
    rag_money = "groen"
    rag_scope = "groen"
    rag_quality = "groen"
    rag_risks = "groen"
    rag_capacity = "groen"
    rag_support = "groen"
    rag_overall = "groen"
    narrative = "Loopt volgens plan."


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "monitoring.Milestone"

    initiative = factory.SubFactory(InitiativeFactory, state="in_uitvoering")
    municipality = factory.SelfAttribute("initiative.municipality")
    name = factory.Sequence(lambda n: f"Mijlpaal {n}")
    baseline_date = factory.Faker("date_object")


class RiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "monitoring.Risk"

    initiative = factory.SubFactory(InitiativeFactory, state="in_uitvoering")
    municipality = factory.SelfAttribute("initiative.municipality")
    title = factory.Sequence(lambda n: f"Risico {n}")
    probability = 3
    impact = 4


class BenefitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "monitoring.Benefit"

    initiative = factory.SubFactory(InitiativeFactory, state="in_uitvoering")
    municipality = factory.SelfAttribute("initiative.municipality")
    name = factory.Sequence(lambda n: f"Baat {n}")
    kpi = "Wachttijd"
    unit = "dagen"
    baseline = Decimal("20")
    target = Decimal("10")
    target_date = factory.Faker("date_object")


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "monitoring.BudgetLine"

    initiative = factory.SubFactory(InitiativeFactory, state="in_uitvoering")
    municipality = factory.SelfAttribute("initiative.municipality")
    year = 2026
    kind = "exploitatie"
    planned = Decimal("100000")


# --- planning (scenarios, levers, runs) ------------------------------------------------------


class PriorityScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "intake.PriorityScore"

    initiative = factory.SubFactory(InitiativeFactory)
    municipality = factory.SelfAttribute("initiative.municipality")
    framework = factory.SubFactory(
        FrameworkFactory, municipality=factory.SelfAttribute("..municipality"), status="published"
    )
    total = Decimal("50")
    value_part = Decimal("0.5")
    impact_part = Decimal("0")


class ScenarioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "planning.Scenario"

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Scenario {n}")


class LeverFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "planning.Lever"

    scenario = factory.SubFactory(ScenarioFactory)
    municipality = factory.SelfAttribute("scenario.municipality")
    kind = "headroom"
    headroom_pct = 80


class ScenarioRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "planning.ScenarioRun"
        skip_postgeneration_save = True  # the digest hook saves what it sets

    scenario = factory.SubFactory(ScenarioFactory)
    municipality = factory.SelfAttribute("scenario.municipality")

    @factory.post_generation
    def digest(run: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
        """Like a stored run: the digest follows the problem and solution given."""
        from koersvast.planning.selectors.digest import run_digest

        if extracted is None and run.problem is not None and run.digest is None:
            run.digest = run_digest(run.problem, run.solution or {})
            if create:
                run.save(update_fields=["digest"])


class UrgencyRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "planning.UrgencyRequest"

    initiative = factory.SubFactory(InitiativeFactory)
    municipality = factory.SelfAttribute("initiative.municipality")
    year = 2027
    quarter = 2


class MarginalAnalysisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "planning.MarginalAnalysis"

    scenario = factory.SubFactory(ScenarioFactory)
    municipality = factory.SelfAttribute("scenario.municipality")


class BenchmarkSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "benchmarking.BenchmarkSettings"
        django_get_or_create = ("municipality",)

    municipality = factory.SubFactory(MunicipalityFactory)
    opted_in = True


class TransitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "intake.Transition"

    initiative = factory.SubFactory(InitiativeFactory)
    municipality = factory.SelfAttribute("initiative.municipality")
    from_state = "ingediend"
    to_state = "intake"
