"""The template library: published, frozen templates and the adoptions that copied them.

A `Template` belongs to the municipality that published it (its author); its versions hold the
content as frozen JSON in the kind's own exchange format. An `Adoption` belongs to the
municipality that copied a version into its own data. Other municipalities see a template's
published content only (selectors.visible_versions); nothing else of the author is linked.
"""

from __future__ import annotations

from typing import Any, Self

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from koersvast.core.errors import DomainError
from koersvast.tenancy.models import TenantModel, TenantQuerySet
from koersvast.tenancy.policy import Action, roles_by_municipality

from .choices import AdoptionMode
from .kinds import kind_label


def member_municipality_ids(user: Any) -> list[int]:
    """Every municipality in which the user holds any role."""
    return sorted(roles_by_municipality(user))


class TemplateQuerySet(TenantQuerySet):
    """Templates: shared with every member while published, with the author while withdrawn."""

    def visible_to(self, user: Any) -> Self:
        return self.filter(
            Q(withdrawn_at__isnull=True) | Q(municipality_id__in=member_municipality_ids(user))
        )


class Template(TenantModel):
    """Sjabloon in de bibliotheek: een afwegingskader, criteria of RAG-definities om te delen.

    `municipality` is the author. An imported template is authored by the importing
    municipality; `original_author` then names the municipality that made it.
    """

    view_action = Action.TEMPLATE_PUBLISH

    # No `choices`: the kinds are a registry (kinds/), so adding one needs no migration.
    kind = models.CharField(_("soort"), max_length=30)
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beschrijving"), blank=True)
    original_author = models.CharField(_("oorspronkelijke auteur"), max_length=200, blank=True)
    latest_number = models.PositiveIntegerField(_("laatste versie"), default=0)
    last_published_at = models.DateTimeField(_("laatst gepubliceerd op"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingetrokken door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = TemplateQuerySet.as_manager()  # type: ignore[misc]  # django-stubs#1713: no ClassVar spelling

    class Meta:
        verbose_name = _("sjabloon")
        verbose_name_plural = _("sjablonen")
        ordering = ["-last_published_at", "-pk"]
        indexes = [models.Index(fields=["kind", "withdrawn_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def author_name(self) -> str:
        """The author as shown in the library (the original one for an imported template)."""
        return self.original_author or self.municipality.name


class TemplateVersionQuerySet(TenantQuerySet):
    def visible_to(self, user: Any) -> Self:
        """Versions of published templates, plus the user's own municipalities' templates and
        the versions their municipalities adopted (the link to the source stays readable)."""
        ids = member_municipality_ids(user)
        adopted = Adoption.objects.filter(version=OuterRef("pk"), municipality_id__in=ids)
        return self.filter(
            Q(template__withdrawn_at__isnull=True) | Q(municipality_id__in=ids) | Exists(adopted)
        )


class TemplateVersion(TenantModel):
    """Versie van een sjabloon: de inhoud, bevroren op het moment van publiceren."""

    view_action = Action.TEMPLATE_PUBLISH

    template = models.ForeignKey(Template, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("versie"))
    content = models.JSONField(_("inhoud"))
    note = models.TextField(_("wat is er veranderd"), blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gepubliceerd door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = TemplateVersionQuerySet.as_manager()  # type: ignore[misc]  # django-stubs#1713: no ClassVar spelling

    # The content is frozen and large: the audit event names the version, not its JSON.
    audit_exclude = frozenset({"updated_at", "created_at", "content"})

    class Meta:
        verbose_name = _("sjabloonversie")
        verbose_name_plural = _("sjabloonversies")
        ordering = ["template", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="template_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.template.title} v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """A published version is frozen: only its first save writes."""
        if self.pk is not None:
            raise FrozenTemplateError(_("Een gepubliceerde sjabloonversie wijzigt niet meer."))
        super().save(*args, **kwargs)


class FrozenTemplateError(DomainError):
    """A published template version was about to be changed."""


class Adoption(TenantModel):
    """Overname van een sjabloonversie in de eigen gemeente (of het samenvoegen van een
    nieuwere versie), met een verwijzing naar het object dat daarbij is gemaakt of gewijzigd."""

    view_action = Action.TEMPLATE_PUBLISH

    template = models.ForeignKey(Template, on_delete=models.CASCADE, related_name="adoptions")
    version = models.ForeignKey(
        TemplateVersion,
        verbose_name=_("sjabloonversie"),
        on_delete=models.CASCADE,
        related_name="adoptions",
    )
    mode = models.CharField(_("soort"), max_length=20, choices=AdoptionMode.choices)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    object_label = models.CharField(_("overgenomen in"), max_length=255)
    summary = models.CharField(_("resultaat"), max_length=500, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("overgenomen door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("overname van een sjabloon")
        verbose_name_plural = _("overnames van sjablonen")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["municipality", "template"])]

    def __str__(self) -> str:
        return f"{self.version} → {self.object_label}"

    def adopted_object(self) -> models.Model | None:
        """The framework version (or other object) the adoption wrote, if it still exists."""
        if self.content_type_id is None or self.object_id is None:
            return None
        model = self.content_type.model_class()  # type: ignore[union-attr]
        if model is None:
            return None
        return model._default_manager.filter(pk=self.object_id).first()
