"""Objectives and impact axes of the municipality's published framework (read only)."""

from __future__ import annotations

from typing import Any

from django.db import models
from rest_framework import mixins

from koersvast.framework.models import ImpactAxis, Objective
from koersvast.intake.services.scoring import published_framework
from koersvast.tenancy.policy import Action

from ..base import ModelSerializer, TenantViewSet, acting_municipality_id


class ObjectiveSerializer(ModelSerializer):
    class Meta:
        model = Objective
        fields = [
            "id",
            "framework",
            "parent",
            "code",
            "name",
            "description",
            "source",
            "owner",
            "esg_theme",
            "kpi",
            "weight",
            "order",
        ]


class ImpactAxisSerializer(ModelSerializer):
    class Meta:
        model = ImpactAxis
        fields = [
            "id",
            "framework",
            "code",
            "name",
            "description",
            "scale_min",
            "scale_max",
            "direction",
            "weight",
            "order",
        ]


class PublishedFrameworkViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    """Only the newest published version counts for scoring; drafts stay out of the API."""

    read_actions = (Action.FRAMEWORK_VIEW,)

    def narrow(self, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
        return queryset.filter(framework=published_framework(acting_municipality_id(self.request)))


class ObjectiveViewSet(PublishedFrameworkViewSet):
    """Doelstellingen van het vastgestelde afwegingskader."""

    model = Objective
    serializer_class = ObjectiveSerializer
    filterset_fields = ("parent", "source", "esg_theme", "code")
    ordering_fields = ("order", "code", "name")
    ordering = ("order", "code")


class ImpactAxisViewSet(PublishedFrameworkViewSet):
    """Impactassen van het vastgestelde afwegingskader."""

    model = ImpactAxis
    serializer_class = ImpactAxisSerializer
    filterset_fields = ("code",)
    ordering_fields = ("order", "code", "name")
    ordering = ("order", "code")
