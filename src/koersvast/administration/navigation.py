"""The cards of the Beheer page, each with the rights that make it visible (never a link a
role cannot use: the rights come from tenancy/policy.py)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from koersvast.tenancy.policy import BEHEER_ACTIONS, Action


@dataclass(frozen=True)
class Card:
    """One entry of the Beheer page."""

    url_name: str
    title: str | Promise
    text: str | Promise
    actions: tuple[Action, ...]


A = Action

# Who sees the first-run guide: the beheerder and the portfolio manager.
GUIDE_ACTIONS: tuple[Action, ...] = (A.SETTINGS_MANAGE, A.FRAMEWORK_MANAGE)

CARDS: tuple[Card, ...] = (
    Card(
        "administration:guide",
        _("Aan de slag"),
        _(
            "De stappen om de gemeente in te richten, en wat er nog ontbreekt voordat de "
            "intake open kan."
        ),
        GUIDE_ACTIONS,
    ),
    Card(
        "administration:users",
        _("Gebruikers en rollen"),
        _(
            "Collega's uitnodigen of direct een account maken, rollen geven en intrekken met "
            "begin- en einddatum, accounts deactiveren."
        ),
        (A.MEMBERS_MANAGE,),
    ),
    Card(
        "administration:invitations",
        _("Uitnodigingen"),
        _("Openstaande uitnodigingen bekijken en intrekken."),
        (A.MEMBERS_MANAGE,),
    ),
    Card(
        "tenancy:members",
        _("Rechtenoverzicht"),
        _(
            "Wie heeft welke rol, van wanneer tot wanneer en toegekend door wie, met de "
            "geschiedenis (voor de jaarlijkse autorisatiecontrole)."
        ),
        (A.MEMBERS_MANAGE,),
    ),
    Card(
        "identity:members_mfa",
        _("Tweestapsverificatie van medewerkers"),
        _(
            "Wie heeft tweestapsverificatie ingesteld; zet die terug voor een medewerker die zijn "
            "telefoon kwijt is."
        ),
        (A.MEMBERS_MANAGE,),
    ),
    Card(
        "identity:role_mappings",
        _("SSO-koppelingen"),
        _("Welke claim van de identiteitsprovider welke rol geeft; bij elke SSO-login toegepast."),
        (A.MEMBERS_MANAGE,),
    ),
    Card(
        "benchmarking:participation",
        _("Deelname aan vergelijken"),
        _(
            "Bepaal of uw gemeente anoniem meedoet aan de vergelijking met gemeenten van "
            "vergelijkbare omvang."
        ),
        (A.MEMBERS_MANAGE,),
    ),
    Card(
        "tenancy:settings",
        _("Instellingen gemeente"),
        _("Het voorvoegsel van de kenmerken van nieuwe initiatieven (bijv. KV-042)."),
        (A.SETTINGS_MANAGE,),
    ),
    Card(
        "administration:huisstijl",
        _("Huisstijl"),
        _(
            "Het logo en de kleuren van uw gemeente (NL Design System-tokens), met een "
            "contrastcontrole; terug naar de standaard kan altijd."
        ),
        (A.SETTINGS_MANAGE,),
    ),
    Card(
        "administration:domain_list",
        _("Domeinen"),
        _("De domeinen waarin initiatieven vallen, met BBV-taakvelden en begrotingsprogramma."),
        (A.SETTINGS_MANAGE,),
    ),
    Card(
        "administration:body_list",
        _("Gremia en mandaten"),
        _(
            "Portfolioboard, MT, college, raad: leden, mandaat (budget en besluiten) en aan wie "
            "ze voorleggen."
        ),
        (A.SETTINGS_MANAGE,),
    ),
    Card(
        "administration:programme_list",
        _("Begrotingsprogramma's"),
        _("De programma's van de begroting waaruit een initiatief kiest."),
        (A.SETTINGS_MANAGE,),
    ),
    Card(
        "administration:advice_kind_list",
        _("Adviessoorten"),
        _(
            "Welk advies gevraagd kan worden, door welke rol het wordt gegeven en of een "
            "negatief advies een reactie vraagt."
        ),
        (A.SETTINGS_MANAGE,),
    ),
    Card(
        "administration:field_list",
        _("Eigen intakevelden"),
        _(
            "Eigen gegevens bij elk initiatief (tekst, getal, keuze, datum, ja/nee), bij het "
            "indienen of tijdens de intake."
        ),
        (A.SETTINGS_MANAGE,),
    ),
    Card(
        "capacity:index",
        _("Capaciteitspools en budgetruimte"),
        _("De teams met hun capaciteit per kwartaal en de budgetruimte per jaar (Planning)."),
        (A.CAPACITY_MANAGE,),
    ),
    Card(
        "monitoring:settings",
        _("RAG-definities"),
        _("Wat rood, oranje en groen betekenen in de voortgangsrapportages."),
        (A.INITIATIVE_MANAGE,),
    ),
    Card(
        "monitoring:phase_model",
        _("Fasemodel"),
        _("De fasen en poorten van een project, met de documenten die elke poort vraagt."),
        (A.INITIATIVE_MANAGE,),
    ),
    Card(
        "audit:log",
        _("Audittrail"),
        _(
            "Alle wijzigingen en inlogpogingen in deze gemeente (BIO 8.15). De audittrail kan "
            "niet worden gewijzigd."
        ),
        (A.AUDIT_VIEW,),
    ),
)

# Who may open the Beheer page: the same rights as its menu entry (tenancy/policy.py).
INDEX_ACTIONS: tuple[Action, ...] = BEHEER_ACTIONS
