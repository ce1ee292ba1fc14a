"""The columns of each list that can be exported to Excel (header, type, value)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.utils import timezone

from koersvast.intake.choices import RankingMethod
from koersvast.portfolio import custom_fields

from .dependencies import after_cell, group_cell, needs_cell, together_cell
from .export import Column
from .export import ColumnType as T

YES_NO = {True: "ja", False: "nee"}

# The headers are the import's field labels, so an exported list imports back as it is
# (tests/spreadsheets/test_spreadsheets_round_trip.py holds every column to that).
PORTFOLIO: list[Column] = [
    Column("Kenmerk", T.TEXT, lambda i: i.reference),
    Column("Titel", T.TEXT, lambda i: i.title),
    Column("Domein", T.TEXT, lambda i: i.domain.name),
    Column("Werkvorm", T.TEXT, lambda i: i.get_work_form_display()),
    Column("Fase", T.TEXT, lambda i: i.get_state_display()),
    Column("Taakveld", T.TEXT, lambda i: i.taakveld.code if i.taakveld else ""),
    Column("Begrotingsprogramma", T.TEXT, lambda i: i.budget_programme),
    Column("Probleem", T.TEXT, lambda i: i.problem),
    Column("Resultaat", T.TEXT, lambda i: i.intended_result),
    Column("Krediet (€)", T.EURO, lambda i: i.budget_capital),
    Column("Exploitatie (€)", T.EURO, lambda i: i.budget_operating),
    Column("Start", T.TEXT, lambda i: i.start_label),
    Column("Duur (kwartalen)", T.INTEGER, lambda i: i.duration_quarters),
    Column("Wettelijk", T.TEXT, lambda i: YES_NO[i.is_statutory]),
    Column("Continuïteit", T.TEXT, lambda i: YES_NO[i.is_continuity]),
    Column("Bestuurlijke urgentie", T.TEXT, lambda i: YES_NO[i.has_political_urgency]),
    Column("Urgentie gevraagd door", T.TEXT, lambda i: i.urgency_requested_by),
    Column("Reden urgentie", T.TEXT, lambda i: i.urgency_reason),
    Column("Na (codes)", T.TEXT, after_cell),
    Column("Heeft resultaat nodig van (codes)", T.TEXT, needs_cell),
    Column("Samen met (codes)", T.TEXT, together_cell),
    Column("Alternatieven (groep)", T.TEXT, group_cell),
    # Not imported (the database keeps it); a real date-time cell to sort and filter on.
    Column("Gewijzigd op", T.DATETIME, lambda i: i.updated_at),
]


_OWN_TYPES = {"getal": T.DECIMAL, "datum": T.DATE}


def _own_cell_of(field: Any) -> Callable[[Any], Any]:
    """The cell of an own intake field's column for an initiative."""
    return lambda i: _own_cell(field, (i.custom_values or {}).get(field.code))


def portfolio_columns(own: list[Any]) -> list[Column]:
    """The portfolio list with a column per own intake field (its label as the header, so the
    export imports back), before the last-changed date."""
    extra = [
        Column(
            field.name,
            _OWN_TYPES.get(field.kind, T.TEXT),
            _own_cell_of(field),
        )
        for field in own
        if not field.is_retired
    ]
    return [*PORTFOLIO[:-1], *extra, PORTFOLIO[-1]]


def _own_cell(field: Any, value: Any) -> Any:
    if value is None:
        return None
    if field.kind == "janee":
        return YES_NO[bool(value)]
    if field.kind == "getal":
        return Decimal(value)
    return custom_fields.typed(field, value)


def backlog_columns(method: str) -> list[Column]:
    """The ranked backlog; only the fields its selector loads (no query per row)."""
    figure = "WSJF" if method == RankingMethod.WSJF else "Prioriteitsscore"
    return [
        Column("Positie", T.INTEGER, lambda r: r.position),
        Column("Kenmerk", T.TEXT, lambda r: r.initiative.reference),
        Column("Titel", T.TEXT, lambda r: r.initiative.title),
        Column("Domein", T.TEXT, lambda r: r.initiative.domain.name),
        Column("Fase", T.TEXT, lambda r: r.initiative.get_state_display()),
        Column(figure, T.DECIMAL, lambda r: r.value),
        Column("Score onvolledig", T.TEXT, lambda r: YES_NO[bool(r.score and r.score.incomplete)]),
        Column(
            "Bestuurlijke urgentie", T.TEXT, lambda r: YES_NO[r.initiative.has_political_urgency]
        ),
    ]


DECISIONS: list[Column] = [
    Column("Datum", T.DATE, lambda d: d.created_at),
    Column("Kenmerk", T.TEXT, lambda d: d.initiative.reference),
    Column("Initiatief", T.TEXT, lambda d: d.initiative.title),
    Column("Gremium", T.TEXT, lambda d: d.body.name),
    Column("Besluit", T.TEXT, lambda d: d.get_outcome_display()),
    Column("Motivering", T.TEXT, lambda d: d.rationale),
    Column("Voorwaarden", T.TEXT, lambda d: d.conditions),
    Column("Afwegingskader", T.TEXT, lambda d: str(d.framework) if d.framework else ""),
    Column(
        "Vastgelegd door",
        T.TEXT,
        lambda d: d.recorded_by.get_full_name() or d.recorded_by.username if d.recorded_by else "",
    ),
]


