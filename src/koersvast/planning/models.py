"""Scenarios with their levers, optimiser runs, adoption decisions and urgency requests."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from koersvast.core.errors import DomainError
from koersvast.core.periods import quarter_label
from koersvast.portfolio.choices import BudgetKind
from koersvast.tenancy.models import TenantModel
from koersvast.tenancy.policy import Action

from . import constants, levers
from .choices import ACTIVE_STATUSES, Granularity, LeverKind, RunStatus, UrgencyOption

User = settings.AUTH_USER_MODEL
QUARTER = [MinValueValidator(1), MaxValueValidator(4)]


class PlanningSettings(TenantModel):
    """Planningsinstellingen van een gemeente: eerste kwartaal, horizon en planningsruimte."""

    view_action = Action.CAPACITY_VIEW

    first_year = models.PositiveIntegerField(_("eerste jaar"), default=constants.DEFAULT_FIRST_YEAR)
    first_quarter = models.PositiveSmallIntegerField(
        _("eerste kwartaal"), default=constants.DEFAULT_FIRST_QUARTER, validators=QUARTER
    )
    horizon = models.PositiveSmallIntegerField(
        _("horizon (kwartalen)"),
        default=constants.DEFAULT_HORIZON,
        validators=[MinValueValidator(4), MaxValueValidator(40)],
    )
    headroom_pct = models.PositiveSmallIntegerField(
        _("planningsruimte (%)"),
        default=constants.DEFAULT_HEADROOM_PCT,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Plan tot dit deel van de beschikbare capaciteit."),
    )
    granularity = models.CharField(
        _("rekenen in"),
        max_length=10,
        choices=Granularity.choices,
        default=Granularity.QUARTER,
        help_text=_(
            "Maanden: een initiatief kan in elke maand starten; capaciteit en vraag per kwartaal "
            "worden gelijk over de drie maanden verdeeld."
        ),
    )

    class Meta:
        verbose_name = _("planningsinstellingen")
        verbose_name_plural = _("planningsinstellingen")
        constraints = [
            models.UniqueConstraint(fields=["municipality"], name="planningsettings_unique")
        ]

    def __str__(self) -> str:
        return f"{quarter_label(self.first_year, self.first_quarter)} +{self.horizon}"

    def periods(self) -> list[tuple[int, int]]:
        """(year, quarter) of every period of the horizon."""
        start = self.first_year * 4 + self.first_quarter - 1
        return [((start + i) // 4, (start + i) % 4 + 1) for i in range(self.horizon)]

    def period_index(self, year: int, quarter: int) -> int:
        """Index of a quarter relative to the first quarter (may be negative or ≥ horizon)."""
        return (year * 4 + quarter - 1) - (self.first_year * 4 + self.first_quarter - 1)

    @property
    def periods_per_quarter(self) -> int:
        """How many planning periods one quarter holds: 3 when planning in months."""
        return 3 if self.granularity == Granularity.MONTH else 1


class Scenario(TenantModel):
    """Scenario: een set hefbomen en het plan dat de optimalisatie daarbij maakt."""

    view_action = Action.CAPACITY_VIEW

    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("toelichting"), blank=True)
    is_plan_of_record = models.BooleanField(_("vastgesteld plan"), default=False)
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("gebaseerd op"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    framework = models.ForeignKey(
        "framework.Framework",
        verbose_name=_("afwegingskader"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    value_density = models.BooleanField(
        _("waardedichtheid gebruiken"),
        default=False,
        help_text=_("Waarde per 100 uur capaciteitsvraag in plaats van de score zelf."),
    )
    include_candidates = models.BooleanField(
        _("kandidaten uit de backlog meenemen"),
        default=False,
        help_text=_(
            "Initiatieven die op de agenda voor besluitvorming staan, rekenen mee als kandidaat: "
            "de doorrekening laat zien welke passen en vanaf wanneer, naast het opgenomen werk. "
            "Vaststellen neemt ze niet op."
        ),
    )
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("scenario")
        verbose_name_plural = _("scenario's")
        ordering = ["municipality", "-is_plan_of_record", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality"],
                condition=models.Q(is_plan_of_record=True),
                name="scenario_one_plan_of_record",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("planning:scenario", args=[self.pk])


class Lever(TenantModel):
    """Hefboom in een scenario, bijv. '+1 fte projectleider vanaf 2027-Q3'."""

    view_action = Action.CAPACITY_VIEW

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="levers")
    kind = models.CharField(_("soort"), max_length=20, choices=LeverKind.choices)
    initiative = models.ForeignKey(
        "portfolio.Initiative",
        verbose_name=_("initiatief"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    pool = models.ForeignKey(
        "capacity.CapacityPool",
        verbose_name=_("pool"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    year = models.PositiveIntegerField(_("jaar"), null=True, blank=True)
    quarter = models.PositiveSmallIntegerField(
        _("kwartaal"), null=True, blank=True, validators=QUARTER
    )
    latest_year = models.PositiveIntegerField(_("uiterlijk jaar"), null=True, blank=True)
    latest_quarter = models.PositiveSmallIntegerField(
        _("uiterlijk kwartaal"), null=True, blank=True, validators=QUARTER
    )
    fte = models.DecimalField(
        _("fte erbij (of eraf)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    headroom_pct = models.PositiveSmallIntegerField(
        _("planningsruimte (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    budget_kind = models.CharField(
        _("soort budget"), max_length=20, choices=BudgetKind.choices, blank=True
    )
    amount = models.DecimalField(
        _("bedrag per jaar erbij (of eraf) (€)"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
    )
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    # A capacity or budget lever of an adopted scenario became a real change (capacity app):
    # later runs and copies of the scenario no longer add it on top of the real figures.
    realised = models.BooleanField(_("doorgevoerd"), default=False)

    class Meta:
        verbose_name = _("hefboom")
        verbose_name_plural = _("hefbomen")
        ordering = ["scenario", "pk"]

    def __str__(self) -> str:
        return self.label()

    @property
    def period(self) -> str:
        return quarter_label(self.year, self.quarter)

    def label(self) -> str:
        """One line for lists: '+1 fte Projectleiders vanaf 2027-Q3' (the kind says how)."""
        return levers.kind_of(self.kind).describe(self)


class PlanningJob(TenantModel):
    """Achtergrondtaak van de planning (doorrekening, urgent verzoek, marginale waarde): status,
    voortgang en, als het mislukt, de reden."""

    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    failure_reason = models.TextField(_("reden mislukt"), blank=True)
    progress = models.PositiveSmallIntegerField(_("voortgang (%)"), default=0)
    message = models.CharField(_("bericht"), max_length=200, blank=True)

    # The progress fields change many times per run; the audit trail records the outcome.
    audit_exclude = frozenset({"created_at", "updated_at", "progress", "message"})
    # What the work stores; emptied when it fails, so no partial result is kept.
    result_fields: ClassVar[tuple[str, ...]] = ()

    class Meta:
        abstract = True

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


class ScenarioRun(PlanningJob):
    """Doorrekening van een scenario door de optimalisatie, met status, voortgang en resultaat."""

    view_action = Action.CAPACITY_VIEW

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="runs")
    solver_status = models.CharField(_("status optimalisatie"), max_length=20, blank=True)
    objective = models.FloatField(_("waarde"), null=True, blank=True)
    bound = models.FloatField(_("bovengrens"), null=True, blank=True)
    gap = models.FloatField(_("gat"), null=True, blank=True)
    solve_seconds = models.FloatField(_("rekentijd (s)"), null=True, blank=True)
    greedy_value = models.FloatField(_("waarde rangschikken en vullen"), null=True, blank=True)
    warnings = models.JSONField(_("waarschuwingen"), default=list, blank=True)
    problem = models.JSONField(_("probleem"), null=True, blank=True)
    solution = models.JSONField(_("oplossing"), null=True, blank=True)
    # The part of problem and solution that comparisons and the dashboard read: the selected
    # initiatives without explanations (a tenth of the size); see `selectors.run_digest`.
    digest = models.JSONField(_("samenvatting"), null=True, blank=True)
    started_at = models.DateTimeField(_("gestart op"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    audit_exclude = PlanningJob.audit_exclude | {"problem", "solution", "digest", "warnings"}
    result_fields = ("problem", "solution")

    class Meta:
        verbose_name = _("doorrekening")
        verbose_name_plural = _("doorrekeningen")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.scenario} #{self.pk} ({self.get_status_display()})"

    @property
    def improvement_pct(self) -> float | None:
        """How much more value the optimised plan delivers than ranking and filling (%)."""
        if self.objective is None or not self.greedy_value:
            return None
        return (self.objective - self.greedy_value) / self.greedy_value * 100


class ScenarioDecision(TenantModel):
    """Besluit waarmee een scenario het vastgestelde plan wordt (wie, welk gremium, waarom)."""

    view_action = Action.CAPACITY_VIEW

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="decisions")
    run = models.ForeignKey(ScenarioRun, on_delete=models.PROTECT, related_name="+")
    previous = models.ForeignKey(
        Scenario,
        verbose_name=_("vorig plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.ForeignKey(
        "intake.DecisionBody", verbose_name=_("gremium"), on_delete=models.PROTECT, related_name="+"
    )
    rationale = models.TextField(_("motivering"))
    decided_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("besluit over een scenario")
        verbose_name_plural = _("besluiten over scenario's")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.scenario} ({self.body})"


class UrgencyRequest(PlanningJob):
    """Bestuurlijk urgent verzoek met de drie opties: niet doen, faseren, extra middelen."""

    view_action = Action.CAPACITY_VIEW

    initiative = models.ForeignKey(
        "portfolio.Initiative",
        verbose_name=_("initiatief"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    year = models.PositiveIntegerField(_("gevraagde start: jaar"))
    quarter = models.PositiveSmallIntegerField(_("gevraagde start: kwartaal"), validators=QUARTER)
    plan = models.ForeignKey(
        Scenario,
        verbose_name=_("vastgesteld plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The plan version the options were computed against: a decision on options computed
    # against an older version is refused (the plan changed since).
    plan_version = models.ForeignKey(
        "PlanVersion",
        verbose_name=_("vergeleken met planversie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    options = models.JSONField(_("opties"), null=True, blank=True)
    # Per option that changes the plan: the optimiser's plan (selected starts, utilisation,
    # extra capacity) that the decision writes as the new plan version, exactly as shown.
    plans = models.JSONField(_("plannen per optie"), null=True, blank=True)
    chosen = models.CharField(
        _("gekozen optie"), max_length=20, choices=UrgencyOption.choices, blank=True
    )
    body = models.ForeignKey(
        "intake.DecisionBody",
        verbose_name=_("gremium"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rationale = models.TextField(_("motivering"), blank=True)
    decided_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    # The plan decision the urgency decision wrote (faseren, extra middelen, later starten).
    decision = models.OneToOneField(
        ScenarioDecision,
        verbose_name=_("besluit over het plan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="urgency_request",
    )
    # What the decision changed, as shown on the request and the initiative: the plan version,
    # each move, the state of the initiative, the capacity and budget changes.
    outcome = models.JSONField(_("gevolgen van het besluit"), default=dict, blank=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    audit_exclude = PlanningJob.audit_exclude | {"options", "plans"}
    result_fields = ("options", "plans")

    class Meta:
        verbose_name = _("urgent verzoek")
        verbose_name_plural = _("urgente verzoeken")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.initiative} ({self.period})"

    def get_absolute_url(self) -> str:
        return reverse("planning:urgency", args=[self.pk])

    @property
    def period(self) -> str:
        return quarter_label(self.year, self.quarter)

    def option(self, key: str) -> dict[str, Any]:
        return (self.options or {}).get(key, {})

    @property
    def state_change(self) -> tuple[str, str] | None:
        """The initiative's state before and after the decision (labels), if it moved."""
        from koersvast.portfolio.choices import LifecycleState

        before, after = self.outcome.get("state_before"), self.outcome.get("state_after")
        if not before or not after or before == after:
            return None
        return str(LifecycleState(before).label), str(LifecycleState(after).label)


