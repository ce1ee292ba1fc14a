"""Building blocks shared by every endpoint: scoping, rights, paging, version header."""

from __future__ import annotations

import re
from functools import cache
from typing import Any, ClassVar

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import models
from django.forms.models import model_to_dict
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, permissions, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from koersvast import __version__
from koersvast.tenancy.models import Municipality
from koersvast.tenancy.policy import Action, can

from . import fields
from .naming import CamelCaseFields, camel, with_camel_aliases
from .query import FilterBackend, OrderingFilter, Pagination

API_VERSION = __version__
_ID = re.compile(r"[0-9]{1,19}")


def token_municipality_id(request: Request) -> int | None:
    """The municipality the request's token acts in (None when not authenticated by token)."""
    token = getattr(request, "auth", None)
    return getattr(token, "municipality_id", None)


def acting_municipality_id(request: Request) -> int:
    """The token's municipality, behind `HasActionInMunicipality` (which lets in no request
    without one): the API acts in it."""
    municipality_id = token_municipality_id(request)
    if municipality_id is None:
        raise exceptions.NotAuthenticated
    return municipality_id


class HasActionInMunicipality(permissions.BasePermission):
    """Reading needs the view's `read_actions`, writing one of its `write_actions`.

    Record-level rules (a submitter edits only their own draft) stay in the domain services,
    which raise PermissionDenied (403) themselves.
    """

    def has_permission(self, request: Request, view: Any) -> bool:
        municipality_id = token_municipality_id(request)
        if municipality_id is None:
            return False
        if not hasattr(view, request.method.lower()):
            return True  # let the view answer 405 Method Not Allowed
        if request.method in permissions.SAFE_METHODS:
            actions = view.read_actions
        else:
            actions = getattr(view, "write_actions", ()) or ()
        return any(can(request.user, municipality_id, action) for action in actions)


class ScopedPrimaryKeyRelatedField(fields.Reference):
    """A reference to an object of the token's municipality (others do not exist)."""

    def get_queryset(self) -> models.QuerySet[Any]:
        queryset = super().get_queryset()
        request = self.context.get("request")
        municipality_id = token_municipality_id(request) if request is not None else None
        return queryset.filter(municipality_id=municipality_id)


