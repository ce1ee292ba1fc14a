"""Dependencies between initiatives and groups of alternatives (read, create, delete).

Writes go through `portfolio.dependencies`, the services of the initiative page and the Excel
import, so the API refuses what they refuse (another municipality, a cycle, a chain that cannot
fit, an alternative its own group needs) with the same Dutch message (decision 0404).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from rest_framework import mixins

from koersvast.portfolio import dependencies as deps
from koersvast.portfolio.choices import DependencyKind
from koersvast.portfolio.models import Alternative, Dependency, Initiative
from koersvast.tenancy.policy import Action

from .. import fields
from ..base import ModelSerializer, TenantViewSet, scoped

MANAGERS = (Action.INITIATIVE_MANAGE,)


class DependencySerializer(ModelSerializer):
    predecessor = scoped(Initiative, help_text="Het initiatief waarop wordt gewacht (A).")
    successor = scoped(Initiative, help_text="Het initiatief dat wacht (B).")
    kind = fields.Choice(choices=DependencyKind.choices, required=False)
    lag_quarters = fields.Integer(
        min_value=0,
        max_value=deps.MAX_LAG_QUARTERS,
        required=False,
        help_text="Wachttijd in kwartalen na het einde van A (alleen bij einde_start).",
    )
    note = fields.Text(max_length=200, required=False, allow_blank=True)

    class Meta:
        model = Dependency
        fields = ["id", "predecessor", "successor", "kind", "lag_quarters", "note"]

    def create(self, validated_data: dict[str, Any]) -> Dependency:
        return deps.dependency_add(
            successor=validated_data["successor"],
            predecessor=validated_data["predecessor"],
            kind=validated_data.get("kind", DependencyKind.FINISH_TO_START),
            lag_quarters=validated_data.get("lag_quarters", 0),
            note=validated_data.get("note", ""),
            by=self.context["request"].user,
        )


class AlternativeSerializer(ModelSerializer):
    initiative = scoped(Initiative)
    group = fields.Text(
        source="group.name",
        max_length=200,
        help_text="Naam van de groep alternatieven: hoogstens één initiatief wordt gekozen.",
    )

    class Meta:
        model = Alternative
        fields = ["id", "initiative", "group"]

    def create(self, validated_data: dict[str, Any]) -> Alternative:
        return deps.alternative_add(
            initiative=validated_data["initiative"],
            group_name=validated_data["group"]["name"],
            by=self.context["request"].user,
        )


class _ReadCreateDelete(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    TenantViewSet,
):
    write_actions = MANAGERS


class DependencyViewSet(_ReadCreateDelete):
    """Afhankelijkheden: B (successor) wacht op A (predecessor): einde_start (met wachttijd),
    gelijke_start of resultaat."""

    model = Dependency
    serializer_class = DependencySerializer
    select = ("predecessor", "successor")
    filterset_fields = ("predecessor", "successor", "kind")

    @transaction.atomic
    def perform_destroy(self, instance: Dependency) -> None:
        deps.dependency_remove(dependency=instance, by=self.request.user)


class AlternativeViewSet(_ReadCreateDelete):
    """Alternatieven: initiatieven in dezelfde groep sluiten elkaar uit."""

    model = Alternative
    serializer_class = AlternativeSerializer
    select = ("group", "initiative")
    filterset_fields = ("initiative",)

    def perform_destroy(self, instance: Alternative) -> None:
        deps.alternative_remove(alternative=instance, by=self.request.user)
