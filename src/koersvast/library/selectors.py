"""Reads of the template library, each with a constant number of queries.

Another municipality's template is only ever read through `visible_to` (published content,
title, description, author municipality, version); adoptions and withdrawal only through the
user's own municipalities.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Max, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from koersvast.tenancy.access import get_for_user_or_404
from koersvast.tenancy.models import Municipality
from koersvast.tenancy.policy import Action

from .models import Adoption, Template, TemplateVersion


def library(
    *, user: Any, municipality: Municipality, kind: str = "", query: str = ""
) -> QuerySet[Template]:
    """The templates the user may see, newest first, with the latest version's id and the
    highest version the active municipality adopted."""
    latest = TemplateVersion.objects.filter(template=OuterRef("pk")).order_by("-number")
    adopted = (
        Adoption.objects.filter(template=OuterRef("pk"), municipality=municipality)
        .order_by()
        .values("template")
        .annotate(n=Max("version__number"))
        .values("n")
    )
    templates = (
        Template.objects.visible_to(user)
        .filter(latest_number__gt=0)
        .select_related("municipality")
        .annotate(latest_version_id=Subquery(latest.values("pk")[:1]), adopted=Subquery(adopted))
    )
    if kind:
        templates = templates.filter(kind=kind)
    if query:
        templates = templates.filter(
            Q(title__icontains=query)
            | Q(description__icontains=query)
            | Q(municipality__name__icontains=query)
            | Q(original_author__icontains=query)
        )
    return templates.order_by("-last_published_at", "-pk")


def version_get(*, user: Any, pk: int) -> TemplateVersion:
    """A version the user may read (published, their own, or adopted by them), else 404."""
    try:
        return (
            TemplateVersion.objects.visible_to(user)
            .select_related("template__municipality", "published_by")
            .get(pk=pk)
        )
    except TemplateVersion.DoesNotExist:
        raise Http404 from None


def versions_of(template: Template) -> list[TemplateVersion]:
    return list(template.versions.order_by("-number").only("pk", "number", "created_at", "note"))


def own_template_get(*, user: Any, pk: int) -> Template:
    """One of the user's own municipalities' templates, for its author's actions, else 404."""
    return get_for_user_or_404(
        Template.objects.select_related("municipality"), user, Action.TEMPLATE_PUBLISH, pk=pk
    )


def own_templates(*, municipality: Municipality, kind: str = "") -> QuerySet[Template]:
    templates = Template.objects.in_municipality(municipality).filter(withdrawn_at__isnull=True)
    if kind:
        templates = templates.filter(kind=kind)
    return templates.order_by("title", "pk")


def adoption_get(*, user: Any, pk: int) -> Adoption:
    return get_for_user_or_404(
        Adoption.objects.select_related(
            "template__municipality", "version", "adopted_by", "municipality"
        ),
        user,
        pk=pk,
    )


@dataclass
class AdoptedTemplate:
    """The latest adoption of one template by a municipality, and whether a newer one exists."""

    adoption: Adoption
    newest_number: int
    withdrawn: bool

    @property
    def has_newer(self) -> bool:
        return not self.withdrawn and self.newest_number > self.adoption.version.number


def adopted_templates(*, municipality: Municipality) -> list[AdoptedTemplate]:
    """Per template the municipality adopted: its latest adoption (two queries in all)."""
    adoptions = (
        Adoption.objects.in_municipality(municipality)
        .select_related("template__municipality", "version", "adopted_by")
        .order_by("template_id", "-version__number", "-created_at", "-pk")
    )
    latest: dict[int, Adoption] = {}
    for adoption in adoptions:
        latest.setdefault(adoption.template_id, adoption)
    rows = [
        AdoptedTemplate(a, a.template.latest_number, a.template.is_withdrawn)
        for a in latest.values()
    ]
    return sorted(rows, key=lambda row: (-row.adoption.created_at.timestamp(), -row.adoption.pk))


def adoption_of(obj: Any) -> AdoptedTemplate | None:
    """The adoption that wrote this object (an adopted framework version), if any."""
    from django.contrib.contenttypes.models import ContentType

    adoption = (
        Adoption.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        )
        .select_related("template__municipality", "version")
        .order_by("-created_at", "-pk")
        .first()
    )
    if adoption is None:
        return None
    return AdoptedTemplate(
        adoption, adoption.template.latest_number, adoption.template.is_withdrawn
    )


def adoption_for_version(*, municipality: Municipality, version: TemplateVersion) -> Any:
    """The municipality's latest adoption of this version's template (for the preview)."""
    return (
        Adoption.objects.in_municipality(municipality)
        .filter(template_id=version.template_id)
        .select_related("version")
        .order_by("-version__number", "-created_at", "-pk")
        .first()
    )
