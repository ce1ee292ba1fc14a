"""Capacity pools (competence teams) with their capacity per quarter, initiatives' demand, and
the budget room per year (krediet / exploitatie) that the portfolio may spend; the named people
of a pool with their availability, and their allocation to initiatives per quarter
(docs/decisions/0406-named-people.md)."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from koersvast.core.periods import Quarter
from koersvast.portfolio.choices import BudgetKind
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
    capacity_from_people = models.BooleanField(
        _("capaciteit afleiden uit medewerkers"),
        default=False,
        help_text=_(
            "Aan: de formatie per kwartaal is de som van de beschikbaarheid van de medewerkers "
            "van de pool (deeltijd, verlof, einde contract). Uit: de ingevoerde formatie telt."
        ),
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
        return Quarter(self.year, self.quarter).label

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
        return Quarter(self.year, self.quarter).label if self.pool_id else str(self.year)


QUARTER = [MinValueValidator(1), MaxValueValidator(4)]
ANONYMISED_NAME = _("Medewerker (vertrokken)")


class Person(TenantModel):
    """Medewerker van een capaciteitspool, met naam, functie en beschikbaarheid.

    Personal data is kept to the name and the function (decision 0406). The name never enters
    the audit trail (excluded below; `__str__`, which the trail uses as the object's label, is a
    pseudonym), so anonymising someone who left removes the name everywhere.
    """

    # Per-person data is for the roles that manage capacity only; others see pools.
    view_action = Action.CAPACITY_MANAGE
    audit_exclude = frozenset({"created_at", "updated_at", "name"})

    pool = models.ForeignKey(
        CapacityPool, verbose_name=_("pool"), on_delete=models.PROTECT, related_name="people"
    )
    name = models.CharField(_("naam"), max_length=100)
    function = models.CharField(_("functie"), max_length=100, blank=True)
    fte = models.DecimalField(
        _("deeltijdfactor (fte)"),
        max_digits=4,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1.50"))],
        help_text=_("Bijvoorbeeld 1 voor voltijd, 0,8 voor 32 van de 40 uur."),
    )
    start_date = models.DateField(_("in dienst vanaf"), null=True, blank=True)
    end_date = models.DateField(
        _("einde contract"),
        null=True,
        blank=True,
        help_text=_(
            "Leeg voor een vast contract; na deze datum is de medewerker niet beschikbaar."
        ),
    )
    anonymised_at = models.DateTimeField(_("geanonimiseerd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("medewerker")
        verbose_name_plural = _("medewerkers")
        ordering = ["municipality", "pool", "name", "pk"]

    def __str__(self) -> str:
        # A pseudonym: this is the label the audit trail stores (never the name).
        return f"{_('Medewerker')} {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("capacity:person_detail", args=[self.pk])

    @property
    def display_name(self) -> str:
        return str(ANONYMISED_NAME) if self.anonymised_at else self.name

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None


class PersonFte(TenantModel):
    """Afwijkende deeltijdfactor van een medewerker in één kwartaal (tijdelijk meer of minder)."""

    view_action = Action.CAPACITY_MANAGE

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="fte_periods")
    year = models.PositiveIntegerField(_("jaar"))
    quarter = models.PositiveSmallIntegerField(_("kwartaal"), validators=QUARTER)
    fte = models.DecimalField(_("fte"), max_digits=4, decimal_places=2)

    class Meta:
        verbose_name = _("fte van een medewerker per kwartaal")
        verbose_name_plural = _("fte van medewerkers per kwartaal")
        ordering = ["person", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "year", "quarter"], name="personfte_unique_quarter"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {Quarter(self.year, self.quarter)}: {self.fte} fte"


class Leave(TenantModel):
    """Verlofperiode van een medewerker: alleen de data en het deel van de tijd, geen reden."""

    view_action = Action.CAPACITY_MANAGE

    person = models.ForeignKey(
        Person, verbose_name=_("medewerker"), on_delete=models.CASCADE, related_name="leaves"
    )
    start = models.DateField(_("van"))
    end = models.DateField(_("tot en met"))
    percentage = models.PositiveSmallIntegerField(
        _("deel van de tijd (%)"),
        default=100,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("100 voor volledig verlof; bijvoorbeeld 50 voor halve dagen."),
    )

    class Meta:
        verbose_name = _("verlof")
        verbose_name_plural = _("verlof")
        ordering = ["person", "start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="leave_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.start} – {self.end}"


class Allocation(TenantModel):
    """Inzet van een medewerker op een initiatief in één kwartaal, in uren."""

    view_action = Action.CAPACITY_MANAGE

    person = models.ForeignKey(
        Person, verbose_name=_("medewerker"), on_delete=models.CASCADE, related_name="allocations"
    )
    initiative = models.ForeignKey(
        "portfolio.Initiative",
        verbose_name=_("initiatief"),
        on_delete=models.CASCADE,
        related_name="allocations",
    )
    year = models.PositiveIntegerField(_("jaar"))
    quarter = models.PositiveSmallIntegerField(_("kwartaal"), validators=QUARTER)
    hours = models.DecimalField(
        _("uren"),
        max_digits=7,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal(2000))],
    )

    class Meta:
        verbose_name = _("inzet")
        verbose_name_plural = _("inzet")
        ordering = ["person", "year", "quarter", "initiative"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "initiative", "year", "quarter"],
                name="allocation_unique_quarter",
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4), name="allocation_quarter_1_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.initiative_id} {self.period_label}: {self.hours} u"

    @property
    def period_label(self) -> str:
        return Quarter(self.year, self.quarter).label
