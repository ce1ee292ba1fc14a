"""Query parameters of the lists: paging, ordering and filters, strictly validated.

A parameter the server cannot honour is a 400 with the reason, never silently ignored (a
`pageSize` of 1000 returning 25 rows) nor a 404: the OpenAPI document says exactly what each
parameter accepts, and the server accepts exactly that.
"""

from __future__ import annotations

import re
from typing import Any

import django_filters
from django import forms
from django.db import models
from django.utils.translation import gettext as _
from django_filters.filterset import FILTER_FOR_DBFIELD_DEFAULTS
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, filters
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from .naming import camel

INT64 = 2**63 - 1
_WHOLE_NUMBER = re.compile(r"^-?\d{1,19}$")
_PAGE_NUMBER = re.compile(r"^[1-9]\d{0,9}$")


def _invalid(parameter: str, message: str) -> exceptions.ValidationError:
    return exceptions.ValidationError({parameter: [message]})


class Pagination(PageNumberPagination):
    """`?page=2&pageSize=50`: count, next and previous in the body, and in a `Link` header."""

    page_size = 25
    page_query_param = "page"
    page_size_query_param = "pageSize"
    max_page_size = 100
    last_page_strings = ()

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise _invalid(
                self.page_size_query_param,
                _("Een paginagrootte is een geheel getal van 1 tot en met %(max)s.")
                % {"max": self.max_page_size},
            )
        return int(raw)

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> Any:
        raw = request.query_params.get(self.page_query_param)
        if raw is not None and not _PAGE_NUMBER.match(raw):
            raise _invalid(
                self.page_query_param, _("Een paginanummer is een geheel getal vanaf 1.")
            )
        # A page after the last one does not exist: 404 (as documented).
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data: Any) -> Response:
        response = super().get_paginated_response(data)
        links = self._links()
        if links:
            response["Link"] = ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links)
        return response

    def _links(self) -> list[tuple[str, str]]:
        """RFC 8288 web links for first, previous, next and last page."""
        url = self.request.build_absolute_uri()
        pages = self.page.paginator.num_pages
        links = [("first", replace_query_param(url, self.page_query_param, 1))]
        if self.page.has_previous():
            links.append(("prev", self.get_previous_link() or ""))
        if self.page.has_next():
            links.append(("next", self.get_next_link() or ""))
        links.append(("last", replace_query_param(url, self.page_query_param, pages)))
        return links

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "Paginanummer, vanaf 1 (een pagina na de laatste: 404).",
                "schema": {"type": "integer", "minimum": 1, "maximum": 9_999_999_999},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": "Aantal resultaten per pagina (standaard 25).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]


class OrderingFilter(filters.OrderingFilter):
    """`?ordering=-updatedAt,title`: camelCase property names; an unknown one is a 400."""

    def get_ordering(self, request: Request, queryset: Any, view: Any) -> list[str]:
        raw = request.query_params.get(self.ordering_param)
        if raw is None:
            return self.get_default_ordering(view) or []
        by_name = {camel(field): field for field in self.allowed(view)}
        ordering = []
        for term in raw.split(","):
            descending = term.startswith("-")
            field = by_name.get(term.removeprefix("-"))
            if field is None:
                raise _invalid(
                    self.ordering_param,
                    _("Sorteren kan op: %(fields)s (met '-' ervoor: aflopend).")
                    % {"fields": ", ".join(sorted(by_name))},
                )
            ordering.append(f"-{field}" if descending else field)
        return ordering

    @staticmethod
    def allowed(view: Any) -> tuple[str, ...]:
        return tuple(getattr(view, "ordering_fields", ()) or ())

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        names = sorted(camel(field) for field in self.allowed(view))
        if not names:
            return []
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": "Sorteervolgorde: één of meer eigenschappen, gescheiden door "
                "komma's; met '-' ervoor aflopend.",
                "schema": {
                    "type": "array",
                    "minItems": 1,
                    "items": {
                        "type": "string",
                        "enum": [value for name in names for value in (name, f"-{name}")],
                    },
                },
                "style": "form",
                "explode": False,
            }
        ]


class WholeNumberField(forms.IntegerField):
    """A whole number within 64 bits, written as digits (no `0.5`, no `1e3`)."""

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        if not _WHOLE_NUMBER.match(str(value)) or abs(int(value)) > INT64:
            raise forms.ValidationError(_("Geef een geheel getal."), code="invalid")
        return int(value)


class BooleanField(forms.Field):
    """`true` or `false`, nothing else (Django's own field turns anything else into 'any')."""

    widget = forms.TextInput

    def to_python(self, value: Any) -> bool | None:
        if value in self.empty_values:
            return None
        if value not in ("true", "false"):
            raise forms.ValidationError(_("Geef true of false."), code="invalid")
        return value == "true"


@extend_schema_field(OpenApiTypes.INT)  # whatever the column (e.g. a generated score)
class WholeNumberFilter(django_filters.NumberFilter):
    field_class = WholeNumberField


class BooleanFilter(django_filters.BooleanFilter):
    field_class = BooleanField


_WHOLE_NUMBERS = {"filter_class": WholeNumberFilter}
INTEGER_FIELDS = (
    models.AutoField,
    models.BigAutoField,
    models.SmallAutoField,
    models.IntegerField,
    models.BigIntegerField,
    models.SmallIntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.PositiveBigIntegerField,
    # A reference filters by id: a number, never checked for existence (which would tell
    # whether an object of another municipality exists).
    models.ForeignKey,
    models.OneToOneField,
    # A many-to-many filters by one id of its other side (`initiatives=12`: linked to 12).
    models.ManyToManyField,
)


class FilterSet(django_filters.FilterSet):
    """Filters that accept exactly what the OpenAPI document describes."""

    FILTER_DEFAULTS = {
        **FILTER_FOR_DBFIELD_DEFAULTS,
        **dict.fromkeys(INTEGER_FIELDS, _WHOLE_NUMBERS),
        models.BooleanField: {"filter_class": BooleanFilter},
    }


class FilterBackend(DjangoFilterBackend):
    """django-filter with camelCase parameter names and no silently ignored value."""

    filterset_base = FilterSet

    def get_filterset_class(self, view: Any, queryset: Any = None) -> Any:
        filterset_class = super().get_filterset_class(view, queryset)
        if filterset_class is None:
            return None
        renamed: Any = type(filterset_class.__name__, (filterset_class,), {})
        renamed.base_filters = {
            camel(name): field for name, field in filterset_class.base_filters.items()
        }
        return renamed

    def filter_queryset(self, request: Request, queryset: Any, view: Any) -> Any:
        filterset_class = self.get_filterset_class(view, queryset)
        for name, field in (filterset_class.base_filters if filterset_class else {}).items():
            # An empty value means "no filter" to django-filter: only text may be empty.
            if request.query_params.get(name) == "" and not isinstance(
                field, django_filters.CharFilter
            ):
                raise _invalid(name, _("Geef een waarde (of laat de parameter weg)."))
        return super().filter_queryset(request, queryset, view)
