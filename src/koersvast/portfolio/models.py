"""Domains and initiatives: everything that asks for portfolio capacity."""

from __future__ import annotations

from typing import Any, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from koersvast.core.labels import CachedChoiceLabels
from koersvast.core.periods import quarter_label
from koersvast.tenancy.models import TenantModel, TenantQuerySet
from koersvast.tenancy.policy import Action, municipality_ids_for

from .choices import (
    CustomFieldKind,
    CustomFieldStage,
    DependencyKind,
    LifecycleState,
    WorkForm,
)


class ConfigQuerySet(TenantQuerySet):
    """Configuration rows (domains, programmes) that can be retired instead of deleted."""

    def active(self) -> Self:
        """Not retired: what new work may choose."""
        return self.filter(retired_at=None)

    def offered(self, current: Any = None) -> Self:
        """The active rows, plus `current` (the row an existing record already uses, even when
        it has been retired since), for a form's choices."""
        pk = getattr(current, "pk", current)
        return self.filter(Q(retired_at=None) | Q(pk=pk)) if pk else self.active()


class BudgetProgramme(TenantModel):
    """Begrotingsprogramma: de indeling van de gemeentelijke begroting (bijv. Wonen, Zorg)."""

    name = models.CharField(_("naam"), max_length=100)
    code = models.SlugField(_("code"), max_length=40)
    description = models.TextField(_("toelichting"), blank=True)
    order = models.PositiveIntegerField(_("volgorde"), default=0)
    retired_at = models.DateTimeField(_("buiten gebruik sinds"), null=True, blank=True)

    objects = ConfigQuerySet.as_manager()  # type: ignore[misc]  # django-stubs#1713: no ClassVar spelling

    class Meta:
        verbose_name = _("begrotingsprogramma")
        verbose_name_plural = _("begrotingsprogramma's")
        ordering = ["municipality", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "code"], name="budget_programme_unique_code"
            ),
            models.UniqueConstraint(
                fields=["municipality", "name"], name="budget_programme_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None


class Domain(TenantModel):
    """Domein (bijv. sociaal domein, ruimte, openbare ruimte, informatievoorziening)."""

    name = models.CharField(_("naam"), max_length=100)
    code = models.SlugField(_("code"), max_length=40)
    description = models.TextField(_("toelichting"), blank=True)
    order = models.PositiveIntegerField(_("volgorde"), default=0)
    taakvelden = models.ManyToManyField(
        "reference.Taakveld",
        verbose_name=_("BBV-taakvelden"),
        blank=True,
        related_name="+",
        help_text=_("Optioneel: de taakvelden van de begroting die bij dit domein horen."),
    )
    budget_programme = models.ForeignKey(
        BudgetProgramme,
        verbose_name=_("begrotingsprogramma"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="domains",
    )
    retired_at = models.DateTimeField(_("buiten gebruik sinds"), null=True, blank=True)

    objects = ConfigQuerySet.as_manager()  # type: ignore[misc]  # django-stubs#1713: no ClassVar spelling

    class Meta:
        verbose_name = _("domein")
        verbose_name_plural = _("domeinen")
        ordering = ["municipality", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "code"], name="domain_unique_code")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None


class CustomField(TenantModel):
    """Eigen intakeveld: een gegeven dat de gemeente zelf bij elk initiatief vraagt.

    The values live in `Initiative.custom_values` (code → value as JSON), so reading them costs
    no query beyond the definitions; `portfolio/custom_fields.py` converts and checks them.
    """

    name = models.CharField(_("label"), max_length=100)
    code = models.SlugField(
        _("code"),
        max_length=40,
        help_text=_("De sleutel in exports, de API en de OData-feed."),
    )
    kind = models.CharField(
        _("soort"), max_length=10, choices=CustomFieldKind.choices, default=CustomFieldKind.TEXT
    )
    help_text = models.CharField(_("helptekst"), max_length=300, blank=True)
    required = models.BooleanField(_("verplicht"), default=False)
    stage = models.CharField(
        _("ingevuld"),
        max_length=10,
        choices=CustomFieldStage.choices,
        default=CustomFieldStage.SUBMISSION,
    )
    options = models.JSONField(_("keuzes"), default=list, blank=True)
    order = models.PositiveIntegerField(_("volgorde"), default=0)
    retired_at = models.DateTimeField(_("buiten gebruik sinds"), null=True, blank=True)

    objects = ConfigQuerySet.as_manager()  # type: ignore[misc]  # django-stubs#1713: no ClassVar spelling

    class Meta:
        verbose_name = _("eigen veld")
        verbose_name_plural = _("eigen velden")
        ordering = ["municipality", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "code"], name="customfield_unique_code")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None


class InitiativeQuerySet(TenantQuerySet):
    """Initiatives a user may see: the whole portfolio with a viewing role, else their own."""

    def for_user(self, user: Any, action: Action | None = None) -> Self:
        action = action or Action.PORTFOLIO_VIEW
        scope = Q(municipality_id__in=municipality_ids_for(user, action))
        if action == Action.PORTFOLIO_VIEW and user.is_authenticated:
            # Any employee who may submit follows the initiatives they submitted.
            own = municipality_ids_for(user, Action.INITIATIVE_SUBMIT)
            scope |= Q(municipality_id__in=own, submitted_by=user)
        return self.filter(scope)


