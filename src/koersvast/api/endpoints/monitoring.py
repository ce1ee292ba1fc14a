"""Progress reports (draft, submit), risks and benefits, through the monitoring services;
programmes, opgaven and programme reports (read-only)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from koersvast.framework.models import Objective
from koersvast.monitoring.forms.benefits import BenefitForm
from koersvast.monitoring.forms.reports import ReportForm
from koersvast.monitoring.forms.risks import RiskForm
from koersvast.monitoring.models import (
    Benefit,
    Opgave,
    Programme,
    ProgrammeReport,
    ProgressReport,
    Risk,
)
from koersvast.monitoring.services.benefits import benefit_save
from koersvast.monitoring.services.reports import report_save, report_submit
from koersvast.monitoring.services.risks import risk_save
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.policy import Action

from .. import fields
from ..base import FormValidatedSerializer, MemberField, ModelSerializer, TenantViewSet, scoped
from ..query import FilterSet, WholeNumberFilter

REPORTERS = (Action.INITIATIVE_MANAGE, Action.PROGRESS_REPORT)


class ProgressReportSerializer(FormValidatedSerializer):
    form_class = ReportForm
    form_takes_municipality = False

    initiative = scoped(Initiative)
    quarter = fields.Integer(min_value=1, max_value=4)
    year = fields.Integer(min_value=2000, max_value=2100)

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "initiative",
            "version",
            "corrects",
            "status",
            *ReportForm.Meta.fields,
            "rag_overall",
            "author",
            "submitted_by",
            "submitted_at",
            "updated_at",
        ]
        read_only_fields = [
            "version",
            "corrects",
            "status",
            "rag_overall",
            "author",
            "submitted_by",
            "submitted_at",
            "updated_at",
        ]
        validators: list[Any] = []  # a clash of periods is explained by the service

    # The initiative and period of an existing report are fixed (as in the form).
    fixed_on_update = ("initiative", "year", "quarter")

    def new_instance(self, attrs: dict[str, Any]) -> ProgressReport:
        return ProgressReport(municipality_id=self.municipality_id, initiative=attrs["initiative"])

    def create(self, validated_data: dict[str, Any]) -> ProgressReport:
        return report_save(report=self.form.instance, by=self.acting_user)

    def update(self, instance: ProgressReport, validated_data: dict[str, Any]) -> ProgressReport:
        return report_save(report=self.form.instance, by=self.acting_user)


class ProgressReportViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    TenantViewSet,
):
    """Voortgangsrapportages. Een concept is te wijzigen; `submit` dient in (daarna bevroren)."""

    model = ProgressReport
    read_actions = (Action.PORTFOLIO_VIEW,)
    write_actions = REPORTERS
    serializer_class = ProgressReportSerializer
    filterset_fields = ("initiative", "year", "quarter", "status", "rag_overall")
    ordering_fields = ("year", "quarter", "version", "submitted_at", "updated_at")
    ordering = ("-year", "-quarter", "-version")
    select = ("initiative",)

    @extend_schema(request=None, responses={200: ProgressReportSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        """Dien het concept in; een ingediende rapportage verandert niet meer."""
        report = report_submit(report=self.get_object(), by=request.user)
        return Response(self.get_serializer(report).data, status=status.HTTP_200_OK)


class _OwnedByInitiativeOrProgramme(FormValidatedSerializer):
    initiative = scoped(Initiative, required=False, allow_null=True)
    programme = scoped(Programme, required=False, allow_null=True)
    fixed_on_update = ("initiative", "programme")

    def new_instance(self, attrs: dict[str, Any]) -> Any:
        return self.Meta.model(
            municipality_id=self.municipality_id,
            initiative=attrs.get("initiative"),
            programme=attrs.get("programme"),
        )


class RiskSerializer(_OwnedByInitiativeOrProgramme):
    form_class = RiskForm
    owner = MemberField()
    probability = fields.Integer(min_value=1, max_value=5, default=3)
    impact = fields.Integer(min_value=1, max_value=5, default=3)

    class Meta:
        model = Risk
        fields = [
            "id",
            "initiative",
            "programme",
            *RiskForm.Meta.fields,
            "score",
            "source",
            "source_advice",
            "updated_at",
        ]
        read_only_fields = ["score", "source", "source_advice", "updated_at"]
        # The model's one unique constraint holds for risks taken over from advice only (never
        # made through the API); DRF's validator for it would demand an initiative.
        validators: list[Any] = []

    def create(self, validated_data: dict[str, Any]) -> Risk:
        return risk_save(risk=self.form.instance, by=self.acting_user)

    def update(self, instance: Risk, validated_data: dict[str, Any]) -> Risk:
        return risk_save(risk=self.form.instance, by=self.acting_user)


class RiskFilter(FilterSet):
    score_min = WholeNumberFilter(field_name="score", lookup_expr="gte")

    class Meta:
        model = Risk
        fields = ["initiative", "programme", "status", "source"]


class RiskViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    TenantViewSet,
):
    """Risico's van initiatieven, programma's of het portfolio (kans × impact)."""

    model = Risk
    read_actions = (Action.PORTFOLIO_VIEW,)
    write_actions = REPORTERS
    serializer_class = RiskSerializer
    filterset_class = RiskFilter
    ordering_fields = ("score", "title", "review_date", "updated_at")
    ordering = ("-score", "title")


class BenefitSerializer(_OwnedByInitiativeOrProgramme):
    form_class = BenefitForm
    objective = scoped(Objective, required=False, allow_null=True)
    owner = MemberField()

    class Meta:
        model = Benefit
        fields = ["id", "initiative", "programme", *BenefitForm.Meta.fields, "updated_at"]
        read_only_fields = ["updated_at"]

    def create(self, validated_data: dict[str, Any]) -> Benefit:
        return benefit_save(benefit=self.form.instance, by=self.acting_user)

    def update(self, instance: Benefit, validated_data: dict[str, Any]) -> Benefit:
        return benefit_save(benefit=self.form.instance, by=self.acting_user)


class BenefitViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    TenantViewSet,
):
    """Baten: KPI met nulmeting, streefwaarde en eigenaar in de lijn."""

    model = Benefit
    read_actions = (Action.PORTFOLIO_VIEW,)
    write_actions = (Action.INITIATIVE_MANAGE,)
    serializer_class = BenefitSerializer
    filterset_fields = ("initiative", "programme", "objective")
    ordering_fields = ("target_date", "name", "updated_at")
    ordering = ("target_date", "name")


# --- programmes and opgaven as steering units (read-only; issue 17) -----------------------


class OpgaveSerializer(ModelSerializer):
    """Een maatschappelijke opgave: eigenaar, gekoppelde doelstellingen en toelichting."""

    objectives = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Opgave
        fields = ["id", "name", "description", "owner", "objectives", "goals", "updated_at"]
        read_only_fields = fields


class OpgaveViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    """Opgaven: de maatschappelijke opgaven die programma's bundelen."""

    model = Opgave
    read_actions = (Action.PORTFOLIO_VIEW,)
    serializer_class = OpgaveSerializer
    filterset_fields = ("owner",)
    ordering_fields = ("name", "updated_at")
    ordering = ("name",)

    def narrow(self, queryset: Any) -> Any:
        return queryset.prefetch_related("objectives")


