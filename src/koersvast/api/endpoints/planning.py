"""Scenarios with their levers, and optimisation runs (started through the task queue)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from koersvast.planning.models import (
    Lever,
    PlanItem,
    PlanVersion,
    Scenario,
    ScenarioDecision,
    ScenarioRun,
)
from koersvast.planning.selectors.plan import selected_starts
from koersvast.planning.services.runs import scenario_run_start
from koersvast.planning.services.scenarios import scenario_create
from koersvast.tenancy.models import Municipality
from koersvast.tenancy.policy import Action

from .. import fields
from ..base import (
    ModelSerializer,
    Serializer,
    TenantViewSet,
    acting_municipality_id,
)


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
            municipality=Municipality.objects.get(pk=acting_municipality_id(request)),
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
        if self.action == "retrieve":
            return ScenarioRunDetailWithStartsSerializer
        return ScenarioRunSerializer

    def narrow(self, queryset: Any) -> Any:
        # Lists leave out the heavy JSON documents.
        heavy = ("problem", "solution", "digest")
        return queryset.defer(*heavy) if self.action == "list" else queryset.defer("digest")


# --- the plan of record: plan versions and their items (docs/decisions/0402) ----------------


class SelectedStartSerializer(Serializer):
    """One initiative the run schedules: where it starts and ends (period labels)."""

    initiative = fields.Integer(
        read_only=True, allow_null=True, help_text="Id van het initiatief (null: niet meer)"
    )
    reference = fields.Text(read_only=True, help_text="Kenmerk van het initiatief")
    start = fields.Text(read_only=True, help_text="Startperiode, zoals 2027-Q3 of 2027-08")
    end = fields.Text(read_only=True, help_text="Laatste periode")


class ScenarioRunDetailWithStartsSerializer(ScenarioRunDetailSerializer):
    """A run with its result and, read from it, the start and end of every selected
    initiative as period labels."""

    selected_starts = serializers.SerializerMethodField(method_name="get_selected_starts")

    class Meta(ScenarioRunDetailSerializer.Meta):
        fields = [*ScenarioRunDetailSerializer.Meta.fields, "selected_starts"]

    @extend_schema_field(SelectedStartSerializer(many=True))
    def get_selected_starts(self, run: ScenarioRun) -> list[dict[str, Any]]:
        return selected_starts(run.problem or {}, run.solution or {})


class PlanDecisionSerializer(ModelSerializer):
    """The decision that adopted a plan version (gremium, motivering, wie)."""

    body_name = fields.Text(source="body.name", read_only=True, help_text="Naam van het gremium")
    decided_by = fields.Text(
        source="decided_by.get_full_name",
        read_only=True,
        allow_null=True,
        help_text="Wie het besluit vastlegde",
    )

    class Meta:
        model = ScenarioDecision
        fields = ["id", "body", "body_name", "rationale", "decided_by", "created_at"]
        read_only_fields = fields


class PlanItemSerializer(ModelSerializer):
    """One initiative in a plan version: its planned periods, or the reason it is left out."""

    reference = fields.Text(source="initiative.reference", read_only=True)
    title = fields.Text(source="initiative.title", read_only=True)
    in_plan = fields.Boolean(read_only=True, help_text="Gepland (anders buiten het plan)")

    class Meta:
        model = PlanItem
        fields = [
            "id",
            "version",
            "initiative",
            "reference",
            "title",
            "in_plan",
            "start_period",
            "end_period",
            "start_year",
            "start_quarter",
            "end_year",
            "end_quarter",
            "running",
            "value",
            "reason",
        ]
        read_only_fields = fields


class PlanVersionSerializer(ModelSerializer):
    label = fields.Text(read_only=True, help_text="Naam van de versie, zoals 'Plan 2027-3'")
    decision = PlanDecisionSerializer(read_only=True)
    is_current = fields.Boolean(read_only=True, help_text="Het vastgestelde plan (nieuwste)")
    planned = fields.Integer(read_only=True, help_text="Aantal geplande initiatieven")
    left_out = fields.Integer(read_only=True, help_text="Aantal initiatieven buiten het plan")

    class Meta:
        model = PlanVersion
        fields = [
            "id",
            "label",
            "year",
            "number",
            "is_baseline",
            "is_current",
            "scenario",
            "run",
            "readopts",
            "decision",
            "adopted_at",
            "planned",
            "left_out",
        ]
        read_only_fields = fields


class PlanVersionDetailSerializer(PlanVersionSerializer):
    """A plan version with all its items (one row per initiative the plan considered)."""

    items = PlanItemSerializer(many=True, read_only=True)

    class Meta(PlanVersionSerializer.Meta):
        fields = [*PlanVersionSerializer.Meta.fields, "items"]
        read_only_fields = fields


class PlanVersionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    """Vastgestelde planversies (onveranderlijk), nieuwste eerst; `current` is het
    vastgestelde plan. Een detail bevat alle planregels."""

    model = PlanVersion
    read_actions = (Action.CAPACITY_VIEW,)
    filterset_fields = ("year", "is_baseline", "scenario")
    ordering_fields = ("adopted_at", "year", "number")
    ordering = ("-adopted_at",)

    def get_serializer_class(self) -> type[serializers.Serializer]:
        if self.action in ("retrieve", "current"):
            return PlanVersionDetailSerializer
        return PlanVersionSerializer

    def narrow(self, queryset: Any) -> Any:
        newest = (
            PlanVersion.objects.filter(municipality_id=OuterRef("municipality_id"))
            .order_by("-pk")
            .values("pk")[:1]
        )
        queryset = queryset.select_related("decision__body", "decision__decided_by").annotate(
            planned=Count("items", filter=~Q(items__start_period="")),
            left_out=Count("items", filter=Q(items__start_period="")),
            is_current=Q(pk=Subquery(newest)),
        )
        if self.action in ("retrieve", "current"):
            queryset = queryset.prefetch_related(
                Prefetch(
                    "items",
                    queryset=PlanItem.objects.select_related("initiative").order_by(
                        "start_year", "start_quarter", "initiative__reference", "pk"
                    ),
                )
            )
        return queryset

    @extend_schema(responses={200: PlanVersionDetailSerializer})
    @action(detail=False, methods=["get"])
    def current(self, request: Request) -> Response:
        """Het vastgestelde plan: de nieuwste planversie, met alle planregels (404 zonder)."""
        version = self.get_queryset().order_by("-pk").first()
        if version is None:
            raise Http404
        return Response(self.get_serializer(version).data)


class PlanItemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    """Planregels: per planversie een regel per initiatief, met geplande start en einde of de
    reden dat het buiten het plan blijft."""

    model = PlanItem
    read_actions = (Action.CAPACITY_VIEW,)
    serializer_class = PlanItemSerializer
    select = ("initiative",)
    filterset_fields = ("version", "initiative", "running")
    ordering_fields = ("start_year", "start_quarter", "value")
    ordering = ("version", "start_year", "start_quarter")
