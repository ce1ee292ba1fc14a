"""The afwegingskader: a versioned hierarchy of the council's objectives."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from koersvast.tenancy.models import TenantModel
from koersvast.tenancy.policy import Action

from .choices import (
    AxisDirection,
    ComparisonGroup,
    EsgTheme,
    FrameworkStatus,
    ObjectiveSource,
    RoundStatus,
)

#: Theme → objective → sub-objective.
MAX_OBJECTIVE_DEPTH = 3


class Framework(TenantModel):
    """Afwegingskader (één versie). Een vastgestelde versie wijzigt niet meer."""

    view_action = Action.FRAMEWORK_VIEW

    name = models.CharField(_("naam"), max_length=200)
    version = models.PositiveIntegerField(_("versie"), default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=FrameworkStatus.choices, default=FrameworkStatus.DRAFT
    )
    description = models.TextField(_("toelichting"), blank=True)
    published_at = models.DateTimeField(_("vastgesteld op"), null=True, blank=True)
    value_weight = models.DecimalField(
        _("gewicht bijdrage aan doelen"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.70"),
        help_text=_("Aandeel van de bijdrage aan doelstellingen in de prioriteitsscore."),
    )
    impact_weight = models.DecimalField(
        _("gewicht impactassen"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.30"),
        help_text=_("Aandeel van de impactassen (complexiteit, risico, ...) in de score."),
    )
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("gebaseerd op"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgesteld door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The college decision that adopted this version (vaststelling), when one was recorded.
    decision_body = models.ForeignKey(
        "intake.DecisionBody",
        verbose_name=_("vastgesteld door gremium"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_date = models.DateField(_("besluitdatum"), null=True, blank=True)
    decision_rationale = models.TextField(_("motivering van het besluit"), blank=True)

    class Meta:
        verbose_name = _("afwegingskader")
        verbose_name_plural = _("afwegingskaders")
        ordering = ["municipality", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name", "version"], name="framework_unique_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    @property
    def is_published(self) -> bool:
        return self.status == FrameworkStatus.PUBLISHED

    @property
    def is_draft(self) -> bool:
        return self.status == FrameworkStatus.DRAFT


class Objective(TenantModel):
    """Doelstelling in de boom thema → doelstelling → subdoelstelling, met een lokaal gewicht."""

    view_action = Action.FRAMEWORK_VIEW

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="objectives")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("toelichting"), blank=True)
    source = models.CharField(_("bron"), max_length=30, choices=ObjectiveSource.choices)
    owner = models.CharField(_("eigenaar"), max_length=200, blank=True)
    esg_theme = models.CharField(_("ESG-thema"), max_length=1, choices=EsgTheme.choices, blank=True)
    kpi = models.CharField(_("KPI"), max_length=200, blank=True)
    weight = models.DecimalField(_("gewicht (lokaal)"), max_digits=7, decimal_places=4, default=1)
    order = models.PositiveIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("doelstelling")
        verbose_name_plural = _("doelstellingen")
        ordering = ["framework", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="objective_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ImpactAxis(TenantModel):
    """Impactas (complexiteit, risico, capaciteitsbeslag, urgentie) met schaal en richting."""

    view_action = Action.FRAMEWORK_VIEW

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="axes")
    code = models.SlugField(_("code"), max_length=30)
    name = models.CharField(_("naam"), max_length=100)
    description = models.TextField(_("toelichting"), blank=True)
    scale_min = models.PositiveSmallIntegerField(_("schaal van"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("schaal tot"), default=5)
    direction = models.CharField(
        _("richting"),
        max_length=20,
        choices=AxisDirection.choices,
        default=AxisDirection.HIGHER_IS_WORSE,
    )
    weight = models.DecimalField(_("gewicht"), max_digits=7, decimal_places=4, default=1)
    order = models.PositiveIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("impactas")
        verbose_name_plural = _("impactassen")
        ordering = ["framework", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="axis_unique_code"),
            models.CheckConstraint(
                condition=models.Q(scale_max__gt=models.F("scale_min")), name="axis_scale_order"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Comparison(TenantModel):
    """Paarsgewijze vergelijking (AHP-oordeel) van twee elementen van één groep.

    A group is either the objectives under one `parent` (no parent: the themes) or the impact
    axes of the framework. `judgement` is Saaty's scale as a signed whole number: k ≥ 2 means
    "first is k times as important as second", −k the reverse, and 1 "equally important".
    One row per pair; the weights derived from a complete set are stored on the members.
    """

    view_action = Action.FRAMEWORK_VIEW

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="comparisons")
    group = models.CharField(_("groep"), max_length=20, choices=ComparisonGroup.choices)
    parent = models.ForeignKey(
        Objective,
        verbose_name=_("bovenliggende doelstelling"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    first_objective = models.ForeignKey(
        Objective, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    second_objective = models.ForeignKey(
        Objective, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    first_axis = models.ForeignKey(
        ImpactAxis, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    second_axis = models.ForeignKey(
        ImpactAxis, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    judgement = models.SmallIntegerField(_("oordeel"))

    class Meta:
        verbose_name = _("paarsgewijze vergelijking")
        verbose_name_plural = _("paarsgewijze vergelijkingen")
        ordering = ["framework", "group", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(judgement__gte=-9, judgement__lte=9)
                & ~models.Q(judgement__in=[-1, 0]),
                name="comparison_judgement_on_scale",
            ),
            models.UniqueConstraint(
                fields=["first_objective", "second_objective"], name="comparison_unique_objectives"
            ),
            models.UniqueConstraint(
                fields=["first_axis", "second_axis"], name="comparison_unique_axes"
            ),
        ]

    def __str__(self) -> str:
        first = self.first_objective or self.first_axis
        second = self.second_objective or self.second_axis
        return f"{first} ↔ {second}: {self.value_display}"

    @property
    def value(self) -> float:
        """The judgement as Saaty's ratio: 3 → 3.0, −3 → 1/3."""
        return float(self.judgement) if self.judgement >= 1 else 1.0 / -self.judgement

    @property
    def value_display(self) -> str:
        """The ratio as written on the scale: "3", "1/3"."""
        return str(self.judgement) if self.judgement >= 1 else f"1/{-self.judgement}"


