"""The municipality's own phase model and the phase-gate decisions taken under it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from koersvast.tenancy.models import TenantModel

from .people import person_field


class PhaseDefinition(TenantModel):
    """Fase in het eigen fasemodel van een gemeente, met de documenten die de fasepoort vraagt.

    A municipality without rows uses the standard model (``choices.Phase``); its first edit
    stores the whole set. ``code`` never changes once a gate refers to it, so renaming a phase
    keeps the history readable.
    """

    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("naam"), max_length=80)
    position = models.PositiveSmallIntegerField(_("volgorde"))
    documents = models.TextField(
        _("vereiste documenten"), blank=True, help_text=_("Eén document per regel.")
    )

    class Meta:
        verbose_name = _("fase")
        verbose_name_plural = _("fasemodel")
        ordering = ["municipality", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "code"], name="monitoring_phase_code_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def document_list(self) -> list[str]:
        return [line.strip() for line in self.documents.splitlines() if line.strip()]


class PhaseGate(TenantModel):
    """Fasebesluit: de opdrachtgever laat een project door naar de volgende fase."""

    initiative = models.ForeignKey(
        "portfolio.Initiative", on_delete=models.CASCADE, related_name="phase_gates"
    )
    # Codes of the municipality's phase model (PhaseDefinition.code or the standard Phase).
    from_phase = models.CharField(_("van fase"), max_length=40)
    to_phase = models.CharField(_("naar fase"), max_length=40)
    decided_on = models.DateField(_("besloten op"))
    decided_by = person_field(_("besloten door"))
    documents = models.TextField(_("aanwezige documenten"), blank=True)
    note = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("fasebesluit")
        verbose_name_plural = _("fasebesluiten")
        ordering = ["initiative", "decided_on", "pk"]

    def __str__(self) -> str:
        return f"{self.initiative_id}: {self.from_phase} → {self.to_phase}"
