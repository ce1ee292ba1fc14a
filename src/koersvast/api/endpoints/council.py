"""The bestuurlijke agenda: toezeggingen (`commitments`), moties and amendementen (`motions`),
read and write, and the college and raad moments of initiatives (`council-moments`, read).

Writes go through `council.services` with the pages' own form (`CouncilItemForm`), so the API
accepts exactly what the register accepts (decision 0405); the right is `council.manage`.
"""

from __future__ import annotations

from typing import Any, ClassVar, cast

from rest_framework import mixins

from koersvast.council import services
from koersvast.council.choices import ADOPTED_KINDS, ItemKind, ItemStatus, MomentKind
from koersvast.council.forms import CouncilItemForm
from koersvast.council.models import AgendaMoment, CouncilItem
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.policy import Action

from .. import fields
from ..base import FormValidatedSerializer, MemberField, ModelSerializer, TenantViewSet, scoped

MANAGERS = (Action.COUNCIL_MANAGE,)
ITEM_FIELDS = [
    "id",
    "number",
    "title",
    "summary",
    "dated_on",
    "owner",
    "due_on",
    "status",
    "resolution",
    "initiatives",
    "is_overdue",
    "updated_at",
]


class _CouncilItemSerializer(FormValidatedSerializer):
    form_class = CouncilItemForm
    kinds: ClassVar[tuple[str, ...]] = ()

    initiatives = scoped(Initiative, many=True, help_text="Ids van de initiatieven (minstens één)")
    owner = MemberField(required=True, allow_null=False, help_text="Id van de eigenaar")
    status = fields.Choice(choices=ItemStatus.choices, required=False, default=ItemStatus.OPEN)
    is_overdue = fields.Boolean(read_only=True, help_text="Open en na de uiterste datum")

    def extra_form_data(self, instance: Any, attrs: dict[str, Any]) -> dict[str, Any]:
        if "initiatives" in attrs:
            initiatives = [initiative.pk for initiative in attrs["initiatives"]]
        else:
            initiatives = (
                list(instance.initiatives.values_list("pk", flat=True)) if instance.pk else []
            )
        owner = attrs.get("owner")
        return {
            "initiatives": initiatives,
            "owner": owner.pk if owner is not None else instance.owner_id,
            "kind": attrs.get("kind", instance.kind),
        }

    def create(self, validated_data: dict[str, Any]) -> CouncilItem:
        return services.item_save(form=cast(CouncilItemForm, self.form), by=self.acting_user)

    def update(self, instance: CouncilItem, validated_data: dict[str, Any]) -> CouncilItem:
        return services.item_save(form=cast(CouncilItemForm, self.form), by=self.acting_user)


class CommitmentSerializer(_CouncilItemSerializer):
    """Toezegging aan de raad: wat, aan wie (eigenaar), uiterlijk wanneer, en de stand."""

    def new_instance(self, attrs: dict[str, Any]) -> CouncilItem:
        return CouncilItem(municipality_id=self.municipality_id, kind=ItemKind.COMMITMENT)

    class Meta:
        model = CouncilItem
        fields = ITEM_FIELDS
        read_only_fields = ["updated_at"]


class MotionSerializer(_CouncilItemSerializer):
    """Aangenomen motie of amendement, met het nummer van de raad en de datum van aanneming."""

    kind = fields.Choice(
        choices=[(k.value, k.label) for k in ADOPTED_KINDS], help_text="motie of amendement"
    )

    def new_instance(self, attrs: dict[str, Any]) -> CouncilItem:
        return CouncilItem(municipality_id=self.municipality_id, kind=attrs["kind"])

    class Meta:
        model = CouncilItem
        fields = ["id", "kind", *ITEM_FIELDS[1:]]
        read_only_fields = ["updated_at"]


class _Items(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    TenantViewSet,
):
    model = CouncilItem
    read_actions = (Action.PORTFOLIO_VIEW,)
    write_actions = MANAGERS
    select = ("owner",)
    kinds: ClassVar[tuple[str, ...]] = ()
    filterset_fields: tuple[str, ...] = ("status", "owner", "initiatives", "due_on")
    ordering_fields = ("due_on", "dated_on", "number", "updated_at")
    ordering = ("due_on",)

    def narrow(self, queryset: Any) -> Any:
        return queryset.filter(kind__in=self.kinds).prefetch_related("initiatives")


class CommitmentViewSet(_Items):
    """Toezeggingen aan de raad, verbonden aan initiatieven, met eigenaar, termijn en stand."""

    serializer_class = CommitmentSerializer
    kinds = (ItemKind.COMMITMENT,)


class MotionViewSet(_Items):
    """Aangenomen moties en amendementen, verbonden aan initiatieven, met eigenaar en stand."""

    serializer_class = MotionSerializer
    kinds = tuple(ADOPTED_KINDS)
    filterset_fields = ("kind", *_Items.filterset_fields)


class CouncilMomentSerializer(ModelSerializer):
    """College- of raadsmoment van een initiatief: gepland, werkelijk, en het besluit."""

    kind = fields.Choice(choices=MomentKind.choices, read_only=True)

    class Meta:
        model = AgendaMoment
        fields = [
            "id",
            "initiative",
            "kind",
            "subject",
            "body",
            "planned_on",
            "held_on",
            "decision",
            "note",
            "updated_at",
        ]
        read_only_fields = fields


class CouncilMomentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    """De bestuurlijke planning: B&W-besluiten, raadsinformatiebrieven, raadsvoorstellen en
    commissiebehandelingen van initiatieven (alleen lezen)."""

    model = AgendaMoment
    serializer_class = CouncilMomentSerializer
    filterset_fields = ("initiative", "kind", "body", "planned_on")
    ordering_fields = ("planned_on", "held_on", "updated_at")
    ordering = ("planned_on",)