class ComparisonRound(TenantModel):
    """Groepsvergelijking: invited members each judge every pair of a draft version.

    The group weights are the principal eigenvector of the geometric mean of the individual
    matrices (AIJ, `koersvast.weighing.group`); applying them writes them on the draft.
    """

    view_action = Action.FRAMEWORK_MANAGE

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="rounds")
    title = models.CharField(_("titel"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    applied_at = models.DateTimeField(_("toegepast op"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("groepsvergelijking")
        verbose_name_plural = _("groepsvergelijkingen")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN


class RoundParticipant(TenantModel):
    """Deelnemer aan een groepsvergelijking, met de eigen oordelen.

    `judgements` maps a group key (``"axes"``, ``"objectives"`` for the themes,
    ``"objectives:<parent pk>"``) to ``{"<first pk>-<second pk>": judgement}`` in the group's
    member order, with the signed Saaty judgement of `Comparison`. Pairs of members that were
    removed since are ignored; a group with a missing pair is incomplete for this participant.
    """

    view_action = Action.FRAMEWORK_MANAGE

    round = models.ForeignKey(
        ComparisonRound, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deelnemer"),
        on_delete=models.CASCADE,
        related_name="comparison_rounds",
    )
    judgements = models.JSONField(_("oordelen"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("ingevuld op"), null=True, blank=True)

    class Meta:
        verbose_name = _("deelnemer aan een groepsvergelijking")
        verbose_name_plural = _("deelnemers aan groepsvergelijkingen")
        ordering = ["round", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="round_participant_once")
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.user}"
