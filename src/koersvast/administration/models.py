"""The huisstijl (own look) of a municipality: its logo and its design tokens (decision 1003)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from koersvast.tenancy.models import TenantModel


def logo_path(instance: Huisstijl, filename: str) -> str:
    """Always a PNG Koersvast wrote itself (huisstijl.logo_prepare), named after its content."""
    return f"huisstijl/{instance.municipality_id}/logo-{instance.version}.png"


class Huisstijl(TenantModel):
    """Huisstijl van een gemeente: logo en kleuren (NL Design System-tokens)."""

    class Source(models.TextChoices):
        COLOURS = "kleuren", _("gekozen kleuren")
        FILE = "bestand", _("tokenbestand")
        PRESET = "voorbeeld", _("Voorbeeld-thema van NL Design System")

    tokens = models.JSONField(_("tokens"), default=dict, blank=True)
    source = models.CharField(_("bron"), max_length=20, choices=Source.choices, blank=True)
    source_name = models.CharField(_("bestandsnaam"), max_length=200, blank=True)
    logo = models.FileField(_("logo"), upload_to=logo_path, blank=True, max_length=200)
    version = models.CharField(_("versie"), max_length=16, blank=True)

    class Meta:
        verbose_name = _("huisstijl")
        verbose_name_plural = _("huisstijlen")
        constraints = [
            models.UniqueConstraint(fields=["municipality"], name="huisstijl_one_per_municipality")
        ]

    def __str__(self) -> str:
        return gettext("Huisstijl van %(name)s") % {"name": self.municipality.name}