class MemberField(fields.Reference):
    """A reference to a user who is a member of the token's municipality (no one else exists)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_null", True)
        super().__init__(queryset=get_user_model().objects.all(), **kwargs)

    def get_queryset(self) -> models.QuerySet[Any]:
        request = self.context.get("request")
        municipality_id = token_municipality_id(request) if request is not None else None
        return (
            super()
            .get_queryset()
            .filter(memberships__municipality_id=municipality_id, is_active=True)
            .distinct()
        )


def scoped(model: type[models.Model], **kwargs: Any) -> ScopedPrimaryKeyRelatedField:
    return ScopedPrimaryKeyRelatedField(queryset=model._default_manager.all(), **kwargs)


class TenantViewSet(viewsets.GenericViewSet):
    """Base of every endpoint: objects of the token's municipality that the user may see.

    `Model.objects.for_user` applies the policy (with the token's roles only) and any record
    rule of the model; the extra municipality filter makes the scoping explicit.
    """

    model: ClassVar[type[models.Model]]
    read_actions: ClassVar[tuple[Action, ...]] = (Action.PORTFOLIO_VIEW,)
    write_actions: ClassVar[tuple[Action, ...]] = ()
    view_action: ClassVar[Action | None] = None  # the action for `for_user` (model default)
    select: ClassVar[tuple[str, ...]] = ()
    permission_classes = (HasActionInMunicipality,)
    pagination_class = Pagination
    filter_backends = (FilterBackend, OrderingFilter)
    ordering: ClassVar[tuple[str, ...]] = ("id",)
    lookup_value_regex = "[^/]+"  # any segment reaches get_object (a 404 problem, not a route miss)

    def initialize_request(self, request: Any, *args: Any, **kwargs: Any) -> Request:
        # Deprecated snake_case query parameters (`page_size`) still work until the next minor
        # release: from here on, paging, filters and links see only the camelCase names.
        request.GET = with_camel_aliases(request.GET)
        return super().initialize_request(request, *args, **kwargs)

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        serializer_class = super().get_serializer_class()
        if self.action in ("update", "partial_update"):
            return for_update(serializer_class)
        return serializer_class

    def get_queryset(self) -> models.QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular inspecting the view
            return self.model._default_manager.none()
        # Every API model is a tenant model: its manager (`objects`) has `for_user`.
        manager: Any = self.model._default_manager
        queryset = manager.for_user(self.request.user, self.view_action)
        queryset = queryset.filter(municipality_id=token_municipality_id(self.request))
        if self.select:
            queryset = queryset.select_related(*self.select)
        return self.narrow(queryset)

    def narrow(self, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
        """Endpoint-specific narrowing (e.g. to the published framework)."""
        return queryset

    def get_object(self) -> Any:
        # Only a number the database can hold identifies an object: anything else names no
        # object (404) and never reaches the database (an id past 64 bits overflows SQLite).
        raw = str(self.kwargs.get(self.lookup_url_kwarg or self.lookup_field, ""))
        if not _ID.fullmatch(raw) or int(raw) > fields.BIG_MAX:
            raise Http404
        return super().get_object()

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if self.action is None:  # a method the resource does not have: 405 comes first
            return
        unknown = sorted(set(request._request.GET) - self.query_parameters())
        if unknown:
            raise serializers.ValidationError(
                {name: [_("Deze parameter kent de API hier niet.")] for name in unknown}
            )

    def query_parameters(self) -> set[str]:
        """The query parameters this action accepts (as documented), with deprecated aliases."""
        if self.action != "list":
            return set()
        names = {"page", "pageSize"}
        if getattr(self, "ordering_fields", None):
            names.add("ordering")
        filterset_class = FilterBackend().get_filterset_class(
            self, self.model._default_manager.none()
        )
        if filterset_class is not None:
            names |= set(filterset_class.base_filters)
        return names | {key for key in self.request._request.GET if camel(key) in names}

    def filter_queryset(self, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
        # A unique tie-breaker, so paging is stable on every database.
        return super().filter_queryset(queryset).order_by(*self._ordering(), "pk")

    def _ordering(self) -> list[str]:
        backend = OrderingFilter()
        return list(
            backend.get_ordering(self.request, self.model._default_manager.none(), self) or []
        )

    def finalize_response(self, request: Request, response: Response, *args: Any, **kw: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kw)
        response["API-Version"] = API_VERSION
        return response


INTEGER_LIMITS: dict[type[models.Field], tuple[int | None, int]] = {
    models.SmallIntegerField: (-fields.SMALL_MAX - 1, fields.SMALL_MAX),
    models.PositiveSmallIntegerField: (0, fields.SMALL_MAX),
    models.IntegerField: (-fields.INTEGER_MAX - 1, fields.INTEGER_MAX),
    models.PositiveIntegerField: (0, fields.INTEGER_MAX),
    models.BigIntegerField: (-fields.BIG_MAX - 1, fields.BIG_MAX),
    models.PositiveBigIntegerField: (0, fields.BIG_MAX),
}


class Serializer(CamelCaseFields, serializers.Serializer):
    """A plain serializer of the API: camelCase properties."""


class ModelSerializer(CamelCaseFields, serializers.ModelSerializer):
    """DRF's ModelSerializer with camelCase properties and strictly typed fields.

    It also keeps `allow_blank` on read-only fields (DRF drops it there, so the OpenAPI
    document would promise a choice where the data may hold an empty string), and bounds every
    integer by its column, so no number the document allows overflows the database.
    """

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: fields.Text,
        models.TextField: fields.Text,
        models.SlugField: fields.Slug,
        models.DecimalField: fields.Decimal,
        models.BooleanField: fields.Boolean,
        **dict.fromkeys(INTEGER_LIMITS, fields.Integer),
    }
    serializer_choice_field = fields.Choice
    serializer_related_field = fields.Reference
    # Fields that identify the object (its initiative, its period): set on create, fixed after.
    fixed_on_update: ClassVar[tuple[str, ...]] = ()
    updating: ClassVar[bool] = False

    def get_fields(self) -> dict[str, serializers.Field]:
        result = super().get_fields()
        if self.updating:
            for name in self.fixed_on_update:
                result[camel(name)].read_only = True
        return result

    def build_standard_field(self, field_name: str, model_field: Any) -> Any:
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        low, high = INTEGER_LIMITS.get(type(model_field), (None, None))
        if high is not None and "choices" not in kwargs:
            kwargs["max_value"] = min(kwargs.get("max_value", high), high)
            if low is not None:
                kwargs["min_value"] = max(kwargs.get("min_value", low), low)
        return field_class, kwargs

    def include_extra_kwargs(self, kwargs: dict[str, Any], extra_kwargs: dict[str, Any]) -> Any:
        allow_blank = kwargs.get("allow_blank")
        kwargs = super().include_extra_kwargs(kwargs, extra_kwargs)
        if allow_blank and kwargs.get("read_only"):
            kwargs["allow_blank"] = True
        return kwargs


@cache
def for_update(serializer_class: type[Any]) -> type[Any]:
    """The serializer of PUT and PATCH: its `fixed_on_update` fields are read-only.

    A class of its own, so the OpenAPI document describes the update body as it is accepted.
    """
    if not getattr(serializer_class, "fixed_on_update", ()):
        return serializer_class
    name = serializer_class.__name__.removesuffix("Serializer") + "UpdateSerializer"
    return type(name, (serializer_class,), {"updating": True, "__doc__": serializer_class.__doc__})


class FormValidatedSerializer(ModelSerializer):
    """A serializer that validates with the UI's own ModelForm, so both accept the same input.

    DRF checks types first; then the form (scoped to the token's municipality) applies the
    domain rules and fills `self.form.instance`, which `create`/`update` hand to a service.
    """

    form_class: ClassVar[type[forms.ModelForm]]
    form_takes_municipality: ClassVar[bool] = True

    def get_extra_kwargs(self) -> dict[str, Any]:
        """The form's limits on the fields (e.g. a budget ≥ 0), so the document shows them."""
        extra = super().get_extra_kwargs()
        for name, form_field in self.form_class.base_fields.items():
            limits: dict[str, Any] = {}
            if isinstance(form_field, forms.IntegerField | forms.DecimalField):
                for attr in ("min_value", "max_value"):
                    if getattr(form_field, attr, None) is not None:
                        limits[attr] = getattr(form_field, attr)
            if isinstance(form_field, forms.CharField) and form_field.max_length:
                limits["max_length"] = form_field.max_length
            if limits:
                extra[name] = {**limits, **extra.get(name, {})}
        return extra

    @property
    def acting_user(self) -> Any:
        return self.context["request"].user

    @property
    def municipality_id(self) -> int:
        return acting_municipality_id(self.context["request"])

    def new_instance(self, attrs: dict[str, Any]) -> models.Model:
        """The unsaved object a create starts from (fields outside the form are set here)."""
        return self.Meta.model(municipality_id=self.municipality_id)

    def extra_form_data(self, instance: models.Model, attrs: dict[str, Any]) -> dict[str, Any]:
        """Form input beyond the model's fields (e.g. the own intake fields)."""
        return {}

    def form_kwargs(self) -> dict[str, Any]:
        """Further arguments of the form (e.g. what the acting user may fill in)."""
        return {}

    def form_errors(self, form: forms.ModelForm) -> dict[str, list[str]]:
        """The form's errors under the API's (camelCase) property names."""
        return {
            (camel(field) if field != NON_FIELD_ERRORS else "non_field_errors"): [
                str(message) for message in messages
            ]
            for field, messages in form.errors.items()
        }

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        form_fields = list(self.form_class._meta.fields or [])
        instance = self.instance if self.instance is not None else self.new_instance(attrs)
        data: dict[str, Any] = model_to_dict(instance, fields=form_fields)
        data.update({key: value for key, value in attrs.items() if key in form_fields})
        data.update(self.extra_form_data(instance, attrs))
        data = {
            key: "" if value is None else value.pk if isinstance(value, models.Model) else value
            for key, value in data.items()
        }
        kwargs: dict[str, Any] = self.form_kwargs()
        if self.form_takes_municipality:
            kwargs["municipality"] = Municipality.objects.get(pk=self.municipality_id)
        form = self.form_class(data=data, instance=instance, **kwargs)
        if locked := self._locked_changes(form, instance, attrs):
            raise serializers.ValidationError(locked)
        if not form.is_valid():
            raise serializers.ValidationError(self.form_errors(form))
        self.form = form
        return attrs

    @staticmethod
    def _locked_changes(
        form: forms.ModelForm, instance: models.Model, attrs: dict[str, Any]
    ) -> dict[str, list[str]]:
        """A change to a field the form has locked (e.g. the scope of running work, which only a
        decision changes) is refused with the form's reason, not silently dropped."""
        return {
            camel(name): [str(field.help_text) or _("Dit veld kan hier niet worden gewijzigd.")]
            for name, field in form.fields.items()
            if field.disabled and name in attrs and attrs[name] != getattr(instance, name, None)
        }
