"""Initiatives: read, submit, edit, and move through the lifecycle (intake services)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from koersvast.intake.forms.initiative import InitiativeForm
from koersvast.intake.services import submission as intake
from koersvast.planning.selectors.plan import current_version, with_plan
from koersvast.portfolio import custom_fields
from koersvast.portfolio.choices import LifecycleState
from koersvast.portfolio.models import Domain, Initiative
from koersvast.reference.models import Taakveld
from koersvast.tenancy.policy import Action, can

from .. import fields
from ..base import (
    FormValidatedSerializer,
    MemberField,
    ModelSerializer,
    Serializer,
    TenantViewSet,
    acting_municipality_id,
    scoped,
    token_municipality_id,
)
from ..query import FilterSet

PEOPLE = ("political_sponsor", "official_sponsor", "contractor")


class DomainSerializer(ModelSerializer):
    class Meta:
        model = Domain
        fields = ["id", "code", "name", "description", "order"]


class DomainViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    """Domeinen van de gemeente (nodig om een initiatief in te dienen)."""

    model = Domain
    read_actions = (Action.PORTFOLIO_VIEW, Action.INITIATIVE_SUBMIT)
    serializer_class = DomainSerializer
    ordering_fields = ("order", "name", "code")
    ordering = ("order", "name")
    filterset_fields = ("code",)

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Domain.objects.none()
        # Readers and submitters alike need the domains; the permission checked one of both.
        return Domain.objects.filter(municipality_id=acting_municipality_id(self.request))


class InitiativeSerializer(FormValidatedSerializer):
    form_class = InitiativeForm

    domain = scoped(Domain)
    taakveld = fields.Reference(queryset=Taakveld.objects.all(), allow_null=True, required=False)
    political_sponsor = MemberField()
    official_sponsor = MemberField()
    contractor = MemberField()
    # The plan of record (read-only): the planned periods ("2027-Q3", or "2027-08" when the
    # plan is made in months) and the plan version ("Plan 2027-3"); null when not in the plan.
    planned_start = fields.Text(read_only=True, allow_null=True, help_text="Geplande start")
    planned_end = fields.Text(read_only=True, allow_null=True, help_text="Gepland einde")
    plan_version = fields.Text(read_only=True, allow_null=True, help_text="Planversie")
    custom_values = fields.OwnFieldValues(required=False)

    class Meta:
        model = Initiative
        fields = [
            "id",
            "reference",
            "state",
            *InitiativeForm.Meta.fields,
            "planned_start",
            "planned_end",
            "plan_version",
            "custom_values",
            "submitted_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["reference", "state", "submitted_by", "created_at", "updated_at"]

    def extra_form_data(self, instance: Any, attrs: dict[str, Any]) -> dict[str, Any]:
        """The own fields as the form takes them: the stored values with the given changes
        (only codes the municipality has; a retired field still takes its value)."""
        every = custom_fields.definitions(instance.municipality_id, include_retired=True)
        own = custom_fields.offered_on_form(every, instance, may_manage=self._may_manage)
        given = attrs.get("custom_values") or {}
        unknown = sorted(set(given) - {f.code for f in every})
        if unknown:
            raise ValidationError(
                {
                    "customValues": [
                        _("Onbekend eigen veld: %(codes)s.") % {"codes": ", ".join(unknown)}
                    ]
                }
            )
        closed = sorted(set(given) - {f.code for f in own})
        if closed:
            raise ValidationError(
                {
                    "customValues": [
                        _(
                            "Dit eigen veld vult u hier niet in (buiten gebruik, of in te "
                            "vullen door de portfoliomanager tijdens de intake): %(codes)s."
                        )
                        % {"codes": ", ".join(closed)}
                    ]
                }
            )
        values = {**(instance.custom_values or {}), **given}
        return {
            custom_fields.FORM_PREFIX + f.code: custom_fields.form_input(f, values.get(f.code))
            for f in own
        }

    @property
    def _may_manage(self) -> bool:
        return can(self.acting_user, self.municipality_id, Action.INITIATIVE_MANAGE)

    def form_kwargs(self) -> dict[str, Any]:
        return {"may_manage": self._may_manage}

    def form_errors(self, form: Any) -> dict[str, list[str]]:
        errors = super().form_errors(form)
        labels = {custom_fields.FORM_PREFIX + f.code: f.code for f in form.own_fields}
        own = [
            f"{labels[name]}: {message}"
            for name, messages in form.errors.items()
            if name in labels
            for message in messages
        ]
        errors = {k: v for k, v in errors.items() if not k.startswith("eigen")}
        if own:
            errors["customValues"] = own
        return errors

    def create(self, validated_data: dict[str, Any]) -> Initiative:
        return intake.initiative_save(initiative=self.form.instance, by=self.acting_user)

    def update(self, instance: Initiative, validated_data: dict[str, Any]) -> Initiative:
        return intake.initiative_save(initiative=self.form.instance, by=self.acting_user)

    def to_representation(self, instance: Initiative) -> Any:
        if not hasattr(instance, "planned_start"):
            # A single initiative just written (create, update, transition): read its plan.
            annotated = (
                with_plan(
                    Initiative.objects.filter(pk=instance.pk),
                    current_version(instance.municipality_id),
                )
                .values("planned_start", "planned_end", "plan_version")
                .first()
            )
            for key, value in (annotated or {}).items():
                setattr(instance, key, value)
        return super().to_representation(instance)


class TransitionSerializer(Serializer):
    target = fields.Choice(choices=LifecycleState.choices)
    reason = fields.Text(required=False, allow_blank=True, default="", max_length=2000)


class InitiativeFilter(FilterSet):
    title = django_filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Initiative
        fields = [
            "state",
            "domain",
            "work_form",
            "is_statutory",
            "is_continuity",
            "has_political_urgency",
            "start_year",
            "title",
        ]


class InitiativeViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    TenantViewSet,
):
    """Initiatieven. Indienen en bewerken gaan langs dezelfde regels als het formulier."""

    model = Initiative
    read_actions = (Action.PORTFOLIO_VIEW, Action.INITIATIVE_SUBMIT)
    write_actions = (Action.INITIATIVE_SUBMIT, Action.INITIATIVE_MANAGE, Action.DECISION_RECORD)
    serializer_class = InitiativeSerializer
    filterset_class = InitiativeFilter
    ordering_fields = ("reference", "title", "state", "created_at", "updated_at", "budget_capital")
    ordering = ("reference",)
    select = ("domain",)

    def narrow(self, queryset: Any) -> Any:
        """Every initiative with its planned periods in the plan of record (no query per row)."""
        return with_plan(queryset, current_version(token_municipality_id(self.request)))

    @extend_schema(request=TransitionSerializer, responses={200: InitiativeSerializer})
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: str | None = None) -> Response:
        """Zet een stap in de levensloop (zelfde rechten en voorwaarden als in de app)."""
        initiative = self.get_object()
        payload = TransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        initiative = intake.initiative_transition(
            initiative=initiative,
            target=payload.validated_data["target"],
            reason=payload.validated_data["reason"],
            by=request.user,
        )
        return Response(self.get_serializer(initiative).data, status=status.HTTP_200_OK)