class ProgrammeSerializer(ModelSerializer):
    """Een programma: doelen (doelstellingen en toelichting), stuurgroep, eigen budget."""

    objectives = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    initiatives = serializers.SerializerMethodField(help_text="Ids van de initiatieven")

    class Meta:
        model = Programme
        fields = [
            "id",
            "name",
            "opgave",
            "owner",
            "objectives",
            "goals",
            "steering_group",
            "own_budget",
            "initiatives",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_initiatives(self, programme: Programme) -> list[int]:
        return sorted(link.initiative_id for link in programme.links.all())


class ProgrammeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    """Programma's: clusters van initiatieven met doelen, stuurgroep en eigen budget."""

    model = Programme
    read_actions = (Action.PORTFOLIO_VIEW,)
    serializer_class = ProgrammeSerializer
    filterset_fields = ("opgave", "owner", "steering_group")
    ordering_fields = ("name", "updated_at")
    ordering = ("name",)

    def narrow(self, queryset: Any) -> Any:
        return queryset.prefetch_related("objectives", "links")


class ProgrammeReportSerializer(ModelSerializer):
    """Programmarapportage over een kwartaal; `snapshot` is de vastgelegde stand van de
    projecten (laatste stoplicht, mijlpalen, open risico's, budget)."""

    class Meta:
        model = ProgrammeReport
        fields = [
            "id",
            "programme",
            "year",
            "quarter",
            "status",
            "rag",
            "summary",
            "decisions_needed",
            "snapshot",
            "snapshot_at",
            "author",
            "submitted_by",
            "submitted_at",
            "updated_at",
        ]
        read_only_fields = fields


class ProgrammeReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    """Programmarapportages (alleen lezen): per programma en kwartaal, bevroren na indienen."""

    model = ProgrammeReport
    read_actions = (Action.PORTFOLIO_VIEW,)
    serializer_class = ProgrammeReportSerializer
    filterset_fields = ("programme", "year", "quarter", "status", "rag")
    ordering_fields = ("year", "quarter", "submitted_at", "updated_at")
    ordering = ("-year", "-quarter")
