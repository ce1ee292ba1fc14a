"""Intake: entry criteria, advice, scores, lifecycle transitions, decisions and notifications."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any, Self

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from koersvast.core.numbers import format_euros
from koersvast.core.periods import quarter_label
from koersvast.portfolio.models import ConfigQuerySet
from koersvast.tenancy.choices import Role
from koersvast.tenancy.models import TenantModel, TenantQuerySet
from koersvast.tenancy.policy import Action

from .choices import (
    BodyKind,
    CriterionKind,
    DecisionOutcome,
    GovernanceKind,
    MandateDecision,
    ProposalStatus,
    RankingMethod,
    RequiredField,
    Verdict,
)

User = settings.AUTH_USER_MODEL


class IntakeSettings(TenantModel):
    """Instellingen van de intake per gemeente (één rij per gemeente)."""

    ranking_method = models.CharField(
        _("rangschikking backlog"),
        max_length=20,
        choices=RankingMethod.choices,
        default=RankingMethod.FRAMEWORK,
    )

    class Meta:
        verbose_name = _("intake-instellingen")
        verbose_name_plural = _("intake-instellingen")
        constraints = [
            models.UniqueConstraint(fields=["municipality"], name="intakesettings_one_per_muni")
        ]

    def __str__(self) -> str:
        return f"{self.municipality}: {self.get_ranking_method_display()}"


def kind_name_of(code_field: str) -> Subquery:
    """The name of the municipality's advice kind whose code is in `code_field`."""
    return Subquery(
        AdviceKind.objects.filter(
            municipality_id=OuterRef("municipality_id"), code=OuterRef(code_field)
        ).values("name")[:1]
    )


class CriterionQuerySet(TenantQuerySet):
    def with_advice_kind_names(self) -> Self:
        """Criteria with `advice_kind_name` (the name of the advice they require)."""
        return self.annotate(advice_kind_name=kind_name_of("advice_kind"))


class EntryCriterion(TenantModel):
    """Toelatingscriterium, eventueel voorwaardelijk ("domein IV → CISO-advies vereist")."""

    view_action = Action.PORTFOLIO_VIEW

    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("toelichting"), blank=True)
    kind = models.CharField(_("soort toets"), max_length=10, choices=CriterionKind.choices)
    required_field = models.CharField(
        _("vereist gegeven"), max_length=30, choices=RequiredField.choices, blank=True
    )
    # Or one of the municipality's own fields (filled in; a yes/no field: answered yes).
    custom_field = models.ForeignKey(
        "portfolio.CustomField",
        verbose_name=_("of vereist eigen veld"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="criteria",
        help_text=_("Een eigen veld dat ingevuld moet zijn (ja/nee: met ja beantwoord)."),
    )
    # The code of one of the municipality's advice kinds (AdviceKind.code).
    advice_kind = models.CharField(_("vereist advies"), max_length=20, blank=True)
    # Conditions: the criterion applies only when every condition that is set holds.
    if_domain = models.ForeignKey(
        "portfolio.Domain",
        verbose_name=_("alleen voor domein"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    if_budget_over = models.DecimalField(
        _("alleen bij totaal budget boven (€)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
    )
    if_political_urgency = models.BooleanField(_("alleen bij bestuurlijke urgentie"), default=False)
    is_active = models.BooleanField(_("actief"), default=True)
    order = models.PositiveIntegerField(_("volgorde"), default=0)

    objects = CriterionQuerySet.as_manager()  # type: ignore[misc]  # django-stubs#1713: no ClassVar spelling

    class Meta:
        verbose_name = _("toelatingscriterium")
        verbose_name_plural = _("toelatingscriteria")
        ordering = ["municipality", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "code"], name="criterion_unique_code")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def advice_kind_label(self) -> str:
        return getattr(self, "advice_kind_name", None) or self.advice_kind


class CriterionCheck(TenantModel):
    """Handmatige toets van een criterium voor één initiatief, door de portfoliomanager."""

    initiative = models.ForeignKey(
        "portfolio.Initiative", on_delete=models.CASCADE, related_name="criterion_checks"
    )
    criterion = models.ForeignKey(EntryCriterion, on_delete=models.CASCADE, related_name="checks")
    met = models.BooleanField(_("voldaan"), default=False)
    note = models.TextField(_("toelichting"), blank=True)
    checked_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("criteriumtoets")
        verbose_name_plural = _("criteriumtoetsen")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "criterion"], name="check_unique")
        ]

    def __str__(self) -> str:
        return f"{self.initiative}: {self.criterion} = {self.met}"


