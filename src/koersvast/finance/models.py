"""Money of the portfolio the way the BBV counts it: investeringen with their kapitaallasten,
exploitatie (lasten and baten), dekking, the financial effect of risks and the beschikbare
weerstandscapaciteit. Every model is a tenant model."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from koersvast.reports.choices import CycleMoment
from koersvast.tenancy.models import TenantModel
from koersvast.tenancy.policy import Action

from . import kapitaallasten as kl
from .choices import (
    BudgetLineKey,
    BudgetVersionKind,
    DepreciationMethod,
    DepreciationStart,
    FundingSource,
    Nature,
    Side,
    Utility,
)

MAX_AMOUNT = Decimal(10) ** 11  # € 100 mld: beyond any municipal budget
YEAR_VALIDATORS = [MinValueValidator(1900), MaxValueValidator(2200)]

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def amount_field(label: StrOrPromise, **kwargs: object) -> models.DecimalField:
    return models.DecimalField(
        label,
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_AMOUNT)],
        **kwargs,  # type: ignore[arg-type]
    )


class FinanceSettings(TenantModel):
    """Financiële instellingen van een gemeente: omslagrente en start van de afschrijving."""

    view_action = Action.PORTFOLIO_VIEW

    interest_rate = models.DecimalField(
        _("omslagrente (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("2.00"),
        validators=[MinValueValidator(0), MaxValueValidator(20)],
        help_text=_("De rente die de gemeente aan investeringen toerekent, bijv. 2,0."),
    )
    depreciation_start = models.CharField(
        _("start van de afschrijving"),
        max_length=20,
        choices=DepreciationStart.choices,
        default=DepreciationStart.NEXT_YEAR,
    )
    certainty = models.PositiveSmallIntegerField(
        _("zekerheid weerstandsvermogen (%)"),
        default=90,
        validators=[MinValueValidator(50), MaxValueValidator(99)],
        help_text=_("Met deze zekerheid is de benodigde weerstandscapaciteit toereikend."),
    )

    class Meta:
        verbose_name = _("financiële instellingen")
        verbose_name_plural = _("financiële instellingen")
        constraints = [
            models.UniqueConstraint(fields=["municipality"], name="finance_settings_one")
        ]

    def __str__(self) -> str:
        return str(_("Financiële instellingen"))

    @property
    def rate(self) -> Decimal:
        """The omslagrente as a fraction (2,00 % → 0.02)."""
        return self.interest_rate / 100

    @property
    def start_rule(self) -> kl.StartRule:
        return kl.StartRule(self.depreciation_start)


class AssetCategory(TenantModel):
    """Activacategorie met de standaard afschrijvingstermijn, bijv. gebouwen 40 jaar."""

    view_action = Action.PORTFOLIO_VIEW

    name = models.CharField(_("naam"), max_length=100)
    default_term = models.PositiveSmallIntegerField(
        _("afschrijvingstermijn (jaren)"),
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("activacategorie")
        verbose_name_plural = _("activacategorieën")
        ordering = ["municipality", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="asset_category_name")
        ]

    def __str__(self) -> str:
        return self.name


class Investment(TenantModel):
    """Investering van een initiatief; de kapitaallasten volgen uit bedrag, jaar en methode."""

    initiative = models.ForeignKey(
        "portfolio.Initiative",
        verbose_name=_("initiatief"),
        on_delete=models.CASCADE,
        related_name="investments",
    )
    description = models.CharField(_("omschrijving"), max_length=200)
    amount = amount_field(_("investeringsbedrag (€)"))
    activation_year = models.PositiveIntegerField(
        _("jaar van ingebruikname"), validators=YEAR_VALIDATORS
    )
    category = models.ForeignKey(
        AssetCategory,
        verbose_name=_("activacategorie"),
        on_delete=models.PROTECT,
        related_name="investments",
    )
    term = models.PositiveSmallIntegerField(
        _("afschrijvingstermijn (jaren)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Leeg: de termijn van de categorie."),
    )
    utility = models.CharField(
        _("nut"), max_length=20, choices=Utility.choices, default=Utility.ECONOMIC
    )
    method = models.CharField(
        _("afschrijvingsmethode"),
        max_length=20,
        choices=DepreciationMethod.choices,
        default=DepreciationMethod.LINEAR,
    )
    residual_value = amount_field(_("restwaarde (€)"), default=0)

    class Meta:
        verbose_name = _("investering")
        verbose_name_plural = _("investeringen")
        ordering = ["initiative", "activation_year", "description"]
        constraints = [
            models.CheckConstraint(
                condition=Q(residual_value__lte=F("amount")), name="investment_residual_le_amount"
            )
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def effective_term(self) -> int:
        return self.term or self.category.default_term

    def as_engine(self) -> kl.Investment:
        """This investment as the pure kapitaallasten module sees it."""
        return kl.Investment(
            amount=self.amount,
            activation_year=self.activation_year,
            term=self.effective_term,
            method=kl.Method(self.method),
            residual=self.residual_value,
        )


class ExploitationLine(TenantModel):
    """Lasten of baten van een initiatief in de exploitatie: incidenteel in één jaar, of
    structureel vanaf dat jaar."""

    initiative = models.ForeignKey(
        "portfolio.Initiative",
        verbose_name=_("initiatief"),
        on_delete=models.CASCADE,
        related_name="exploitation_lines",
    )
    year = models.PositiveIntegerField(_("jaar"), validators=YEAR_VALIDATORS)
    side = models.CharField(_("lasten of baten"), max_length=10, choices=Side.choices)
    nature = models.CharField(_("aard"), max_length=15, choices=Nature.choices)
    amount = amount_field(_("bedrag (€)"))
    description = models.CharField(_("omschrijving"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("exploitatieregel")
        verbose_name_plural = _("exploitatieregels")
        ordering = ["initiative", "year", "side", "nature"]

    def __str__(self) -> str:
        return f"{self.get_side_display()} {self.year}: € {self.amount}"

    def applies_to(self, year: int) -> bool:
        return year == self.year or (self.nature == Nature.STRUCTURAL and year > self.year)


class Funding(TenantModel):
    """Dekking van een initiatief uit één bron, incidenteel in één jaar of structureel vanaf dat
    jaar; een reserve, voorziening of uitkering heeft een naam."""

    initiative = models.ForeignKey(
        "portfolio.Initiative",
        verbose_name=_("initiatief"),
        on_delete=models.CASCADE,
        related_name="fundings",
    )
    source = models.CharField(_("bron"), max_length=30, choices=FundingSource.choices)
    source_name = models.CharField(
        _("naam van de reserve, voorziening of regeling"), max_length=200, blank=True
    )
    year = models.PositiveIntegerField(_("jaar"), validators=YEAR_VALIDATORS)
    nature = models.CharField(_("aard"), max_length=15, choices=Nature.choices)
    amount = amount_field(_("bedrag (€)"))

    class Meta:
        verbose_name = _("dekking")
        verbose_name_plural = _("dekkingen")
        ordering = ["initiative", "year", "source"]

    def __str__(self) -> str:
        name = self.source_name or self.get_source_display()
        return f"{name} {self.year}: € {self.amount}"

    def applies_to(self, year: int) -> bool:
        return year == self.year or (self.nature == Nature.STRUCTURAL and year > self.year)


class RiskEffect(TenantModel):
    """Financieel effect van een risico: een puntschatting of een bandbreedte, met de kans."""

    view_action = Action.PORTFOLIO_VIEW

    risk = models.OneToOneField(
        "monitoring.Risk",
        verbose_name=_("risico"),
        on_delete=models.CASCADE,
        related_name="financial_effect",
    )
    minimum = amount_field(_("financieel effect minimaal (€)"))
    maximum = amount_field(
        _("financieel effect maximaal (€)"),
        null=True,
        blank=True,
        help_text=_("Leeg: een puntschatting (het minimum)."),
    )
    probability = models.PositiveSmallIntegerField(
        _("kans (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Leeg: afgeleid van de kans 1–5 van het risico (10, 30, 50, 70 of 90 %)."),
    )

    class Meta:
        verbose_name = _("financieel effect van een risico")
        verbose_name_plural = _("financiële effecten van risico's")
        constraints = [
            models.CheckConstraint(
                condition=Q(maximum=None) | Q(maximum__gte=F("minimum")),
                name="risk_effect_max_ge_min",
            )
        ]

    def __str__(self) -> str:
        return f"{self.risk}: € {self.minimum}–{self.maximum or self.minimum}"

    @property
    def high(self) -> Decimal:
        return self.maximum if self.maximum is not None else self.minimum

    @property
    def probability_fraction(self) -> float:
        if self.probability is not None:
            return self.probability / 100
        return SCALE_PROBABILITY[self.risk.probability]


#: The kans 1–5 of a risk as a probability, where no percentage is entered.
SCALE_PROBABILITY = {1: 0.1, 2: 0.3, 3: 0.5, 4: 0.7, 5: 0.9}


class ResistanceCapacity(TenantModel):
    """Beschikbare weerstandscapaciteit van de gemeente in één jaar."""

    view_action = Action.REPORTS_VIEW

    year = models.PositiveIntegerField(_("jaar"), validators=YEAR_VALIDATORS)
    amount = amount_field(_("beschikbare weerstandscapaciteit (€)"))
    note = models.CharField(_("toelichting"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("beschikbare weerstandscapaciteit")
        verbose_name_plural = _("beschikbare weerstandscapaciteit")
        ordering = ["municipality", "year"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year"], name="resistance_one_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.year}: € {self.amount}"


class BudgetVersion(TenantModel):
    """Een door de raad vastgestelde versie van de begroting van één begrotingsjaar: de
    primitieve begroting of een begrotingswijziging, elk met het raadsbesluit.

    A version exists only once adopted (decision 1102): the actuele begroting is the primitieve
    begroting plus every begrotingswijziging of that budget year, and is computed, not stored.
    The lines of a primitieve begroting are its amounts; those of a wijziging are the changes.
    """

    budget_year = models.PositiveIntegerField(_("begrotingsjaar"), validators=YEAR_VALIDATORS)
    kind = models.CharField(_("soort"), max_length=12, choices=BudgetVersionKind.choices)
    number = models.PositiveSmallIntegerField(
        _("volgnummer"), default=0, help_text=_("0 voor de primitieve begroting.")
    )
    title = models.CharField(_("titel"), max_length=200)
    moment = models.CharField(
        _("P&C-moment"), max_length=20, choices=CycleMoment.choices, blank=True
    )
    body = models.ForeignKey(
        "intake.DecisionBody",
        verbose_name=_("besloten door"),
        on_delete=models.PROTECT,
        related_name="budget_versions",
    )
    decided_on = models.DateField(_("datum raadsbesluit"))
    decision_reference = models.CharField(_("kenmerk raadsbesluit"), max_length=100, blank=True)
    rationale = models.TextField(_("toelichting"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("begrotingsversie")
        verbose_name_plural = _("begrotingsversies")
        ordering = ["municipality", "budget_year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "budget_year", "number"], name="budget_version_number"
            ),
            models.UniqueConstraint(
                fields=["municipality", "budget_year"],
                condition=Q(kind=BudgetVersionKind.PRIMITIVE),
                name="budget_version_one_primitive",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_primitive(self) -> bool:
        return self.kind == BudgetVersionKind.PRIMITIVE


class BudgetVersionLine(TenantModel):
    """Eén bedrag van een begrotingsversie: initiatief (of alleen programma), post en jaar. In
    een begrotingswijziging is het bedrag de wijziging (positief of negatief)."""

    version = models.ForeignKey(
        BudgetVersion, verbose_name=_("versie"), on_delete=models.CASCADE, related_name="lines"
    )
    initiative = models.ForeignKey(
        "portfolio.Initiative",
        verbose_name=_("initiatief"),
        null=True,
        blank=True,
        # The adopted figures stay when an initiative goes; its kenmerk is kept on the line.
        on_delete=models.SET_NULL,
        related_name="budget_version_lines",
    )
    reference = models.CharField(_("kenmerk"), max_length=20, blank=True)
    programme = models.CharField(_("begrotingsprogramma"), max_length=100, blank=True)
    key = models.CharField(_("post"), max_length=25, choices=BudgetLineKey.choices)
    year = models.PositiveIntegerField(_("jaar"), validators=YEAR_VALIDATORS)
    amount = models.DecimalField(
        _("bedrag (€)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(-MAX_AMOUNT), MaxValueValidator(MAX_AMOUNT)],
    )

    class Meta:
        verbose_name = _("begrotingsregel")
        verbose_name_plural = _("begrotingsregels")
        ordering = ["version", "programme", "reference", "key", "year"]
        indexes = [models.Index(fields=["version", "key", "year"])]

    def __str__(self) -> str:
        return f"{self.version} {self.reference or self.programme} {self.key} {self.year}"
