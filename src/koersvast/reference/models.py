"""National reference data shared by all municipalities (not tenant-owned)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Taakveld(models.Model):
    """BBV/Iv3-taakveld (landelijke begrotingsindeling), bijv. 6.1 Samenkracht."""

    class Level(models.TextChoices):
        MAIN = "hoofdtaakveld", _("Hoofdtaakveld")
        TASK = "taakveld", _("Taakveld")

    code = models.CharField(_("code"), max_length=10, unique=True)
    description = models.CharField(_("omschrijving"), max_length=200)
    level = models.CharField(_("niveau"), max_length=20, choices=Level.choices)
    main_code = models.CharField(_("hoofdtaakveld"), max_length=10)

    class Meta:
        verbose_name = _("taakveld")
        verbose_name_plural = _("taakvelden")
        ordering = ["main_code", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.description}"
