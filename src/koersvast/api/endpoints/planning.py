"""Scenarios with their levers, and optimisation runs (started through the task queue)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from koersvast.planning.models import Lever, Scenario, ScenarioRun
from koersvast.planning.services.runs import scenario_run_start
from koersvast.planning.services.scenarios import scenario_create
from koersvast.tenancy.models import Municipality
from koersvast.tenancy.policy import Action

from ..base import ModelSerializer, TenantViewSet, token_municipality_id


class LeverSerializer(ModelSerializer):
    label = serializers.CharField(read_only=True)

    class Meta:
        model = Lever
        fields = [
            "id",
            "kind",
            "label",
            "initiative",
            "pool",
            "year",
            "quarter",
            "latest_year",
            "latest_quarter",
            "fte",
            "headroom_pct",
            "budget_kind",
            "amount",
            "note",
        ]


class ScenarioSerializer(ModelSerializer):
    levers = LeverSerializer(many=True, read_only=True)

    class Meta:
        model = Scenario
        fields = [
            "id",
            "name",
            "description",
            "is_plan_of_record",
            "based_on",
            "framework",
            "value_density",
            "levers",
            "created_at",
        ]
        read_only_fields = ["is_plan_of_record", "based_on", "framework", "value_density"]

    def create(self, validated_data: dict[str, Any]) -> Scenario:
        request = self.context["request"]
        return scenario_create(
            municipality=Municipality.objects.get(pk=token_municipality_id(request)),
            name=validated_data["name"],
            description=validated_data.get("description", ""),
            by=request.user,
        )


class ScenarioRunSerializer(ModelSerializer):
    class Meta:
        model = ScenarioRun
        fields = [
            "id",
            "scenario",
            "status",
            "failure_reason",
            "progress",
            "message",
            "solver_status",
            "objective",
            "bound",
            "gap",
            "solve_seconds",
            "greedy_value",
            "warnings",
            "started_at",
            "finished_at",
            "created_at",
        ]


class ScenarioRunDetailSerializer(ScenarioRunSerializer):
    """A run with its result: the plan the optimiser found (after the checker accepted it)."""

    class Meta(ScenarioRunSerializer.Meta):
        fields = [*ScenarioRunSerializer.Meta.fields, "solution"]


class ScenarioViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, TenantViewSet
):
    """Scenario's. POST maakt een kopie van het vastgestelde plan; `run` start een doorrekening."""

    model = Scenario
    read_actions = (Action.CAPACITY_VIEW,)
    write_actions = (Action.SCENARIO_MANAGE,)
    serializer_class = ScenarioSerializer
    filterset_fields = ("is_plan_of_record",)
    ordering_fields = ("name", "created_at")
    ordering = ("name",)

    def narrow(self, queryset: Any) -> Any:
        return queryset.prefetch_related("levers__initiative", "levers__pool")

    @extend_schema(request=None, responses={202: ScenarioRunSerializer})
    @action(detail=True, methods=["post"])
    def run(self, request: Request, pk: str | None = None) -> Response:
        """Zet een doorrekening in de wachtrij (een lopende wordt teruggegeven)."""
        run = scenario_run_start(scenario=self.get_object(), by=request.user)
        run.refresh_from_db()
        return Response(ScenarioRunSerializer(run).data, status=status.HTTP_202_ACCEPTED)


class ScenarioRunViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    """Doorrekeningen met status en (in detail) het resultaat."""

    model = ScenarioRun
    read_actions = (Action.CAPACITY_VIEW,)
    filterset_fields = ("scenario", "status")
    ordering_fields = ("created_at", "finished_at")
    ordering = ("-created_at",)

    def get_serializer_class(self) -> type[serializers.Serializer]:
        return ScenarioRunDetailSerializer if self.action == "retrieve" else ScenarioRunSerializer

    def narrow(self, queryset: Any) -> Any:
        # Lists leave out the heavy JSON documents.
        heavy = ("problem", "solution", "digest")
        return queryset.defer(*heavy) if self.action == "list" else queryset.defer("digest")