class MarginalAnalysis(PlanningJob):
    """Marginale waarde van 1 fte extra per pool (en extra budget) en de efficiënte grens voor
    één pool of één soort budget."""

    view_action = Action.CAPACITY_VIEW

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="analyses")
    run = models.ForeignKey(
        ScenarioRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pool = models.ForeignKey(
        "capacity.CapacityPool",
        verbose_name=_("pool voor de efficiënte grens"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    budget_kind = models.CharField(
        _("budget voor de efficiënte grens"),
        max_length=20,
        choices=BudgetKind.choices,
        blank=True,
        help_text=_("In plaats van een pool: de grens van extra budget per jaar."),
    )
    result = models.JSONField(_("resultaat"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    audit_exclude = PlanningJob.audit_exclude | {"result"}
    result_fields = ("result",)

    class Meta:
        verbose_name = _("marginale-waardeanalyse")
        verbose_name_plural = _("marginale-waardeanalyses")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.scenario} #{self.pk} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("planning:marginal", args=[self.scenario_id])


class PlanVersionError(DomainError):
    """A plan version or its items were asked to change: versions are immutable."""


class PlanVersion(TenantModel):
    """Versie van het vastgestelde plan ("Plan 2027-3"): wat een besluit vaststelde.

    Immutable: a new adoption (also of an earlier version) makes a new version. The first
    version adopted for a year is that year's baseline (basisplan) for the P&C reports. The
    capacity and budget room it was made against are in its run's problem document.
    """

    year = models.PositiveIntegerField(_("jaar"))
    number = models.PositiveIntegerField(_("volgnummer"))
    scenario = models.ForeignKey(
        Scenario, verbose_name=_("scenario"), on_delete=models.PROTECT, related_name="versions"
    )
    run = models.ForeignKey(
        ScenarioRun, verbose_name=_("doorrekening"), on_delete=models.PROTECT, related_name="+"
    )
    decision = models.OneToOneField(
        ScenarioDecision,
        verbose_name=_("besluit"),
        on_delete=models.PROTECT,
        related_name="plan_version",
    )
    readopts = models.ForeignKey(
        "self",
        verbose_name=_("opnieuw vastgestelde versie"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_baseline = models.BooleanField(_("basisplan van het jaar"), default=False)
    adopted_at = models.DateTimeField(_("vastgesteld op"))
    adopted_by = models.ForeignKey(
        User,
        verbose_name=_("vastgesteld door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("planversie")
        verbose_name_plural = _("planversies")
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year", "number"], name="planversion_unique_number"
            ),
            models.UniqueConstraint(
                fields=["municipality", "year"],
                condition=models.Q(is_baseline=True),
                name="planversion_one_baseline_per_year",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return str(_("Plan %(year)s-%(number)s")) % {"year": self.year, "number": self.number}

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PlanVersionError("A plan version never changes; adopt a new one.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PlanVersionError("A plan version is never removed.")


class PlanItem(TenantModel):
    """Regel van een planversie: een initiatief met zijn geplande start en einde, of (zonder
    periodes) buiten het plan gelaten met de reden van de optimalisatie."""

    version = models.ForeignKey(
        PlanVersion, verbose_name=_("planversie"), on_delete=models.CASCADE, related_name="items"
    )
    initiative = models.ForeignKey(
        "portfolio.Initiative",
        verbose_name=_("initiatief"),
        on_delete=models.CASCADE,
        related_name="plan_items",
    )
    # Quarters (a plan in months also names its months in the period labels).
    start_year = models.PositiveIntegerField(_("geplande start: jaar"), null=True, blank=True)
    start_quarter = models.PositiveSmallIntegerField(
        _("geplande start: kwartaal"), null=True, blank=True, validators=QUARTER
    )
    end_year = models.PositiveIntegerField(_("gepland einde: jaar"), null=True, blank=True)
    end_quarter = models.PositiveSmallIntegerField(
        _("gepland einde: kwartaal"), null=True, blank=True, validators=QUARTER
    )
    start_period = models.CharField(_("geplande start"), max_length=10, blank=True)
    end_period = models.CharField(_("gepland einde"), max_length=10, blank=True)
    running = models.BooleanField(_("liep al (werkelijke start)"), default=False)
    value = models.FloatField(_("waarde"), default=0.0)
    reason = models.TextField(_("reden buiten het plan"), blank=True)

    class Meta:
        verbose_name = _("planregel")
        verbose_name_plural = _("planregels")
        ordering = ["version", "start_year", "start_quarter", "initiative"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "initiative"], name="planitem_unique_initiative"
            )
        ]
        indexes = [models.Index(fields=["initiative", "version"])]

    def __str__(self) -> str:
        return f"{self.version_id}: {self.initiative_id} {self.start_period}–{self.end_period}"

    @property
    def in_plan(self) -> bool:
        return self.start_year is not None

    @property
    def start_index(self) -> int | None:
        """Quarter number (year × 4 + quarter − 1), for comparing periods."""
        if self.start_year is None or self.start_quarter is None:
            return None
        return self.start_year * 4 + self.start_quarter - 1

    @property
    def end_index(self) -> int | None:
        if self.end_year is None or self.end_quarter is None:
            return None
        return self.end_year * 4 + self.end_quarter - 1

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PlanVersionError("A plan item never changes; adopt a new version.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PlanVersionError("A plan item is never removed.")


class AdmissionCheck(PlanningJob):
    """Past het in het plan? Voor het besluit over de toelating van een initiatief: de vroegst
    mogelijke start naast het vastgestelde plan, wat het zou verdringen of de extra capaciteit
    die het vraagt (berekend op de achtergrond)."""

    view_action = Action.CAPACITY_VIEW

    initiative = models.ForeignKey(
        "portfolio.Initiative",
        verbose_name=_("initiatief"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    # The plan version the fit was computed against: a newer plan makes the check outdated.
    plan_version = models.ForeignKey(
        "PlanVersion",
        verbose_name=_("vergeleken met planversie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    result = models.JSONField(_("resultaat"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    audit_exclude = PlanningJob.audit_exclude | {"result"}
    result_fields = ("result",)

    class Meta:
        verbose_name = _("toets op het plan")
        verbose_name_plural = _("toetsen op het plan")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.initiative} #{self.pk} ({self.get_status_display()})"
