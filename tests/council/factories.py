"""Factories of the bestuurlijke agenda (kept here so the shared factories stay small)."""

from __future__ import annotations

import datetime
from typing import Any

import factory

from koersvast.council.models import AgendaMoment, CouncilItem
from tests.factories import InitiativeFactory, MunicipalityFactory, UserFactory


class CouncilItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CouncilItem
        skip_postgeneration_save = True

    municipality = factory.SubFactory(MunicipalityFactory)
    kind = "toezegging"
    number = ""
    title = factory.Sequence(lambda n: f"Toezegging {n}")
    summary = "De raad wordt geïnformeerd."
    dated_on = datetime.date(2026, 9, 1)
    due_on = datetime.date(2027, 3, 1)
    status = "open"
    owner = factory.SubFactory(UserFactory)

    @factory.post_generation
    def initiatives(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if not create:
            return
        self.initiatives.set(extracted or [InitiativeFactory(municipality=self.municipality)])


class AgendaMomentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaMoment

    municipality = factory.SubFactory(MunicipalityFactory)
    initiative = factory.SubFactory(
        InitiativeFactory, municipality=factory.SelfAttribute("..municipality")
    )
    kind = "bw_besluit"
    planned_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=10))
