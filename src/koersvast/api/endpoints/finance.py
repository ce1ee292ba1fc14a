"""Municipal finance: investments, exploitatie lines and dekking of initiatives (read and write),
the asset categories, and the meerjarenraming of the portfolio (read).

Writes go through `finance.services` with the Financiën pages' own forms, so the API accepts
exactly what those pages accept (decision 1102); the right is `finance.manage`. The
meerjarenraming is computed by the same selector as the page, per budget year, for the whole
portfolio or one begrotingsprogramma or taakveld.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, mixins, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from koersvast.finance import services
from koersvast.finance.choices import BudgetVersionKind
from koersvast.finance.forms import ExploitationLineForm, FundingForm, InvestmentForm
from koersvast.finance.models import (
    AssetCategory,
    BudgetVersion,
    BudgetVersionLine,
    ExploitationLine,
    Funding,
    Investment,
)
from koersvast.finance.selectors import estimate as finance
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.models import Municipality
from koersvast.tenancy.policy import Action

from .. import fields
from ..base import (
    FormValidatedSerializer,
    HasActionInMunicipality,
    ModelSerializer,
    Serializer,
    TenantViewSet,
    acting_municipality_id,
    scoped,
)

MANAGERS = (Action.FINANCE_MANAGE,)
AMOUNT = {"max_digits": 14, "decimal_places": 2, "min_value": 0, "max_value": 10**11 - 1}
YEAR = {"min_value": 1900, "max_value": 2200}


class _InitiativeRecord(FormValidatedSerializer):
    # A finance record of an initiative: the initiative is set on create and fixed after.

    initiative = scoped(Initiative)
    fixed_on_update = ("initiative",)
    #: Amount fields the form reads as text (`EuroField`): handed over with two decimals, so
    #: 1.000 (one euro) can never be read as a thousand.
    amounts: tuple[str, ...] = ("amount",)

    def new_instance(self, attrs: dict[str, Any]) -> Any:
        return self.Meta.model(municipality_id=self.municipality_id, initiative=attrs["initiative"])

    def extra_form_data(self, instance: Any, attrs: dict[str, Any]) -> dict[str, Any]:
        data = {}
        for name in self.amounts:
            value = attrs.get(name, getattr(instance, name, None))
            if isinstance(value, Decimal):
                data[name] = f"{value:.2f}"
        return data

    def create(self, validated_data: dict[str, Any]) -> Any:
        return services.finance_record_save(record=self.form.instance, by=self.acting_user)

    def update(self, instance: Any, validated_data: dict[str, Any]) -> Any:
        return services.finance_record_save(record=self.form.instance, by=self.acting_user)


class InvestmentSerializer(_InitiativeRecord):
    """Investering van een initiatief (kapitaallasten volgen uit bedrag, jaar en methode)."""

    form_class = InvestmentForm
    amounts = ("amount", "residual_value")
    category = scoped(AssetCategory)
    amount = fields.Decimal(**AMOUNT, help_text="Investeringsbedrag in euro")
    residual_value = fields.Decimal(**AMOUNT, required=False, default=Decimal(0))
    activation_year = fields.Integer(**YEAR, help_text="Jaar van ingebruikname")
    term = fields.Integer(
        min_value=1,
        max_value=100,
        required=False,
        allow_null=True,
        help_text="Afschrijvingstermijn in jaren; leeg: die van de categorie",
    )
    effective_term = fields.Integer(read_only=True, help_text="De termijn die telt")

    class Meta:
        model = Investment
        fields = ["id", "initiative", *InvestmentForm.Meta.fields, "effective_term", "updated_at"]
        read_only_fields = ["updated_at"]


class ExploitationLineSerializer(_InitiativeRecord):
    """Lasten of baten in de exploitatie, incidenteel of structureel vanaf het jaar."""

    form_class = ExploitationLineForm
    amount = fields.Decimal(**AMOUNT, help_text="Bedrag in euro")
    year = fields.Integer(**YEAR, help_text="Jaar; structureel: vanaf dit jaar elk jaar")

    class Meta:
        model = ExploitationLine
        fields = ["id", "initiative", *ExploitationLineForm.Meta.fields, "updated_at"]
        read_only_fields = ["updated_at"]


class FundingSerializer(_InitiativeRecord):
    """Dekking uit één bron, incidenteel of structureel vanaf het jaar."""

    form_class = FundingForm
    amount = fields.Decimal(**AMOUNT, help_text="Bedrag in euro")
    year = fields.Integer(**YEAR, help_text="Jaar; structureel: vanaf dit jaar elk jaar")

    class Meta:
        model = Funding
        fields = ["id", "initiative", *FundingForm.Meta.fields, "updated_at"]
        read_only_fields = ["updated_at"]


class AssetCategorySerializer(ModelSerializer):
    """Activacategorie met de standaard afschrijvingstermijn."""

    class Meta:
        model = AssetCategory
        fields = ["id", "name", "default_term"]


class _Records(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    TenantViewSet,
):
    read_actions = (Action.PORTFOLIO_VIEW,)
    write_actions = MANAGERS
    select: ClassVar[tuple[str, ...]] = ("initiative",)


class InvestmentViewSet(_Records):
    """Investeringen van initiatieven; de kapitaallasten volgen uit bedrag, jaar en methode."""

    model = Investment
    serializer_class = InvestmentSerializer
    filterset_fields = ("initiative", "category", "activation_year", "method", "utility")
    ordering_fields = ("activation_year", "amount", "updated_at")
    ordering = ("activation_year", "description")
    select = ("initiative", "category")


class ExploitationLineViewSet(_Records):
    """Lasten en baten in de exploitatie: incidenteel in één jaar of structureel vanaf dat jaar."""

    model = ExploitationLine
    serializer_class = ExploitationLineSerializer
    filterset_fields = ("initiative", "year", "side", "nature")
    ordering_fields = ("year", "amount", "updated_at")
    ordering = ("year", "side", "nature")


class FundingViewSet(_Records):
    """Dekking per bron (algemene middelen, reserve, voorziening, SPUK, subsidie, derden)."""

    model = Funding
    serializer_class = FundingSerializer
    filterset_fields = ("initiative", "year", "source", "nature")
    ordering_fields = ("year", "amount", "updated_at")
    ordering = ("year", "source")


class AssetCategoryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    """Activacategorieën met hun standaard afschrijvingstermijn (alleen lezen)."""

    model = AssetCategory
    serializer_class = AssetCategorySerializer
    filterset_fields = ("name",)
    ordering_fields = ("name", "default_term")
    ordering = ("name",)


# ---------------------------------------------------------------------------------------------
# Budget versions (read only: the raad adopts them, recorded on the Financiën pages)


class BudgetVersionSerializer(ModelSerializer):
    """Door de raad vastgestelde begrotingsversie: primitieve begroting of begrotingswijziging."""

    class Meta:
        model = BudgetVersion
        fields = [
            "id",
            "budget_year",
            "kind",
            "number",
            "title",
            "moment",
            "body",
            "decided_on",
            "decision_reference",
            "rationale",
            "updated_at",
        ]
        read_only_fields = fields


class BudgetVersionLineSerializer(ModelSerializer):
    """Begrotingsregel met haar versie; in een begrotingswijziging is het bedrag de wijziging."""

    budget_year = fields.Integer(
        source="version.budget_year", read_only=True, min_value=1900, max_value=2200
    )
    version_kind = fields.Choice(
        source="version.kind", read_only=True, choices=BudgetVersionKind.choices
    )
    amount = fields.Decimal(
        max_digits=14, decimal_places=2, read_only=True, help_text="In euro; kan negatief zijn"
    )

    class Meta:
        model = BudgetVersionLine
        fields = [
            "id",
            "version",
            "budget_year",
            "version_kind",
            "initiative",
            "reference",
            "programme",
            "key",
            "year",
            "amount",
        ]
        read_only_fields = fields


class BudgetVersionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    """Begrotingsversies: de primitieve begroting en de begrotingswijzigingen per begrotingsjaar,
    elk met het raadsbesluit. De actuele begroting is de primitieve plus alle wijzigingen."""

    model = BudgetVersion
    serializer_class = BudgetVersionSerializer
    filterset_fields = ("budget_year", "kind", "moment")
    ordering_fields = ("budget_year", "number", "decided_on")
    ordering = ("budget_year", "number")
    select = ("body",)


class BudgetVersionLineViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    """Begrotingsregels met hun versie: per initiatief (of programma), post en jaar."""

    model = BudgetVersionLine
    serializer_class = BudgetVersionLineSerializer
    filterset_fields = ("version", "initiative", "key", "year", "programme")
    ordering_fields = ("year", "amount", "key")
    ordering = ("version", "programme", "reference", "key", "year")
    select = ("version",)


# ---------------------------------------------------------------------------------------------
# The meerjarenraming


class EstimateLineSerializer(Serializer):
    """Eén regel van de meerjarenraming: een bedrag per jaar."""

    key = fields.Text(help_text="lasten_structureel … saldo")
    label = fields.Text()
    values = serializers.ListField(
        child=fields.Decimal(max_digits=16, decimal_places=2), help_text="Per jaar, in euro"
    )
    total = fields.Decimal(max_digits=16, decimal_places=2)


class MultiYearEstimateSerializer(Serializer):
    """De meerjarenraming: het begrotingsjaar plus drie."""

    budget_year = fields.Integer(min_value=1900, max_value=2200)
    years = serializers.ListField(child=fields.Integer(min_value=1900, max_value=2200))
    programme = fields.Text(allow_blank=True)
    taakveld = fields.Text(allow_blank=True)
    lines = EstimateLineSerializer(many=True)
    uncovered = serializers.ListField(
        child=fields.Decimal(max_digits=16, decimal_places=2),
        help_text="Per jaar het ongedekte deel (0 waar het saldo niet negatief is)",
    )


ESTIMATE_PARAMETERS = [
    OpenApiParameter(
        "budgetYear",
        {"type": "integer", "minimum": 1900, "maximum": 2196},
        description="Begrotingsjaar (het eerste van de vier jaren); standaard volgend jaar.",
    ),
    OpenApiParameter("programme", OpenApiTypes.STR, description="Alleen dit begrotingsprogramma"),
    OpenApiParameter("taakveld", OpenApiTypes.STR, description="Alleen deze taakveldcode"),
]


class MultiYearEstimateView(generics.GenericAPIView):
    """De meerjarenraming van het portfolio: het begrotingsjaar plus drie, per regel (lasten,
    kapitaallasten, baten, dekking, saldo; structureel en incidenteel)."""

    permission_classes = (HasActionInMunicipality,)
    read_actions = (Action.PORTFOLIO_VIEW,)
    serializer_class = MultiYearEstimateSerializer
    pagination_class = None
    filter_backends: tuple[Any, ...] = ()
    PARAMETERS = frozenset({"budgetYear", "programme", "taakveld"})

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        unknown = sorted(set(request._request.GET) - self.PARAMETERS)
        if unknown:
            raise serializers.ValidationError(
                {name: [_("Deze parameter kent de API hier niet.")] for name in unknown}
            )

    @extend_schema(
        operation_id="multi_year_estimate_retrieve",
        parameters=ESTIMATE_PARAMETERS,
        responses={200: MultiYearEstimateSerializer},
    )
    def get(self, request: Request) -> Response:
        """De meerjarenraming van het begrotingsjaar (één document, geen lijst)."""
        params = request.query_params
        raw = params.get("budgetYear", "").strip()
        if raw and not (raw.isdigit() and 1900 <= int(raw) <= 2196):
            raise serializers.ValidationError(
                {"budgetYear": [_("Een jaar tussen 1900 en 2196, bijv. 2028.")]}
            )
        budget_year = int(raw) if raw else finance.default_budget_year()
        filters = {key: params.get(key, "").strip() for key in ("programme", "taakveld")}
        municipality = Municipality.objects.get(pk=acting_municipality_id(request))
        raming = finance.meerjarenraming(
            municipality=municipality, budget_year=budget_year, filters=filters
        )
        document = {
            "budget_year": budget_year,
            "years": raming.years,
            **filters,
            "lines": [
                {"key": line.key, "label": line.label, "values": line.values, "total": line.total}
                for line in raming.lines
            ],
            "uncovered": raming.uncovered,
        }
        return Response(self.get_serializer(document).data)