class AdviceKindQuerySet(ConfigQuerySet):
    def offered_codes(self, current: str = "") -> Self:
        """The active kinds, plus the one with code `current` (already chosen)."""
        if current:
            return self.filter(models.Q(retired_at=None) | models.Q(code=current))
        return self.active()


class AdviceKind(TenantModel):
    """Soort advies (CISO, privacy, controller, ...): wie het geeft en of een negatief advies
    een reactie vraagt. Used to be fixed in code; now each municipality keeps its own list."""

    code = models.SlugField(_("code"), max_length=20)
    name = models.CharField(_("naam"), max_length=100)
    role = models.CharField(
        _("gegeven door rol"), max_length=30, choices=Role.choices, default=Role.ADVISER
    )
    negative_needs_response = models.BooleanField(
        _("negatief advies vraagt een reactie"),
        default=False,
        help_text=_(
            "Aan: een initiatief met een negatief advies van deze soort gaat pas naar "
            "besluitvorming als de eigenaar op het advies heeft gereageerd."
        ),
    )
    order = models.PositiveIntegerField(_("volgorde"), default=0)
    retired_at = models.DateTimeField(_("buiten gebruik sinds"), null=True, blank=True)

    objects = AdviceKindQuerySet.as_manager()  # type: ignore[misc]  # django-stubs#1713: no ClassVar spelling

    class Meta:
        verbose_name = _("adviessoort")
        verbose_name_plural = _("adviessoorten")
        ordering = ["municipality", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "code"], name="advicekind_unique_code")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None


class AdviceQuerySet(TenantQuerySet):
    def with_kind_names(self) -> Self:
        """Advice with `kind_name` (the name of its kind) in the same query."""
        return self.annotate(kind_name=kind_name_of("kind"))


class Advice(TenantModel):
    """Advies van een expert (CISO, privacy, controller, jurist, architect) over een initiatief.

    Advies informeert; de eigenaar van de verandering besluit. Een negatief advies noemt altijd
    de voorwaarden of het alternatief waaronder de behoefte wél kan worden vervuld.
    """

    initiative = models.ForeignKey(
        "portfolio.Initiative", on_delete=models.CASCADE, related_name="advices"
    )
    # The code of one of the municipality's advice kinds (AdviceKind.code).
    kind = models.CharField(_("soort advies"), max_length=20)
    requested_by = models.ForeignKey(
        User,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("gevraagd door"),
    )
    adviser = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("adviseur"),
    )
    verdict = models.CharField(_("oordeel"), max_length=20, choices=Verdict.choices, blank=True)
    explanation = models.TextField(_("toelichting"), blank=True)
    conditions = models.TextField(_("voorwaarden of alternatief"), blank=True)
    risks = models.TextField(_("risico's (één per regel)"), blank=True)
    given_at = models.DateTimeField(_("gegeven op"), null=True, blank=True)
    # The owner's answer to a negative advice, required when its kind says so.
    response = models.TextField(_("reactie op het advies"), blank=True)
    responded_by = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reactie door"),
    )
    responded_at = models.DateTimeField(_("reactie op"), null=True, blank=True)

    objects = AdviceQuerySet.as_manager()  # type: ignore[misc]  # django-stubs#1713: no ClassVar spelling

    class Meta:
        verbose_name = _("advies")
        verbose_name_plural = _("adviezen")
        ordering = ["initiative", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "kind"], name="advice_one_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind} – {self.initiative}"

    @property
    def is_given(self) -> bool:
        return bool(self.verdict)

    @property
    def kind_label(self) -> str:
        """The kind's name, from `kind_name` (annotated by the selectors) or its code."""
        return getattr(self, "kind_name", None) or self.kind

    def risk_lines(self) -> list[str]:
        return [line.strip() for line in self.risks.splitlines() if line.strip()]


