"""Contributions, impact scores and the computed priority scores of initiatives."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from rest_framework import mixins, serializers

from koersvast.framework.models import ImpactAxis, Objective
from koersvast.intake.models import Contribution, ImpactScore, PriorityScore
from koersvast.intake.services import scoring as intake
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.policy import Action

from .. import fields
from ..base import (
    ModelSerializer,
    TenantViewSet,
    acting_municipality_id,
    scoped,
)

SCORE_WRITE = (Action.INITIATIVE_MANAGE,)


class _ScoreSerializer(ModelSerializer):
    """Writing a score goes through `initiative_score`, which recomputes the priority."""

    initiative = scoped(Initiative)
    target_field: str

    def _framework(self) -> Any:
        return intake.published_framework(acting_municipality_id(self.context["request"]) or 0)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        framework = self._framework()
        target = attrs[self.target_field]
        if framework is None or target.framework_id != framework.pk:
            raise serializers.ValidationError(
                {self.target_field: [_("Hoort niet bij het vastgestelde afwegingskader.")]}
            )
        self.validate_target(target)
        attrs["framework"] = framework
        return attrs

    def validate_target(self, target: Any) -> None:
        """Further rules on the objective or axis scored (none by default)."""

    def create(self, validated_data: dict[str, Any]) -> Any:
        framework = validated_data.pop("framework")
        target = validated_data[self.target_field]
        entry = {target.pk: (validated_data["score"], validated_data.get("reason", ""))}
        is_axis = self.target_field == "axis"
        intake.initiative_score(
            initiative=validated_data["initiative"],
            framework=framework,
            contributions={} if is_axis else entry,
            impacts=entry if is_axis else {},
            by=self.context["request"].user,
        )
        return self.Meta.model.objects.get(
            initiative=validated_data["initiative"], **{self.target_field: target}
        )


class ContributionSerializer(_ScoreSerializer):
    target_field = "objective"
    objective = scoped(Objective)
    score = fields.Integer(min_value=-3, max_value=3)

    def validate_target(self, target: Objective) -> None:
        # The weighing engine scores leaves only; a parent's value comes from its children.
        if target.children.exists():
            raise serializers.ValidationError(
                {
                    "objective": [
                        _(
                            "Deze doelstelling heeft subdoelstellingen; geef de bijdrage aan een "
                            "subdoelstelling."
                        )
                    ]
                }
            )

    class Meta:
        model = Contribution
        fields = ["id", "initiative", "objective", "score", "reason", "updated_at"]
        read_only_fields = ["updated_at"]
        validators: list[Any] = []  # an existing score is replaced (upsert), not refused


class ImpactScoreSerializer(_ScoreSerializer):
    target_field = "axis"
    axis = scoped(ImpactAxis)
    score = fields.Integer(min_value=0, max_value=32767)  # the axis scale is checked by the service

    class Meta:
        model = ImpactScore
        fields = ["id", "initiative", "axis", "score", "reason", "updated_at"]
        read_only_fields = ["updated_at"]
        validators: list[Any] = []


class PriorityScoreSerializer(ModelSerializer):
    class Meta:
        model = PriorityScore
        fields = [
            "id",
            "initiative",
            "framework",
            "total",
            "value_part",
            "impact_part",
            "incomplete",
            "terms",
            "updated_at",
        ]


class _ScoreViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, TenantViewSet
):
    read_actions = (Action.PORTFOLIO_VIEW,)
    write_actions = SCORE_WRITE
    ordering_fields = ("initiative", "score", "updated_at")
    ordering = ("initiative",)

    def narrow(self, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
        framework = intake.published_framework(acting_municipality_id(self.request))
        return queryset.filter(**{f"{self.target_field}__framework": framework})


class ContributionViewSet(_ScoreViewSet):
    """Bijdragen (−3…+3) aan doelstellingen. POST vervangt een bestaande score."""

    model = Contribution
    target_field = "objective"
    serializer_class = ContributionSerializer
    filterset_fields = ("initiative", "objective", "score")


class ImpactScoreViewSet(_ScoreViewSet):
    """Scores op impactassen. POST vervangt een bestaande score."""

    model = ImpactScore
    target_field = "axis"
    serializer_class = ImpactScoreSerializer
    filterset_fields = ("initiative", "axis", "score")


class PriorityScoreViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    """Berekende prioriteitsscores onder het vastgestelde afwegingskader (alleen lezen)."""

    model = PriorityScore
    read_actions = (Action.PORTFOLIO_VIEW,)
    serializer_class = PriorityScoreSerializer
    filterset_fields = ("initiative", "incomplete")
    ordering_fields = ("total", "initiative", "updated_at")
    ordering = ("-total",)

    def narrow(self, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
        framework = intake.published_framework(acting_municipality_id(self.request))
        return queryset.filter(framework=framework)
