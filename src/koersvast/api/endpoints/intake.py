"""Advice (request and give) and decisions of bodies, through the intake services."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from koersvast.intake.choices import DecisionOutcome, Verdict
from koersvast.intake.models import Advice, Decision, DecisionBody, Meeting
from koersvast.intake.services.advice import advice_give, advice_request
from koersvast.intake.services.decisions import decision_record
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.policy import Action

from .. import fields
from ..base import ModelSerializer, Serializer, TenantViewSet, scoped

TEXT = {"required": False, "allow_blank": True, "default": "", "max_length": 5000}


class AdviceSerializer(ModelSerializer):
    initiative = scoped(Initiative)
    # A code of one of the municipality's advice kinds; the service refuses an unknown one.
    kind = fields.Slug(max_length=20)

    class Meta:
        model = Advice
        fields = [
            "id",
            "initiative",
            "kind",
            "requested_by",
            "adviser",
            "verdict",
            "explanation",
            "conditions",
            "risks",
            "given_at",
        ]
        read_only_fields = [
            "requested_by",
            "adviser",
            "verdict",
            "explanation",
            "conditions",
            "risks",
            "given_at",
        ]
        validators: list[Any] = []  # requesting an existing kind again returns it

    def create(self, validated_data: dict[str, Any]) -> Advice:
        (advice,) = advice_request(
            initiative=validated_data["initiative"],
            kinds=[validated_data["kind"]],
            by=self.context["request"].user,
        )
        return advice


class AdviceGiveSerializer(Serializer):
    verdict = fields.Choice(choices=Verdict.choices)
    explanation = fields.Text(**TEXT)
    conditions = fields.Text(**TEXT)
    risks = fields.Text(**TEXT)


class AdviceViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, TenantViewSet
):
    """Adviezen. POST vraagt advies (portfoliomanager); `give` legt het advies vast (adviseur)."""

    model = Advice
    read_actions = (Action.PORTFOLIO_VIEW,)
    write_actions = (Action.INITIATIVE_MANAGE, Action.ADVICE_GIVE)
    serializer_class = AdviceSerializer
    filterset_fields = ("initiative", "kind", "verdict")
    ordering_fields = ("initiative", "kind", "given_at")
    ordering = ("initiative", "kind")

    @extend_schema(request=AdviceGiveSerializer, responses={200: AdviceSerializer})
    @action(detail=True, methods=["post"])
    def give(self, request: Request, pk: str | None = None) -> Response:
        """Geef het gevraagde advies (negatief of voorwaardelijk: noem de voorwaarden)."""
        advice = self.get_object()
        payload = AdviceGiveSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        advice = advice_give(advice=advice, by=request.user, **payload.validated_data)
        return Response(self.get_serializer(advice).data, status=status.HTTP_200_OK)


class DecisionBodySerializer(ModelSerializer):
    class Meta:
        model = DecisionBody
        fields = ["id", "name", "kind", "mandate_max_budget", "order"]


class DecisionBodyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    """Gremia met hun mandaat (alleen lezen)."""

    model = DecisionBody
    serializer_class = DecisionBodySerializer
    filterset_fields = ("kind",)
    ordering_fields = ("order", "name")
    ordering = ("order", "name")


class DecisionSerializer(ModelSerializer):
    initiative = scoped(Initiative)
    body = scoped(DecisionBody)
    meeting = scoped(Meeting, required=False, allow_null=True)
    outcome = fields.Choice(choices=DecisionOutcome.choices)
    conditions = fields.Text(**TEXT)

    class Meta:
        model = Decision
        fields = [
            "id",
            "initiative",
            "body",
            "meeting",
            "outcome",
            "rationale",
            "conditions",
            "framework",
            "recorded_by",
            "is_public",
            "created_at",
        ]
        read_only_fields = ["framework", "recorded_by", "is_public", "created_at"]

    def create(self, validated_data: dict[str, Any]) -> Decision:
        return decision_record(by=self.context["request"].user, **validated_data)


class DecisionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, TenantViewSet
):
    """Besluiten. POST legt een besluit vast en zet het initiatief door (regels als de app)."""

    model = Decision
    read_actions = (Action.PORTFOLIO_VIEW,)
    write_actions = (Action.DECISION_RECORD,)
    serializer_class = DecisionSerializer
    filterset_fields = ("initiative", "body", "outcome")
    ordering_fields = ("created_at", "initiative")
    ordering = ("-created_at",)
    select = ("initiative", "body")
