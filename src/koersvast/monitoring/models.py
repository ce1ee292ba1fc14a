"""Execution monitoring: programmes, progress reports, milestones, risks, benefits, budgets, phases.

A submitted progress report is frozen: `save()` and `delete()` refuse to touch it (the same
integrity guard the audit trail uses), so no code path can change a published report.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from koersvast.tenancy.models import TenantModel

from .choices import (
    RAG_SEVERITY,
    Aspect,
    BudgetKind,
    MeetingKind,
    Rag,
    ReportStatus,
    RiskSource,
    RiskStatus,
)

User = settings.AUTH_USER_MODEL


class FrozenReportError(Exception):
    """A submitted progress report was about to be changed or removed."""


def _person(verbose: Any, related: str = "+") -> models.ForeignKey:
    return models.ForeignKey(
        User,
        verbose_name=verbose,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name=related,
    )


class RagDefinition(TenantModel):
    """Betekenis van een stoplichtkleur in deze gemeente (oranje = buiten plankaders, gemeld)."""

    colour = models.CharField(_("kleur"), max_length=10, choices=Rag.choices)
    meaning = models.CharField(_("betekenis"), max_length=300)

    class Meta:
        verbose_name = _("RAG-definitie")
        verbose_name_plural = _("RAG-definities")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "colour"], name="rag_one_per_colour")
        ]

    def __str__(self) -> str:
        return f"{self.get_colour_display()}: {self.meaning}"


class Opgave(TenantModel):
    """Opgave: een maatschappelijke opgave die programma's bundelt."""

    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("opgave")
        verbose_name_plural = _("opgaven")
        ordering = ["municipality", "name"]

    def __str__(self) -> str:
        return self.name