class Initiative(CachedChoiceLabels, TenantModel):
    """Initiatief: een idee, project, programma of proces dat portfoliocapaciteit vraagt."""

    reference = models.CharField(_("kenmerk"), max_length=20)
    title = models.CharField(_("titel"), max_length=200)
    problem = models.TextField(_("probleem of behoefte"), blank=True)
    intended_result = models.TextField(_("beoogd resultaat"), blank=True)
    domain = models.ForeignKey(
        Domain, verbose_name=_("domein"), on_delete=models.PROTECT, related_name="initiatives"
    )
    work_form = models.CharField(
        _("werkvorm"), max_length=20, choices=WorkForm.choices, default=WorkForm.PROJECT
    )
    state = models.CharField(
        _("status"), max_length=20, choices=LifecycleState.choices, default=LifecycleState.IDEA
    )
    taakveld = models.ForeignKey(
        "reference.Taakveld",
        verbose_name=_("BBV-taakveld"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    budget_programme = models.CharField(_("begrotingsprogramma"), max_length=100, blank=True)
    is_continuity = models.BooleanField(_("continuïteit (going concern)"), default=False)
    is_statutory = models.BooleanField(_("wettelijke verplichting"), default=False)
    has_political_urgency = models.BooleanField(_("bestuurlijke urgentie"), default=False)
    urgency_requested_by = models.CharField(_("urgentie gevraagd door"), max_length=200, blank=True)
    urgency_reason = models.TextField(_("reden urgentie"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("indiener"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    political_sponsor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bestuurlijk opdrachtgever"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    official_sponsor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ambtelijk opdrachtgever"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contractor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opdrachtnemer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    start_year = models.PositiveIntegerField(_("startjaar (vroegst)"), null=True, blank=True)
    start_quarter = models.PositiveSmallIntegerField(
        _("startkwartaal (vroegst)"), null=True, blank=True
    )
    latest_year = models.PositiveIntegerField(_("startjaar (uiterlijk)"), null=True, blank=True)
    latest_quarter = models.PositiveSmallIntegerField(
        _("startkwartaal (uiterlijk)"), null=True, blank=True
    )
    duration_quarters = models.PositiveSmallIntegerField(_("duur (kwartalen)"), default=4)
    budget_capital = models.DecimalField(
        _("krediet (€)"), max_digits=14, decimal_places=2, default=0
    )
    budget_operating = models.DecimalField(
        _("exploitatie (€)"), max_digits=14, decimal_places=2, default=0
    )

    # The municipality's own intake fields: CustomField.code → value (text, number as a
    # decimal string, ISO date, true/false, or the chosen option).
    custom_values = models.JSONField(_("eigen velden"), default=dict, blank=True)

    objects = InitiativeQuerySet.as_manager()  # type: ignore[misc]  # django-stubs#1713: no ClassVar spelling

    class Meta:
        verbose_name = _("initiatief")
        verbose_name_plural = _("initiatieven")
        ordering = ["municipality", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "reference"], name="initiative_unique_reference"
            )
        ]
        indexes = [models.Index(fields=["municipality", "state"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("portfolio:initiative_detail", args=[self.pk])

    @property
    def total_budget(self) -> Any:
        return self.budget_capital + self.budget_operating

    @property
    def start_label(self) -> str:
        return quarter_label(self.start_year, self.start_quarter)

    @property
    def latest_label(self) -> str:
        return quarter_label(self.latest_year, self.latest_quarter)


class Dependency(TenantModel):
    """Afhankelijkheid: `successor` (B) hangt af van `predecessor` (A), volgens `kind`.

    Entered through `portfolio.dependencies` only, which refuses another municipality's
    initiative, a cycle and a chain that cannot fit (decision 0404).
    """

    predecessor = models.ForeignKey(
        Initiative,
        verbose_name=_("voorganger"),
        on_delete=models.CASCADE,
        related_name="dependants",
    )
    successor = models.ForeignKey(
        Initiative,
        verbose_name=_("opvolger"),
        on_delete=models.CASCADE,
        related_name="dependencies",
    )
    kind = models.CharField(
        _("soort"),
        max_length=20,
        choices=DependencyKind.choices,
        default=DependencyKind.FINISH_TO_START,
    )
    lag_quarters = models.PositiveSmallIntegerField(_("wachttijd (kwartalen)"), default=0)
    note = models.CharField(_("toelichting"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("afhankelijkheid")
        verbose_name_plural = _("afhankelijkheden")
        ordering = ["successor__reference", "predecessor__reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="dependency_unique_pair"
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=models.F("successor")), name="dependency_not_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.successor.reference} {self.get_kind_display()} {self.predecessor.reference}"


class AlternativeGroup(TenantModel):
    """Alternatieven: varianten van één voornemen, waarvan er hoogstens één wordt gekozen."""

    name = models.CharField(_("naam"), max_length=200)

    class Meta:
        verbose_name = _("groep alternatieven")
        verbose_name_plural = _("groepen alternatieven")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="alternative_group_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Alternative(TenantModel):
    """One initiative as a variant in a group of alternatives (at most one group each)."""

    group = models.ForeignKey(
        AlternativeGroup,
        verbose_name=_("groep"),
        on_delete=models.CASCADE,
        related_name="members",
    )
    initiative = models.OneToOneField(
        Initiative,
        verbose_name=_("initiatief"),
        on_delete=models.CASCADE,
        related_name="alternative",
    )

    class Meta:
        verbose_name = _("alternatief")
        verbose_name_plural = _("alternatieven")
        ordering = ["group__name", "initiative__reference"]

    def __str__(self) -> str:
        return f"{self.initiative.reference} in {self.group.name}"