class Contribution(TenantModel):
    """Bijdrage van een initiatief aan een doelstelling, van −3 (schaadt) tot +3, met reden."""

    initiative = models.ForeignKey(
        "portfolio.Initiative", on_delete=models.CASCADE, related_name="contributions"
    )
    objective = models.ForeignKey(
        "framework.Objective", on_delete=models.CASCADE, related_name="contributions"
    )
    score = models.SmallIntegerField(
        _("bijdrage"), validators=[MinValueValidator(-3), MaxValueValidator(3)]
    )
    reason = models.CharField(_("reden"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("bijdrage aan doelstelling")
        verbose_name_plural = _("bijdragen aan doelstellingen")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "objective"], name="contribution_unique"),
            models.CheckConstraint(
                condition=models.Q(score__gte=-3, score__lte=3), name="contribution_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative} → {self.objective}: {self.score:+d}"


class ImpactScore(TenantModel):
    """Score van een initiatief op een impactas (complexiteit, risico, ...)."""

    initiative = models.ForeignKey(
        "portfolio.Initiative", on_delete=models.CASCADE, related_name="impact_scores"
    )
    axis = models.ForeignKey("framework.ImpactAxis", on_delete=models.CASCADE, related_name="+")
    score = models.SmallIntegerField(_("score"))
    reason = models.CharField(_("reden"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("impactscore")
        verbose_name_plural = _("impactscores")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "axis"], name="impactscore_unique")
        ]

    def __str__(self) -> str:
        return f"{self.initiative} → {self.axis}: {self.score}"


class PriorityScore(TenantModel):
    """Berekende prioriteitsscore van een initiatief onder één versie van het afwegingskader."""

    initiative = models.ForeignKey(
        "portfolio.Initiative", on_delete=models.CASCADE, related_name="priority_scores"
    )
    framework = models.ForeignKey("framework.Framework", on_delete=models.CASCADE, related_name="+")
    total = models.DecimalField(_("score"), max_digits=7, decimal_places=3)
    value_part = models.DecimalField(_("bijdragedeel"), max_digits=7, decimal_places=5)
    impact_part = models.DecimalField(_("impactdeel"), max_digits=7, decimal_places=5)
    incomplete = models.BooleanField(_("onvolledig gescoord"), default=False)
    terms = models.JSONField(_("opbouw"), default=list)

    audit_exclude = frozenset({"created_at", "updated_at", "terms"})

    class Meta:
        verbose_name = _("prioriteitsscore")
        verbose_name_plural = _("prioriteitsscores")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "framework"], name="priority_unique")
        ]

    def __str__(self) -> str:
        return f"{self.initiative}: {self.total}"


class WsjfEstimate(TenantModel):
    """WSJF-schatting (SAFe): cost of delay gedeeld door omvang."""

    initiative = models.OneToOneField(
        "portfolio.Initiative", on_delete=models.CASCADE, related_name="wsjf"
    )
    business_value = models.PositiveSmallIntegerField(_("waarde voor inwoners/organisatie"))
    time_criticality = models.PositiveSmallIntegerField(_("tijdkritiek"))
    risk_reduction = models.PositiveSmallIntegerField(_("risicoreductie / kansen"))
    job_size = models.PositiveSmallIntegerField(_("omvang"), validators=[MinValueValidator(1)])

    # The fields of the score, in the order ``score_of`` takes them.
    FIGURES = ("business_value", "time_criticality", "risk_reduction", "job_size")

    class Meta:
        verbose_name = _("WSJF-schatting")
        verbose_name_plural = _("WSJF-schattingen")

    def __str__(self) -> str:
        return f"{self.initiative}: WSJF {self.score:.2f}"

    @property
    def score(self) -> Decimal:
        return self.score_of(
            self.business_value, self.time_criticality, self.risk_reduction, self.job_size
        )

    @staticmethod
    def score_of(
        business_value: int, time_criticality: int, risk_reduction: int, job_size: int
    ) -> Decimal:
        """Cost of delay divided by job size (a size below 1 counts as 1)."""
        cost_of_delay = business_value + time_criticality + risk_reduction
        return Decimal(cost_of_delay) / Decimal(max(job_size, 1))


