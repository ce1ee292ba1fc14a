"""Capacity pools, their capacity per quarter, and initiatives' demand (read only).

Capacity is maintained in the application (and by Excel import); the API shares it.
"""

from __future__ import annotations

from rest_framework import mixins, serializers

from koersvast.capacity.models import CapacityPool, Demand, PoolCapacity
from koersvast.tenancy.policy import Action

from ..base import ModelSerializer, TenantViewSet


class CapacityPoolSerializer(ModelSerializer):
    class Meta:
        model = CapacityPool
        fields = ["id", "code", "name", "description", "hours_per_fte", "going_concern_pct"]


class PoolCapacitySerializer(ModelSerializer):
    hours = serializers.DecimalField(
        max_digits=12, decimal_places=0, read_only=True, help_text="Uren voor het portfolio"
    )

    class Meta:
        model = PoolCapacity
        fields = ["id", "pool", "year", "quarter", "fte", "hours"]


class DemandSerializer(ModelSerializer):
    class Meta:
        model = Demand
        fields = ["id", "initiative", "pool", "offset", "hours"]


class _ReadOnly(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    read_actions = (Action.CAPACITY_VIEW,)


class CapacityPoolViewSet(_ReadOnly):
    """Capaciteitspools (competentieteams)."""

    model = CapacityPool
    serializer_class = CapacityPoolSerializer
    filterset_fields = ("code",)
    ordering_fields = ("name", "code")
    ordering = ("name",)


class PoolCapacityViewSet(_ReadOnly):
    """Beschikbare formatie per pool per kwartaal."""

    model = PoolCapacity
    serializer_class = PoolCapacitySerializer
    filterset_fields = ("pool", "year", "quarter")
    ordering_fields = ("year", "quarter", "pool")
    ordering = ("pool", "year", "quarter")
    select = ("pool",)


class DemandViewSet(_ReadOnly):
    """Capaciteitsvraag van initiatieven per pool per kwartaal van de looptijd."""

    model = Demand
    read_actions = (Action.PORTFOLIO_VIEW,)
    serializer_class = DemandSerializer
    filterset_fields = ("initiative", "pool")
    ordering_fields = ("initiative", "pool", "offset")
    ordering = ("initiative", "pool", "offset")
