"""Capacity pools (competence teams) with their capacity per quarter, initiatives' demand, and
the budget room per year (krediet / exploitatie) that the portfolio may spend."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from koersvast.monitoring.choices import BudgetKind
from koersvast.tenancy.models import TenantModel
from koersvast.tenancy.policy import Action


class CapacityPool(TenantModel):
    """Capaciteitspool / competentieteam, bijv. projectleiders, informatieadviseurs, juristen."""

    view_action = Action.CAPACITY_VIEW

    code = models.SlugField(_("code"), max_length=20)
    name = models.CharField(_("naam"), max_length=100)
    description = models.TextField(_("toelichting"), blank=True)
    hours_per_fte = models.DecimalField(
        _("productieve uren per fte per kwartaal"), max_digits=6, decimal_places=1, default=330
    )
    going_concern_pct = models.PositiveSmallIntegerField(
        _("reservering going concern (%)"),
        default=0,
        validators=[MaxValueValidator(100)],
        help_text=_("Deel van de capaciteit dat naar de reguliere taak gaat."),
    )
    cost_per_fte = models.DecimalField(
        _("kosten per fte per jaar (€)"),
        max_digits=10,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(10_000_000)],
        help_text=_("Loonkosten of inhuurtarief; hiermee krijgt extra capaciteit een prijs."),
    )

    class Meta:
        verbose_name = _("capaciteitspool")
        verbose_name_plural = _("capaciteitspools")
        ordering = ["municipality", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "code"], name="pool_unique_code")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("capacity:pool_detail", args=[self.pk])

    def portfolio_hours(self, fte: Decimal) -> Decimal:
        """Hours available to the portfolio for a quarter with `fte` staff."""
        share = Decimal(100 - self.going_concern_pct) / 100
        return (fte * self.hours_per_fte * share).quantize(Decimal("1"))


class PoolCapacity(TenantModel):
    """Beschikbare formatie (fte) van een pool in één kwartaal."""

    view_action = Action.CAPACITY_VIEW

    pool = models.ForeignKey(CapacityPool, on_delete=models.CASCADE, related_name="capacities")
    year = models.PositiveIntegerField(_("jaar"))
    quarter = models.PositiveSmallIntegerField(
        _("kwartaal"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    fte = models.DecimalField(_("fte"), max_digits=7, decimal_places=2)

    class Meta:
        verbose_name = _("capaciteit per kwartaal")
        verbose_name_plural = _("capaciteit per kwartaal")
        ordering = ["pool", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["pool", "year", "quarter"], name="poolcapacity_unique_quarter"
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4), name="poolcapacity_quarter_1_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pool} {self.period_label}: {self.fte} fte"

    @property
    def period_label(self) -> str:
        return f"{self.year}-Q{self.quarter}"

    @property
    def hours(self) -> Decimal:
        return self.pool.portfolio_hours(self.fte)


class Demand(TenantModel):
    """Capaciteitsvraag van een initiatief aan een pool in het n-de kwartaal van zijn looptijd."""

    view_action = Action.PORTFOLIO_VIEW

    initiative = models.ForeignKey(
        "portfolio.Initiative", on_delete=models.CASCADE, related_name="demands"
    )
    pool = models.ForeignKey(CapacityPool, on_delete=models.PROTECT, related_name="demands")
    offset = models.PositiveSmallIntegerField(_("kwartaal van de looptijd (0 = eerste)"))
    hours = models.DecimalField(_("uren"), max_digits=8, decimal_places=1)

    class Meta:
        verbose_name = _("capaciteitsvraag")
        verbose_name_plural = _("capaciteitsvragen")
        ordering = ["initiative", "pool", "offset"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "pool", "offset"], name="demand_unique_offset"
            )
        ]

    def __str__(self) -> str:
        return f"{self.initiative} → {self.pool} +{self.offset}: {self.hours} u"


class BudgetCapacity(TenantModel):
    """Budgetruimte voor het portfolio in één jaar en één soort (krediet of exploitatie).

    The optimiser keeps the plan's spending per year within it: an initiative's budget is
    spread evenly over the quarters of its run. A kind without any entry is not limited.
    """

    view_action = Action.CAPACITY_VIEW

    kind = models.CharField(_("soort"), max_length=20, choices=BudgetKind.choices)
    year = models.PositiveIntegerField(_("jaar"))
    amount = models.DecimalField(
        _("budget (€)"),
        max_digits=14,
        decimal_places=0,
        validators=[MinValueValidator(0)],
    )

    class Meta:
        verbose_name = _("budgetruimte per jaar")
        verbose_name_plural = _("budgetruimte per jaar")
        ordering = ["municipality", "kind", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "kind", "year"], name="budgetcapacity_unique_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}: € {self.amount}"


class DecidedChange(TenantModel):
    """Besloten wijziging van capaciteit (fte van een pool) of budgetruimte (per jaar), vanaf
    een periode, met het besluit dat haar nam.

    The change is also written into `PoolCapacity`/`BudgetCapacity` from its period on, so every
    reader of capacity sees it; this row says where that part of the figure came from.
    """

    view_action = Action.CAPACITY_VIEW

    pool = models.ForeignKey(
        CapacityPool,
        verbose_name=_("pool"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decided_changes",
    )
    budget_kind = models.CharField(
        _("soort budget"), max_length=20, choices=BudgetKind.choices, blank=True
    )
    year = models.PositiveIntegerField(_("vanaf jaar"))
    quarter = models.PositiveSmallIntegerField(
        _("vanaf kwartaal"), default=1, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    fte = models.DecimalField(_("fte erbij (of eraf)"), max_digits=7, decimal_places=2, null=True)
    amount = models.DecimalField(
        _("bedrag per jaar erbij (of eraf) (€)"), max_digits=14, decimal_places=0, null=True
    )
    decision = models.ForeignKey(
        "planning.ScenarioDecision",
        verbose_name=_("besluit"),
        on_delete=models.PROTECT,
        related_name="capacity_changes",
    )
    description = models.CharField(_("omschrijving"), max_length=300)

    class Meta:
        verbose_name = _("besloten capaciteitswijziging")
        verbose_name_plural = _("besloten capaciteitswijzigingen")
        ordering = ["municipality", "year", "quarter", "pk"]

    def __str__(self) -> str:
        return self.description

    @property
    def period_label(self) -> str:
        return f"{self.year}-Q{self.quarter}" if self.pool_id else str(self.year)