class Transition(TenantModel):
    """Overgang in de levensloop van een initiatief: wie, wanneer, waarom."""

    initiative = models.ForeignKey(
        "portfolio.Initiative", on_delete=models.CASCADE, related_name="transitions"
    )
    from_state = models.CharField(_("van"), max_length=20)
    to_state = models.CharField(_("naar"), max_length=20)
    by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(_("reden"), blank=True)

    class Meta:
        verbose_name = _("statusovergang")
        verbose_name_plural = _("statusovergangen")
        ordering = ["initiative", "created_at", "id"]
        # Lead times (benchmarking) look up an initiative's first move into a state.
        indexes = [models.Index(fields=["initiative", "to_state", "created_at"])]

    def __str__(self) -> str:
        return f"{self.initiative}: {self.from_state} → {self.to_state}"

    @property
    def to_label(self) -> str:
        from koersvast.portfolio.choices import LifecycleState

        return str(LifecycleState(self.to_state).label)


def all_mandate_decisions() -> list[str]:
    return list(MandateDecision.values)


class DecisionBody(TenantModel):
    """Besluitvormend gremium met mandaat: tot welk budget en welke besluiten het zelf neemt,
    en aan welk gremium het voorlegt wat daarbuiten valt."""

    name = models.CharField(_("naam"), max_length=100)
    kind = models.CharField(_("soort"), max_length=20, choices=BodyKind.choices)
    mandate_max_budget = models.DecimalField(
        _("mandaat tot (€)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Leeg: geen bovengrens."),
    )
    mandate_decisions = models.JSONField(
        _("besluiten binnen het mandaat"),
        default=all_mandate_decisions,
        help_text=_("Welke besluiten over een initiatief dit gremium zelf mag nemen."),
    )
    escalates_to = models.ForeignKey(
        "self",
        verbose_name=_("legt voor aan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="escalated_from",
        help_text=_("Het gremium dat besluit over wat buiten dit mandaat valt."),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leden"),
        blank=True,
        related_name="decision_bodies",
    )
    order = models.PositiveIntegerField(_("volgorde"), default=0)
    retired_at = models.DateTimeField(_("buiten gebruik sinds"), null=True, blank=True)

    objects = ConfigQuerySet.as_manager()  # type: ignore[misc]  # django-stubs#1713: no ClassVar spelling

    class Meta:
        verbose_name = _("gremium")
        verbose_name_plural = _("gremia")
        ordering = ["municipality", "order", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None

    def within_mandate(self, budget: Decimal) -> bool:
        return self.mandate_max_budget is None or budget <= self.mandate_max_budget

    def may_take(self, outcome: str) -> bool:
        """Whether deciding `outcome` on an initiative is within this body's mandate."""
        return outcome in (self.mandate_decisions or [])

    def decision_labels(self) -> list[str]:
        return [
            str(MandateDecision(d).label)
            for d in self.mandate_decisions or []
            if d in MandateDecision.values
        ]


class Meeting(TenantModel):
    """Vergadering van een gremium met een agenda van initiatieven."""

    body = models.ForeignKey(
        DecisionBody, verbose_name=_("gremium"), on_delete=models.PROTECT, related_name="meetings"
    )
    date = models.DateField(_("datum"))
    title = models.CharField(_("titel"), max_length=200, blank=True)
    agenda = models.ManyToManyField(
        "portfolio.Initiative", blank=True, related_name="meetings", verbose_name=_("agenda")
    )

    class Meta:
        verbose_name = _("vergadering")
        verbose_name_plural = _("vergaderingen")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.body} {self.date:%d-%m-%Y}"


class Decision(TenantModel):
    """Besluit over een initiatief, met motivering, vastgelegd tegen de kaderversie."""

    initiative = models.ForeignKey(
        "portfolio.Initiative", on_delete=models.CASCADE, related_name="decisions"
    )
    body = models.ForeignKey(
        DecisionBody, verbose_name=_("gremium"), on_delete=models.PROTECT, related_name="decisions"
    )
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    outcome = models.CharField(_("besluit"), max_length=20, choices=DecisionOutcome.choices)
    rationale = models.TextField(_("motivering"))
    conditions = models.TextField(_("voorwaarden"), blank=True)
    framework = models.ForeignKey(
        "framework.Framework",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("afwegingskader"),
    )
    recorded_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    # Marked public by the municipality: on its open decision list (Woo, decision 0405).
    is_public = models.BooleanField(_("openbaar (Woo)"), default=False)

    class Meta:
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.initiative}: {self.get_outcome_display()} ({self.body})"


