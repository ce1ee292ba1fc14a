"""Lessons learned (geleerde lessen, decision 0302): read, create and change.

Writes go through `monitoring.services.lessons`, validated with the UI's `LessonForm`, so the
API accepts and refuses what the lesson page does: a lesson of an initiative by who may report
on it (it takes the initiative's domain), a portfolio lesson by the portfolio manager, and a
change by who recorded it. Tags are a list of words (at most ten of at most 40 characters).
"""

from __future__ import annotations

from typing import Any

import django_filters
from rest_framework import mixins, serializers

from koersvast.monitoring.forms.lessons import LessonForm
from koersvast.monitoring.models import Lesson
from koersvast.monitoring.services.lessons import (
    MAX_TAG_LENGTH,
    MAX_TAGS,
    lesson_create,
    lesson_update,
)
from koersvast.portfolio.models import Domain, Initiative
from koersvast.tenancy.models import Municipality
from koersvast.tenancy.policy import Action

from .. import fields
from ..base import (
    ModelSerializer,
    TenantViewSet,
    acting_municipality_id,
    scoped,
)
from ..naming import camel
from ..query import FilterSet

REPORTERS = (Action.INITIATIVE_MANAGE, Action.PROGRESS_REPORT)


class LessonSerializer(ModelSerializer):
    initiative = scoped(
        Initiative,
        required=False,
        allow_null=True,
        help_text="Het initiatief van de les; leeg: een les van het hele portfolio.",
    )
    domain = scoped(
        Domain,
        required=False,
        allow_null=True,
        help_text="Domein van een portfolioles; een les van een initiatief krijgt diens domein.",
    )
    title = fields.Text(max_length=200)
    what_happened = fields.Text(max_length=8000)
    to_repeat = fields.Text(max_length=4000, required=False, allow_blank=True)
    to_avoid = fields.Text(max_length=4000, required=False, allow_blank=True)
    tags = serializers.ListField(
        child=fields.Text(max_length=MAX_TAG_LENGTH),
        source="tag_list",
        max_length=MAX_TAGS,
        required=False,
        help_text="Trefwoorden, in kleine letters opgeslagen.",
    )

    class Meta:
        model = Lesson
        fields = [
            "id",
            "initiative",
            "domain",
            "title",
            "what_happened",
            "to_repeat",
            "to_avoid",
            "tags",
            "recorded_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["recorded_by", "created_at", "updated_at"]

    # A lesson stays with its initiative (as on the lesson page).
    fixed_on_update = ("initiative",)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """The lesson page's form checks the same input (lengths, an active domain)."""
        attrs = super().validate(attrs)
        current = self.instance
        initiative = attrs.get("initiative") if current is None else current.initiative

        def value(name: str, default: Any = "") -> Any:
            if name in attrs:
                return attrs[name]
            return getattr(current, name, default) if current is not None else default

        domain = value("domain", None)
        data = {
            "title": value("title"),
            "what_happened": value("what_happened"),
            "to_repeat": value("to_repeat"),
            "to_avoid": value("to_avoid"),
            "tags": ", ".join(attrs.get("tag_list", current.tag_list if current else [])),
            "domain": domain.pk if domain is not None else "",
        }
        municipality = Municipality.objects.get(pk=acting_municipality_id(self.context["request"]))
        form = LessonForm(data=data, municipality=municipality, with_domain=initiative is None)
        if not form.is_valid():
            raise serializers.ValidationError(
                {camel(name): list(messages) for name, messages in form.errors.items()}
            )
        attrs["municipality"] = municipality
        return attrs

    def _texts(self, data: dict[str, Any], instance: Lesson | None = None) -> dict[str, Any]:
        def pick(name: str) -> Any:
            if name in data:
                return data[name]
            return getattr(instance, name) if instance is not None else ""

        return {
            "title": pick("title"),
            "what_happened": pick("what_happened"),
            "to_repeat": pick("to_repeat"),
            "to_avoid": pick("to_avoid"),
            "tags": data.get("tag_list", instance.tag_list if instance is not None else []),
        }

    def create(self, validated_data: dict[str, Any]) -> Lesson:
        return lesson_create(
            municipality=validated_data["municipality"],
            by=self.context["request"].user,
            initiative=validated_data.get("initiative"),
            domain=validated_data.get("domain"),
            **self._texts(validated_data),
        )

    def update(self, instance: Lesson, validated_data: dict[str, Any]) -> Lesson:
        return lesson_update(
            lesson=instance,
            by=self.context["request"].user,
            domain=validated_data.get("domain", instance.domain),
            **self._texts(validated_data, instance),
        )


class LessonFilter(FilterSet):
    tag = django_filters.CharFilter(method="with_tag", label="Trefwoord")

    class Meta:
        model = Lesson
        fields = ["initiative", "domain"]

    def with_tag(self, queryset: Any, name: str, value: str) -> Any:
        tag = " ".join(value.replace("|", " ").split()).lower()
        return queryset.filter(tags__icontains=f"|{tag}|") if tag else queryset


class LessonViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    TenantViewSet,
):
    """Geleerde lessen van initiatieven of van het hele portfolio, met trefwoorden."""

    model = Lesson
    read_actions = (Action.PORTFOLIO_VIEW,)
    write_actions = REPORTERS
    serializer_class = LessonSerializer
    filterset_class = LessonFilter
    ordering_fields = ("created_at", "title", "updated_at")
    ordering = ("-created_at",)
    select = ("initiative", "domain")
