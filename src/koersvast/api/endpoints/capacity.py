"""Capacity pools and their formation per quarter, the budget room per year (read and write),
initiatives' demand, and the pools' people and their allocation (capacity managers only).

Writes go through the capacity services with the UI's own pool form, so the API accepts
exactly what the Planning pages accept. Demand is written with its initiative (intake).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from rest_framework import mixins, serializers

from koersvast.capacity import services as capacity
from koersvast.capacity.forms import MAX_FTE, PERSON_MAX_FTE, PersonForm, PoolForm
from koersvast.capacity.models import (
    Allocation,
    BudgetCapacity,
    CapacityPool,
    Demand,
    Person,
    PoolCapacity,
)
from koersvast.portfolio.choices import BudgetKind
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.models import Municipality
from koersvast.tenancy.policy import Action

from .. import fields
from ..base import (
    FormValidatedSerializer,
    ModelSerializer,
    TenantViewSet,
    acting_municipality_id,
    scoped,
)

MANAGERS = (Action.CAPACITY_MANAGE,)


class CapacityPoolSerializer(FormValidatedSerializer):
    form_class = PoolForm

    class Meta:
        model = CapacityPool
        fields = ["id", *PoolForm.Meta.fields]

    def create(self, validated_data: dict[str, Any]) -> CapacityPool:
        return capacity.pool_save(pool=self.form.instance, by=self.acting_user)

    def update(self, instance: CapacityPool, validated_data: dict[str, Any]) -> CapacityPool:
        return capacity.pool_save(pool=self.form.instance, by=self.acting_user)


class PoolCapacitySerializer(ModelSerializer):
    pool = scoped(CapacityPool)
    year = fields.Integer(min_value=2000, max_value=2100)
    quarter = fields.Integer(min_value=1, max_value=4)
    fte = fields.Decimal(max_digits=7, decimal_places=2, min_value=0, max_value=MAX_FTE)
    hours = fields.Decimal(
        max_digits=12, decimal_places=0, read_only=True, help_text="Uren voor het portfolio"
    )

    class Meta:
        model = PoolCapacity
        fields = ["id", "pool", "year", "quarter", "fte", "hours"]
        validators: list[Any] = []  # writing a quarter that exists updates it (upsert)

    fixed_on_update = ("pool", "year", "quarter")  # a quarter's identity is fixed

    def _set(self, pool: CapacityPool, year: int, quarter: int, fte: Any) -> PoolCapacity:
        user = self.context["request"].user
        capacity.capacity_set(pool=pool, fte={(year, quarter): fte}, by=user)
        return PoolCapacity.objects.get(pool=pool, year=year, quarter=quarter)

    def create(self, validated_data: dict[str, Any]) -> PoolCapacity:
        data = validated_data
        return self._set(data["pool"], data["year"], data["quarter"], data["fte"])

    def update(self, instance: PoolCapacity, validated_data: dict[str, Any]) -> PoolCapacity:
        fte = validated_data.get("fte", instance.fte)
        return self._set(instance.pool, instance.year, instance.quarter, fte)


class BudgetCapacitySerializer(ModelSerializer):
    kind = fields.Choice(choices=BudgetKind.choices)
    year = fields.Integer(min_value=2000, max_value=2100)
    amount = fields.Decimal(
        max_digits=14, decimal_places=0, min_value=0, max_value=10**12, help_text="Euro per jaar"
    )

    class Meta:
        model = BudgetCapacity
        fields = ["id", "kind", "year", "amount"]
        validators: list[Any] = []  # writing a year that exists updates it (upsert)

    fixed_on_update = ("kind", "year")  # a year's identity is fixed

    def _set(self, kind: str, year: int, amount: Any) -> BudgetCapacity:
        request = self.context["request"]
        municipality = Municipality.objects.get(pk=acting_municipality_id(request))
        user = request.user
        capacity.budget_set(municipality=municipality, amounts={(kind, year): amount}, by=user)
        return BudgetCapacity.objects.get(municipality=municipality, kind=kind, year=year)

    def create(self, validated_data: dict[str, Any]) -> BudgetCapacity:
        data = validated_data
        return self._set(data["kind"], data["year"], data["amount"])

    def update(self, instance: BudgetCapacity, validated_data: dict[str, Any]) -> BudgetCapacity:
        return self._set(
            instance.kind, instance.year, validated_data.get("amount", instance.amount)
        )


class DemandSerializer(ModelSerializer):
    class Meta:
        model = Demand
        fields = ["id", "initiative", "pool", "offset", "hours"]


class _Writable(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    TenantViewSet,
):
    read_actions = (Action.CAPACITY_VIEW,)
    write_actions = MANAGERS


class CapacityPoolViewSet(_Writable):
    """Capaciteitspools (competentieteams)."""

    model = CapacityPool
    serializer_class = CapacityPoolSerializer
    filterset_fields = ("code",)
    ordering_fields = ("name", "code")
    ordering = ("name",)


class PoolCapacityViewSet(_Writable):
    """Beschikbare formatie per pool per kwartaal; POST van een bestaand kwartaal werkt het bij."""

    model = PoolCapacity
    serializer_class = PoolCapacitySerializer
    filterset_fields = ("pool", "year", "quarter")
    ordering_fields = ("year", "quarter", "pool")
    ordering = ("pool", "year", "quarter")
    select = ("pool",)


class BudgetCapacityViewSet(_Writable):
    """Budgetruimte per jaar en soort (krediet, exploitatie); POST van een bestaand jaar werkt
    het bij."""

    model = BudgetCapacity
    serializer_class = BudgetCapacitySerializer
    filterset_fields = ("kind", "year")
    ordering_fields = ("kind", "year")
    ordering = ("kind", "year")


class DemandViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    """Capaciteitsvraag van initiatieven per pool per kwartaal van de looptijd (alleen lezen)."""

    model = Demand
    read_actions = (Action.PORTFOLIO_VIEW,)
    serializer_class = DemandSerializer
    filterset_fields = ("initiative", "pool")
    ordering_fields = ("initiative", "pool", "offset")
    ordering = ("initiative", "pool", "offset")


# --- named people and their allocation (decision 0406): the roles that manage capacity only ---


class PersonSerializer(FormValidatedSerializer):
    """Medewerker: naam en functie, pool, deeltijdfactor en contractperiode. Een vertrokken
    medewerker heeft geen naam meer (`anonymised`)."""

    form_class = PersonForm
    # The pattern of a decimal cannot state "more than 0" or "at most 1.5": a rule, checked below.
    fte = fields.Decimal(
        max_digits=4,
        decimal_places=2,
        min_value=0,
        required=False,
        help_text="Deeltijdfactor, meer dan 0 en ten hoogste 1.5; bijv. 0.89 voor 32 van de 36 uur "
        "(standaard 1)",
    )
    anonymised = fields.Boolean(source="is_anonymised", read_only=True)

    class Meta:
        model = Person
        fields = ["id", *PersonForm.Meta.fields, "anonymised"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is not None and self.instance.is_anonymised:
            raise PermissionDenied
        fte = attrs.get("fte")
        if fte is not None and not 0 < fte <= PERSON_MAX_FTE:
            raise serializers.ValidationError(
                {"fte": [_("Een deeltijdfactor is meer dan 0 en ten hoogste 1,5 fte.")]}
            )
        return super().validate(attrs)

    def create(self, validated_data: dict[str, Any]) -> Person:
        return capacity.person_save(person=self.form.instance, by=self.acting_user)

    def update(self, instance: Person, validated_data: dict[str, Any]) -> Person:
        return capacity.person_save(person=self.form.instance, by=self.acting_user)


class AllocationSerializer(ModelSerializer):
    """Inzet van een medewerker op een initiatief in één kwartaal, in uren; POST van een
    bestaande combinatie werkt de uren bij."""

    person = scoped(Person)
    initiative = scoped(Initiative)
    year = fields.Integer(min_value=2000, max_value=2100)
    quarter = fields.Integer(min_value=1, max_value=4)
    hours = fields.Decimal(
        max_digits=7,
        decimal_places=1,
        min_value=0,
        max_value=2000,
        help_text="Uren in het kwartaal, meer dan 0 (een inzet wordt verwijderd met DELETE)",
    )

    class Meta:
        model = Allocation
        fields = ["id", "person", "initiative", "year", "quarter", "hours"]
        validators: list[Any] = []  # an existing allocation is updated (upsert)

    fixed_on_update = ("person", "initiative", "year", "quarter")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("hours") == 0:
            raise serializers.ValidationError(
                {"hours": [_("Een inzet van 0 uur bestaat niet: verwijder de inzet.")]}
            )
        return super().validate(attrs)

    def _set(self, person: Person, initiative: Any, year: int, quarter: int, hours: Any) -> Any:
        return capacity.allocation_set(
            person=person,
            initiative=initiative,
            year=year,
            quarter=quarter,
            hours=hours,
            by=self.context["request"].user,
        )

    def create(self, validated_data: dict[str, Any]) -> Allocation:
        data = validated_data
        return self._set(
            data["person"], data["initiative"], data["year"], data["quarter"], data["hours"]
        )

    def update(self, instance: Allocation, validated_data: dict[str, Any]) -> Allocation:
        hours = validated_data.get("hours", instance.hours)
        return self._set(
            instance.person, instance.initiative, instance.year, instance.quarter, hours
        )


class _PeopleOnly(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    TenantViewSet,
):
    # Per-person data: reading needs the right to manage capacity, as in the UI.
    read_actions = MANAGERS
    write_actions = MANAGERS


class PersonViewSet(_PeopleOnly):
    """Medewerkers van de capaciteitspools (alleen voor wie capaciteit beheert)."""

    model = Person
    serializer_class = PersonSerializer
    filterset_fields = ("pool",)
    ordering_fields = ("name", "pool")
    ordering = ("pool", "name")


class AllocationViewSet(mixins.DestroyModelMixin, _PeopleOnly):
    """Inzet van medewerkers op initiatieven per kwartaal (alleen voor wie capaciteit beheert)."""

    model = Allocation
    serializer_class = AllocationSerializer
    filterset_fields = ("person", "initiative", "year", "quarter")
    ordering_fields = ("year", "quarter", "person")
    ordering = ("person", "year", "quarter")
    select = ("person", "initiative")

    def perform_destroy(self, instance: Allocation) -> None:
        capacity.allocation_delete(allocation=instance, by=self.request.user)