class Programme(TenantModel):
    """Programma: een cluster van initiatieven met eigen doelen, eigenaar en baten."""

    name = models.CharField(_("naam"), max_length=200)
    goals = models.TextField(_("doelen"), blank=True)
    owner = _person(_("programmamanager"))
    opgave = models.ForeignKey(
        Opgave,
        verbose_name=_("opgave"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programmes",
    )

    class Meta:
        verbose_name = _("programma")
        verbose_name_plural = _("programma's")
        ordering = ["municipality", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="programme_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("monitoring:programme_detail", args=[self.pk])


class ProgrammeInitiative(TenantModel):
    """Koppeling initiatief → programma; een initiatief hoort bij hoogstens één programma."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="links")
    initiative = models.OneToOneField(
        "portfolio.Initiative", on_delete=models.CASCADE, related_name="programme_link"
    )

    class Meta:
        verbose_name = _("initiatief in programma")
        verbose_name_plural = _("initiatieven in programma's")

    def __str__(self) -> str:
        return f"{self.programme} ← {self.initiative_id}"


class ProgressReport(TenantModel):
    """Voortgangsrapportage van één initiatief over één kwartaal (met versies voor correcties)."""

    initiative = models.ForeignKey(
        "portfolio.Initiative", on_delete=models.CASCADE, related_name="progress_reports"
    )
    year = models.PositiveIntegerField(_("jaar"))
    quarter = models.PositiveSmallIntegerField(
        _("kwartaal"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    version = models.PositiveSmallIntegerField(_("versie"), default=1)
    corrects = models.OneToOneField(
        "self",
        verbose_name=_("correctie op"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="correction",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    rag_time = models.CharField(_("tijd"), max_length=10, choices=Rag.choices)
    rag_money = models.CharField(_("geld"), max_length=10, choices=Rag.choices)
    rag_scope = models.CharField(_("scope"), max_length=10, choices=Rag.choices)
    rag_quality = models.CharField(_("kwaliteit"), max_length=10, choices=Rag.choices)
    rag_risks = models.CharField(_("risico's"), max_length=10, choices=Rag.choices)
    rag_capacity = models.CharField(_("capaciteit"), max_length=10, choices=Rag.choices)
    rag_support = models.CharField(_("draagvlak"), max_length=10, choices=Rag.choices)
    rag_overall = models.CharField(_("totaal"), max_length=10, choices=Rag.choices, blank=True)
    narrative = models.TextField(_("toelichting op de voortgang"))
    forecast = models.TextField(_("prognose"), blank=True)
    decisions_needed = models.TextField(_("gevraagde besluiten"), blank=True)
    author = _person(_("opgesteld door"))
    submitted_by = _person(_("ingediend door"))
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)

    class Meta:
        verbose_name = _("voortgangsrapportage")
        verbose_name_plural = _("voortgangsrapportages")
        ordering = ["initiative", "-year", "-quarter", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "year", "quarter", "version"], name="report_unique_version"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="report_quarter_1_4"
            ),
        ]
        indexes = [models.Index(fields=["municipality", "status", "year", "quarter"])]

    def __str__(self) -> str:
        return f"{self.initiative} {self.period_label} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:report_detail", args=[self.pk])

    @property
    def period_label(self) -> str:
        return f"{self.year}-Q{self.quarter}"

    @property
    def is_frozen(self) -> bool:
        return self.status == ReportStatus.SUBMITTED

    def aspects(self) -> list[tuple[str, str, str]]:
        """(label, colour value, colour label) per aspect, in the fixed order."""
        return [
            (
                str(aspect.label),
                getattr(self, aspect.value),
                str(Rag(getattr(self, aspect.value)).label),
            )
            for aspect in Aspect
            if getattr(self, aspect.value)
        ]

    def worst_colour(self) -> str:
        colours = [getattr(self, aspect.value) for aspect in Aspect if getattr(self, aspect.value)]
        return max(colours, key=lambda c: RAG_SEVERITY[Rag(c)]) if colours else ""

    def _was_frozen(self) -> bool:
        loaded = getattr(self, "_loaded_values", None) or {}
        return loaded.get("status") == ReportStatus.SUBMITTED

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and self._was_frozen():
            raise FrozenReportError("A submitted progress report never changes.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self._was_frozen() or self.status == ReportStatus.SUBMITTED:
            raise FrozenReportError("A submitted progress report is never removed.")
        return super().delete(*args, **kwargs)


class Milestone(TenantModel):
    """Mijlpaal met basis-, prognose- en werkelijke datum."""

    initiative = models.ForeignKey(
        "portfolio.Initiative", on_delete=models.CASCADE, related_name="milestones"
    )
    name = models.CharField(_("naam"), max_length=200)
    baseline_date = models.DateField(_("basisdatum"))
    forecast_date = models.DateField(_("prognosedatum"), null=True, blank=True)
    actual_date = models.DateField(_("werkelijke datum"), null=True, blank=True)

    class Meta:
        verbose_name = _("mijlpaal")
        verbose_name_plural = _("mijlpalen")
        ordering = ["initiative", "baseline_date", "name"]

    def __str__(self) -> str:
        return self.name

    def expected_date(self) -> datetime.date:
        return self.actual_date or self.forecast_date or self.baseline_date

    def slippage_days(self) -> int:
        """Days later (positive) or earlier (negative) than the baseline."""
        return (self.expected_date() - self.baseline_date).days

    def is_overdue(self, today: datetime.date) -> bool:
        return self.actual_date is None and self.expected_date() < today


class Risk(TenantModel):
    """Risico van een initiatief, programma of het portfolio: kans × impact, eigenaar, maatregel."""

    initiative = models.ForeignKey(
        "portfolio.Initiative",
        verbose_name=_("initiatief"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="risks",
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programma"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="risks",
    )
    title = models.CharField(_("risico"), max_length=300)
    description = models.TextField(_("toelichting"), blank=True)
    probability = models.PositiveSmallIntegerField(
        _("kans (1–5)"), default=3, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    impact = models.PositiveSmallIntegerField(
        _("impact (1–5)"), default=3, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    score = models.GeneratedField(
        expression=F("probability") * F("impact"),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
    )
    owner = _person(_("risico-eigenaar"))
    mitigation = models.TextField(_("beheersmaatregel"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RiskStatus.choices, default=RiskStatus.OPEN
    )
    review_date = models.DateField(_("herzien op"), null=True, blank=True)
    source = models.CharField(
        _("bron"), max_length=20, choices=RiskSource.choices, default=RiskSource.MANUAL
    )
    source_advice = models.ForeignKey(
        "intake.Advice",
        verbose_name=_("uit advies"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("risico")
        verbose_name_plural = _("risico's")
        ordering = ["municipality", "-score", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(probability__gte=1, probability__lte=5, impact__gte=1, impact__lte=5),
                name="risk_scale_1_5",
            ),
            models.UniqueConstraint(
                fields=["initiative", "source_advice", "title"],
                condition=Q(source_advice__isnull=False),
                name="risk_once_per_advice_line",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "status"])]

    def __str__(self) -> str:
        return self.title


class Benefit(TenantModel):
    """Baat: een meetbaar resultaat (KPI) met nulmeting, doel en eigenaar in de lijn."""

    initiative = models.ForeignKey(
        "portfolio.Initiative",
        verbose_name=_("initiatief"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="benefits",
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programma"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="benefits",
    )
    objective = models.ForeignKey(
        "framework.Objective",
        verbose_name=_("doelstelling"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="benefits",
    )
    name = models.CharField(_("baat"), max_length=200)
    kpi = models.CharField(_("KPI"), max_length=200)
    unit = models.CharField(_("eenheid"), max_length=40)
    baseline = models.DecimalField(_("nulmeting"), max_digits=14, decimal_places=2)
    target = models.DecimalField(_("streefwaarde"), max_digits=14, decimal_places=2)
    target_date = models.DateField(_("streefdatum"))
    owner = _person(_("eigenaar in de lijn"))

    class Meta:
        verbose_name = _("baat")
        verbose_name_plural = _("baten")
        ordering = ["municipality", "target_date", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("monitoring:benefit_detail", args=[self.pk])

    def realisation(self, value: Decimal | None) -> Decimal | None:
        """Share of the planned change achieved by `value` (1 = target reached)."""
        if value is None or self.target == self.baseline:
            return None
        return (value - self.baseline) / (self.target - self.baseline)


class BenefitMeasurement(TenantModel):
    """Meting van de KPI van een baat op een datum (ook na afronding van het project)."""

    benefit = models.ForeignKey(Benefit, on_delete=models.CASCADE, related_name="measurements")
    measured_on = models.DateField(_("meetdatum"))
    value = models.DecimalField(_("waarde"), max_digits=14, decimal_places=2)
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    recorded_by = _person(_("vastgelegd door"))

    class Meta:
        verbose_name = _("meting")
        verbose_name_plural = _("metingen")
        ordering = ["benefit", "-measured_on"]
        constraints = [
            models.UniqueConstraint(fields=["benefit", "measured_on"], name="measurement_unique")
        ]

    def __str__(self) -> str:
        return f"{self.benefit}: {self.value} ({self.measured_on})"


class BudgetLine(TenantModel):
    """Budget van een initiatief in één jaar en één soort: begroot, werkelijk en prognose."""

    initiative = models.ForeignKey(
        "portfolio.Initiative", on_delete=models.CASCADE, related_name="budget_lines"
    )
    year = models.PositiveIntegerField(_("jaar"))
    kind = models.CharField(_("soort"), max_length=20, choices=BudgetKind.choices)
    planned = models.DecimalField(_("begroot (€)"), max_digits=14, decimal_places=2, default=0)
    actual = models.DecimalField(_("werkelijk (€)"), max_digits=14, decimal_places=2, default=0)
    forecast = models.DecimalField(_("prognose (€)"), max_digits=14, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("budgetregel")
        verbose_name_plural = _("budgetregels")
        ordering = ["initiative", "year", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "year", "kind"], name="budget_unique")
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id} {self.year} {self.kind}"


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
    decided_by = _person(_("besloten door"))
    documents = models.TextField(_("aanwezige documenten"), blank=True)
    note = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("fasebesluit")
        verbose_name_plural = _("fasebesluiten")
        ordering = ["initiative", "decided_on", "pk"]

    def __str__(self) -> str:
        return f"{self.initiative_id}: {self.from_phase} → {self.to_phase}"


class ProjectMeeting(TenantModel):
    """Project start-up of koersvast-gesprek over een initiatief, met notities."""

    initiative = models.ForeignKey(
        "portfolio.Initiative", on_delete=models.CASCADE, related_name="project_meetings"
    )
    kind = models.CharField(_("soort"), max_length=20, choices=MeetingKind.choices)
    held_on = models.DateField(_("datum"))
    notes = models.TextField(_("notities"), blank=True)

    class Meta:
        verbose_name = _("projectgesprek")
        verbose_name_plural = _("projectgesprekken")
        ordering = ["initiative", "-held_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"


class MeetingAction(TenantModel):
    """Actiepunt uit een projectgesprek met eigenaar en deadline; volgt bij het volgende gesprek."""

    meeting = models.ForeignKey(ProjectMeeting, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("actie"), max_length=300)
    owner = _person(_("eigenaar"))
    due_date = models.DateField(_("deadline"), null=True, blank=True)
    done = models.BooleanField(_("gereed"), default=False)

    class Meta:
        verbose_name = _("actiepunt")
        verbose_name_plural = _("actiepunten")
        ordering = ["meeting", "done", "due_date"]

    def __str__(self) -> str:
        return self.description
