"""Building blocks shared by every endpoint: scoping, rights, paging, version header."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import models
from django.forms.models import model_to_dict
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import filters, permissions, serializers, viewsets
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from koersvast import __version__
from koersvast.tenancy.models import Municipality
from koersvast.tenancy.policy import Action, can

API_VERSION = __version__


class Pagination(PageNumberPagination):
    """`?page=2&page_size=50` with count, next and previous."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100


def token_municipality_id(request: Request) -> int | None:
    """The municipality the request's token acts in (None when not authenticated by token)."""
    token = getattr(request, "auth", None)
    return getattr(token, "municipality_id", None)


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


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A reference to an object of the token's municipality (others do not exist)."""

    def get_queryset(self) -> models.QuerySet[Any]:
        queryset = super().get_queryset()
        request = self.context.get("request")
        municipality_id = token_municipality_id(request) if request is not None else None
        return queryset.filter(municipality_id=municipality_id)


class MemberField(serializers.PrimaryKeyRelatedField):
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
    filter_backends = (DjangoFilterBackend, filters.OrderingFilter)
    ordering: ClassVar[tuple[str, ...]] = ("id",)

    def get_queryset(self) -> models.QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular inspecting the view
            return self.model.objects.none()
        queryset = self.model.objects.for_user(self.request.user, self.view_action)  # type: ignore[attr-defined]
        queryset = queryset.filter(municipality_id=token_municipality_id(self.request))
        if self.select:
            queryset = queryset.select_related(*self.select)
        return self.narrow(queryset)

    def narrow(self, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
        """Endpoint-specific narrowing (e.g. to the published framework)."""
        return queryset

    def filter_queryset(self, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
        # A unique tie-breaker, so paging is stable on every database.
        return super().filter_queryset(queryset).order_by(*self._ordering(), "pk")

    def _ordering(self) -> list[str]:
        backend = filters.OrderingFilter()
        return list(backend.get_ordering(self.request, self.model.objects.none(), self) or [])

    def finalize_response(self, request: Request, response: Response, *args: Any, **kw: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kw)
        response["API-Version"] = API_VERSION
        return response


class ModelSerializer(serializers.ModelSerializer):
    """DRF's ModelSerializer, keeping `allow_blank` on read-only fields.

    DRF drops it there, so the OpenAPI document would promise a choice where the data may hold
    an empty string (e.g. the verdict of advice not given yet).
    """

    def include_extra_kwargs(self, kwargs: dict[str, Any], extra_kwargs: dict[str, Any]) -> Any:
        allow_blank = kwargs.get("allow_blank")
        kwargs = super().include_extra_kwargs(kwargs, extra_kwargs)
        if allow_blank and kwargs.get("read_only"):
            kwargs["allow_blank"] = True
        return kwargs


class FormValidatedSerializer(ModelSerializer):
    """A serializer that validates with the UI's own ModelForm, so both accept the same input.

    DRF checks types first; then the form (scoped to the token's municipality) applies the
    domain rules and fills `self.form.instance`, which `create`/`update` hand to a service.
    """

    form_class: ClassVar[type[forms.ModelForm]]
    form_takes_municipality: ClassVar[bool] = True

    @property
    def acting_user(self) -> Any:
        return self.context["request"].user

    @property
    def municipality_id(self) -> int | None:
        return token_municipality_id(self.context["request"])

    def new_instance(self, attrs: dict[str, Any]) -> models.Model:
        """The unsaved object a create starts from (fields outside the form are set here)."""
        return self.Meta.model(municipality_id=self.municipality_id)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        form_fields = list(self.form_class._meta.fields or [])
        instance = self.instance if self.instance is not None else self.new_instance(attrs)
        data: dict[str, Any] = model_to_dict(instance, fields=form_fields)
        data.update({key: value for key, value in attrs.items() if key in form_fields})
        data = {
            key: "" if value is None else value.pk if isinstance(value, models.Model) else value
            for key, value in data.items()
        }
        kwargs: dict[str, Any] = {}
        if self.form_takes_municipality:
            kwargs["municipality"] = Municipality.objects.get(pk=self.municipality_id)
        form = self.form_class(data=data, instance=instance, **kwargs)
        if not form.is_valid():
            raise serializers.ValidationError(
                {
                    (field if field != NON_FIELD_ERRORS else "non_field_errors"): list(messages)
                    for field, messages in form.errors.items()
                }
            )
        self.form = form
        return attrs