class GovernanceProposal(TenantModel):
    """Voorstel over lopend werk (stoppen, pauzeren, hervatten, of scope, budget of einddatum
    wijzigen) en het besluit erover van de ambtelijk opdrachtgever of een gremium.

    The portfolio manager prepares it, the project leader may propose it from a progress report;
    it takes effect only when the opdrachtgever (or a body within its mandate) decides, and that
    decision stays on the record with its rationale (docs/decisions/0403).
    """

    initiative = models.ForeignKey(
        "portfolio.Initiative", on_delete=models.CASCADE, related_name="governance_proposals"
    )
    kind = models.CharField(_("voorstel"), max_length=10, choices=GovernanceKind.choices)
    rationale = models.TextField(_("onderbouwing"))
    effective_date = models.DateField(_("ingangsdatum"))
    progress_report = models.ForeignKey(
        "monitoring.ProgressReport",
        verbose_name=_("uit voortgangsrapportage"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="governance_proposals",
    )
    # A change: only what is filled in changes.
    new_intended_result = models.TextField(_("nieuw beoogd resultaat (scope)"), blank=True)
    new_budget_capital = models.DecimalField(
        _("nieuw krediet (€)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    new_budget_operating = models.DecimalField(
        _("nieuwe exploitatie (€)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    new_end_year = models.PositiveIntegerField(_("nieuw eindjaar"), null=True, blank=True)
    new_end_quarter = models.PositiveSmallIntegerField(
        _("nieuw eindkwartaal"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    proposed_by = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("voorsteller")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ProposalStatus.choices, default=ProposalStatus.OPEN
    )
    # The decision: by a body (within its mandate), or by the ambtelijk opdrachtgever (no body).
    body = models.ForeignKey(
        DecisionBody,
        verbose_name=_("gremium"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="governance_decisions",
    )
    decision_rationale = models.TextField(_("motivering van het besluit"), blank=True)
    decided_by = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)

    class Meta:
        verbose_name = _("voorstel over lopend werk")
        verbose_name_plural = _("voorstellen over lopend werk")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["municipality", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(new_end_quarter__isnull=True)
                | models.Q(new_end_quarter__gte=1, new_end_quarter__lte=4),
                name="proposal_end_quarter_1_4",
            )
        ]

    def __str__(self) -> str:
        return f"{self.initiative}: {self.get_kind_display()} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status == ProposalStatus.OPEN

    @property
    def new_end_label(self) -> str:
        return quarter_label(self.new_end_year, self.new_end_quarter)

    @property
    def decided_by_label(self) -> str:
        """Who decided: the body, or the ambtelijk opdrachtgever in person."""
        if self.body_id is not None:
            return self.body.name  # type: ignore[union-attr]
        return str(_("ambtelijk opdrachtgever"))

    def changes(self) -> list[tuple[str, str]]:
        """(what, new value) for a change proposal, for pages and notifications."""
        found: list[tuple[str, str]] = []
        if self.new_intended_result:
            found.append((str(_("Beoogd resultaat")), self.new_intended_result))
        if self.new_budget_capital is not None:
            found.append((str(_("Krediet")), format_euros(self.new_budget_capital)))
        if self.new_budget_operating is not None:
            found.append((str(_("Exploitatie")), format_euros(self.new_budget_operating)))
        if self.new_end_label:
            found.append((str(_("Einde")), self.new_end_label))
        return found


class AttachmentQuerySet(TenantQuerySet):
    """Attachments are visible to whoever may see their initiative (a submitter: their own)."""

    def for_user(self, user: Any, action: Action | None = None) -> Self:
        from koersvast.portfolio.models import Initiative

        return self.filter(initiative__in=Initiative.objects.for_user(user, action))


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"bijlagen/{instance.municipality_id}/{instance.initiative_id}/{Path(filename).name}"


class Attachment(TenantModel):
    """Bijlage bij een initiatief (bijv. projectopdracht, business case)."""

    initiative = models.ForeignKey(
        "portfolio.Initiative", on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("bestand"), upload_to=attachment_path)
    name = models.CharField(_("naam"), max_length=200)
    size = models.PositiveIntegerField(_("grootte (bytes)"), default=0)
    uploaded_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = AttachmentQuerySet.as_manager()  # type: ignore[misc]  # django-stubs#1713: no ClassVar spelling

    class Meta:
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")
        ordering = ["initiative", "created_at"]

    def __str__(self) -> str:
        return self.name