# The rights report for the yearly access review (BIO 9.2.5): who holds which role since when.
MEMBERS: list[Column] = [
    Column("Gebruiker", T.TEXT, lambda m: m.user.username),
    Column("Naam", T.TEXT, lambda m: m.user.get_full_name()),
    Column("E-mail", T.TEXT, lambda m: m.user.email),
    Column("Actief", T.TEXT, lambda m: YES_NO[m.user.is_active]),
    Column("Rol", T.TEXT, lambda m: m.get_role_display()),
    Column("Vanaf", T.DATE, lambda m: m.starts_on),
    Column("Tot en met", T.DATE, lambda m: m.ends_on),
    Column("Status", T.TEXT, lambda m: m.status_label),
    Column("Toegekend op", T.DATE, lambda m: m.granted_at),
    Column("Toegekend door", T.TEXT, lambda m: m.granted_by.username if m.granted_by else ""),
    Column("Ingetrokken op", T.DATE, lambda m: m.withdrawn_at),
    Column("Ingetrokken door", T.TEXT, lambda m: m.withdrawn_by.username if m.withdrawn_by else ""),
    Column("Laatst ingelogd", T.DATE, lambda m: m.user.last_login),
]


RISKS: list[Column] = [
    Column("Risico", T.TEXT, lambda r: r.title),
    Column("Initiatief", T.TEXT, lambda r: r.initiative.reference if r.initiative else ""),
    Column("Programma", T.TEXT, lambda r: r.programme.name if r.programme else ""),
    Column("Kans", T.INTEGER, lambda r: r.probability),
    Column("Impact", T.INTEGER, lambda r: r.impact),
    Column("Score", T.INTEGER, lambda r: r.score),
    Column("Status", T.TEXT, lambda r: r.get_status_display()),
    Column("Eigenaar", T.TEXT, lambda r: r.owner.get_full_name() if r.owner else ""),
    Column("Beheersmaatregel", T.TEXT, lambda r: r.mitigation),
    Column("Herzien op", T.DATE, lambda r: r.review_date),
]

BENEFITS: list[Column] = [
    Column("Baat", T.TEXT, lambda b: b.name),
    Column("Initiatief", T.TEXT, lambda b: b.initiative.reference if b.initiative else ""),
    Column("Programma", T.TEXT, lambda b: b.programme.name if b.programme else ""),
    Column("Doelstelling", T.TEXT, lambda b: b.objective.code if b.objective else ""),
    Column("KPI", T.TEXT, lambda b: b.kpi),
    Column("Eenheid", T.TEXT, lambda b: b.unit),
    Column("Nulmeting", T.DECIMAL, lambda b: b.baseline),
    Column("Streefwaarde", T.DECIMAL, lambda b: b.target),
    Column("Streefdatum", T.DATE, lambda b: b.target_date),
    Column("Laatste meting", T.DECIMAL, lambda b: b.latest_value),
    Column("Gemeten op", T.DATE, lambda b: b.latest_on),
    Column("Gerealiseerd", T.PERCENTAGE, lambda b: _fraction(b.realisation_pct)),
    Column("Eigenaar in de lijn", T.TEXT, lambda b: b.owner.get_full_name() if b.owner else ""),
]

PROGRAMMES: list[Column] = [
    Column("Programma", T.TEXT, lambda r: r.programme.name),
    Column("Opgave", T.TEXT, lambda r: r.programme.opgave.name if r.programme.opgave else ""),
    Column(
        "Eigenaar", T.TEXT, lambda r: r.programme.owner.get_full_name() if r.programme.owner else ""
    ),
    Column("Status (slechtste kleur)", T.TEXT, lambda r: r.worst),
    Column("Initiatieven", T.INTEGER, lambda r: r.initiatives),
    Column("Budget (€)", T.EURO, lambda r: r.budget),
    Column("Besteed (€)", T.EURO, lambda r: r.actual),
    Column("Actieve risico's", T.INTEGER, lambda r: r.risks),
    Column("Baten", T.INTEGER, lambda r: r.benefits),
    Column("Baten gerealiseerd", T.INTEGER, lambda r: r.benefits_realised),
]


def _fraction(percentage: object) -> float | None:
    return None if percentage is None else float(percentage) / 100  # type: ignore[arg-type]


def _decision_text(item: Any) -> str:
    version = item.version
    decision = version.decision
    return (
        f"{decision.body} {timezone.localtime(version.adopted_at):%d-%m-%Y}: {decision.rationale}"
    )


# The plan of record (a plan version): one row per initiative the plan considered.
PLAN: list[Column] = [
    Column("Kenmerk", T.TEXT, lambda p: p.initiative.reference),
    Column("Titel", T.TEXT, lambda p: p.initiative.title),
    Column("Domein", T.TEXT, lambda p: p.initiative.domain.name),
    Column("Fase", T.TEXT, lambda p: p.initiative.get_state_display()),
    Column("Geplande start", T.TEXT, lambda p: p.start_period),
    Column("Gepland einde", T.TEXT, lambda p: p.end_period),
    Column("Liep al (werkelijke start)", T.TEXT, lambda p: YES_NO[p.running]),
    Column("Waarde", T.DECIMAL, lambda p: p.value),
    Column("Reden buiten het plan", T.TEXT, lambda p: p.reason),
    Column("Planversie", T.TEXT, lambda p: p.version.label),
    Column("Besluit", T.TEXT, _decision_text),
]
