"""The portfolio columns an Excel list can hold: names, header synonyms and value parsing.

Parsing is pure (no database): each parser turns a cell value into a field value or raises
`ValueError` with a plain-Dutch reason that the preview shows next to the cell.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from koersvast.core.numbers import parse_integer
from koersvast.core.text import clean_text


@dataclass(frozen=True)
class ImportField:
    """A field of an initiative that a column can be mapped to."""

    key: str
    label: str
    synonyms: tuple[str, ...]
    required: bool = False
    # Marked for translation, kept Dutch: the Excel template's notes are Dutch, the upload page
    # shows it in the reader's language ({% translate f.help %}).
    help: str = ""


# The order is the column order of the template and of the portfolio export.
FIELDS: tuple[ImportField, ...] = (
    ImportField(
        "reference",
        "Kenmerk",
        ("kenmerk", "referentie", "ref", "id", "nummer", "nr", "reference", "key"),
        help=gettext_noop(
            "Vaste sleutel: bestaat het kenmerk al, dan wordt dat initiatief bijgewerkt. "
            "Leeg: een nieuw initiatief met een nieuw kenmerk."
        ),
    ),
    ImportField(
        "title",
        "Titel",
        ("titel", "naam", "project", "projectnaam", "initiatief", "title", "name"),
        required=True,
        help=gettext_noop("Verplicht, hoogstens 200 tekens."),
    ),
    ImportField(
        "domain",
        "Domein",
        ("domein", "domain", "beleidsterrein", "cluster"),
        required=True,
        help=gettext_noop("Naam of code van een domein van de gemeente (zie Beheer)."),
    ),
    ImportField(
        "work_form",
        "Werkvorm",
        ("werkvorm", "soort", "type", "work form", "work_form", "kind"),
        help=gettext_noop("Project, Programma, Proces of Lijn (leeg: Project)."),
    ),
    ImportField(
        "state",
        "Fase",
        ("fase", "status", "stadium", "state", "phase", "stage"),
        help=gettext_noop(
            "Bijv. Idee, Ingediend, Opgenomen, Gepland, In uitvoering, Afgerond (leeg: Idee). "
            "Alleen bij nieuwe initiatieven; een bestaande fase wijzigt via de intake."
        ),
    ),
    ImportField(
        "taakveld",
        "Taakveld",
        ("taakveld", "bbv", "bbv-taakveld", "taakveld bbv", "iv3", "task field"),
        help=gettext_noop("BBV-taakveldcode, bijv. 6.1 of 0.4."),
    ),
    ImportField(
        "budget_programme",
        "Begrotingsprogramma",
        ("begrotingsprogramma", "programma begroting", "budget programme", "budget program"),
    ),
    ImportField(
        "problem",
        "Probleem",
        ("probleem", "probleemstelling", "aanleiding", "behoefte", "problem", "need"),
    ),
    ImportField(
        "intended_result",
        "Resultaat",
        ("resultaat", "beoogd resultaat", "doel", "result", "intended result", "goal"),
    ),
    ImportField(
        "budget_capital",
        "Krediet (€)",
        ("krediet", "investering", "kapitaal", "capital", "capex", "investment"),
        help=gettext_noop("Bedrag in euro's, bijv. 250000 of € 250.000,00."),
    ),
    ImportField(
        "budget_operating",
        "Exploitatie (€)",
        ("exploitatie", "exploitatiebudget", "operating", "opex", "budget"),
        help=gettext_noop("Bedrag in euro's."),
    ),
    ImportField(
        "start",
        "Start",
        ("start", "startkwartaal", "begin", "startdatum", "start quarter", "start date"),
        help=gettext_noop("Vroegste start: 2027-Q1, Q1 2027, 2027 of een datum."),
    ),
    ImportField(
        "duration_quarters",
        "Duur (kwartalen)",
        ("duur", "duur kwartalen", "looptijd", "kwartalen", "duration", "duration quarters"),
        help=gettext_noop("Geheel getal van 1 tot en met 40 (leeg: 4)."),
    ),
    ImportField(
        "is_statutory",
        "Wettelijk",
        ("wettelijk", "wettelijke verplichting", "verplicht", "statutory", "mandatory"),
        help=gettext_noop("Ja of nee."),
    ),
    ImportField(
        "is_continuity",
        "Continuïteit",
        ("continuiteit", "going concern", "continuity"),
        help=gettext_noop("Ja of nee."),
    ),
    ImportField(
        "has_political_urgency",
        "Bestuurlijke urgentie",
        ("bestuurlijke urgentie", "urgentie", "urgent", "political urgency", "urgency"),
        help="Ja of nee. Bij ja ook invullen wie erom vraagt en waarom.",
    ),
    ImportField(
        "urgency_requested_by",
        "Urgentie gevraagd door",
        ("urgentie gevraagd door", "urgentie aangevraagd door", "urgency requested by"),
        help="Bijv. Wethouder W. Smit; hoogstens 200 tekens.",
    ),
    ImportField(
        "urgency_reason",
        "Reden urgentie",
        ("reden urgentie", "urgentiereden", "reden voor urgentie", "urgency reason"),
    ),
    ImportField(
        "after",
        "Na (codes)",
        ("na", "na codes", "start na", "afhankelijk van", "voorgangers", "predecessors", "after"),
        help=gettext_noop(
            "Start na afronding van deze initiatieven: kenmerken gescheiden door komma's, met "
            "eventueel een wachttijd in kwartalen, bijv. KV-014, KV-020+2. Leeg: geen."
        ),
    ),
    ImportField(
        "needs",
        "Heeft resultaat nodig van (codes)",
        (
            "heeft resultaat nodig van",
            "heeft het resultaat nodig van",
            "resultaat nodig van",
            "needs result of",
            "needs the result of",
        ),
        help=gettext_noop(
            "Heeft het resultaat nodig van deze initiatieven (en start dus na hun afronding, "
            "zonder wachttijd): kenmerken gescheiden door komma's, bijv. KV-014, KV-020. "
            "Leeg: geen."
        ),
    ),
    ImportField(
        "together",
        "Samen met (codes)",
        ("samen met", "start gelijk met", "gelijke start", "start together with", "together"),
        help=gettext_noop(
            "Start gelijk met deze initiatieven: kenmerken gescheiden door komma's, bijv. "
            "KV-014. Het paar staat bij allebei; een paar vervalt als geen van beide het "
            "noemt. Leeg: geen."
        ),
    ),
    ImportField(
        "alternative",
        "Alternatieven (groep)",
        ("alternatieven", "alternatief van", "variant van", "alternatives", "alternative group"),
        help=gettext_noop(
            "Naam van een groep alternatieven, bijv. Nieuwe huisvesting: van de initiatieven "
            "met dezelfde naam wordt er hoogstens één gekozen. Leeg: geen."
        ),
    ),
)
FIELDS_BY_KEY = {f.key: f for f in FIELDS}


def normalise(text: Any) -> str:
    """A header or choice compared without case, accents, punctuation and units."""
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    text = re.sub(r"\(.*?\)|€|eur\b", " ", text.lower())
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


_SYNONYMS = {normalise(s): f.key for f in FIELDS for s in (f.label, *f.synonyms)}


OWN_PREFIX = "eigen:"

_OWN_HELP = {
    "tekst": gettext_noop("Eigen veld: tekst."),
    "getal": gettext_noop("Eigen veld: een getal, bijv. 12 of 12,5."),
    "keuze": gettext_noop("Eigen veld: één van de keuzes uit Beheer."),
    "datum": gettext_noop("Eigen veld: een datum."),
    "janee": gettext_noop("Eigen veld: ja of nee."),
}


def own_import_fields(own: Iterable[Any]) -> tuple[ImportField, ...]:
    """An import field per active own intake field (key `eigen:<code>`)."""
    return tuple(
        ImportField(f"{OWN_PREFIX}{f.code}", f.name, (f.code,), help=_OWN_HELP.get(f.kind, ""))
        for f in own
        if not f.is_retired
    )


def suggest_field(header: Any, own: tuple[ImportField, ...] = ()) -> str | None:
    """The field a header most likely means (an own field's exact label or code first, then an
    exact synonym, then a leading word)."""
    name = normalise(header)
    if not name:
        return None
    for field in own:
        if name in (normalise(field.label), *(normalise(s) for s in field.synonyms)):
            return field.key
    if name in _SYNONYMS:
        return _SYNONYMS[name]
    words = name.split()
    for length in range(len(words) - 1, 0, -1):
        key = _SYNONYMS.get(" ".join(words[:length]))
        if key:
            return key
    return None


# --- parsers -------------------------------------------------------------------------------


# Excel stores a character XML cannot hold (Word's line break U+000B) as _x000B_, and a literal
# "_x" that looks like such an escape as _x005F_x...; openpyxl hands both over undecoded.
_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def unescape_ooxml(text: str) -> str:
    """The text Excel meant: _xHHHH_ escapes decoded (the writer's `escape_ooxml` reversed)."""
    return _OOXML_ESCAPE.sub(lambda match: chr(int(match[1], 16)), text)


def parse_text(value: Any, max_length: int | None = None) -> str:
    """Cell text, decoded and without control characters (core/text.py)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = "" if value is None else clean_text(unescape_ooxml(str(value))).strip()
    if max_length and len(text) > max_length:
        raise ValueError(_("Te lang: hoogstens %(n)s tekens.") % {"n": max_length})
    return text


def parse_int(value: Any, low: int, high: int) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(_("Geen geheel getal."))
    number = parse_integer(value)  # core.numbers: "1.250" is 1250, "1,5" is no whole number
    if not low <= number <= high:
        raise ValueError(_("Moet tussen %(low)s en %(high)s liggen.") % {"low": low, "high": high})
    return int(number)


_QUARTER = (
    re.compile(r"^(?P<year>\d{4})\s*[-/ ]?\s*[qk](?P<q>[1-4])$"),
    re.compile(r"^[qk](?P<q>[1-4])\s*[-/ ]?\s*(?P<year>\d{4})$"),
    re.compile(r"^(?P<year>\d{4})$"),
)


def parse_quarter(value: Any) -> tuple[int, int] | None:
    """(year, quarter) from 2027-Q1, Q1 2027, K1 2027, 2027 or a date."""
    if value is None or value == "":
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.year, (value.month - 1) // 3 + 1
    text = parse_text(value).lower()
    for pattern in _QUARTER:
        match = pattern.match(text)
        if match:
            year = int(match["year"])
            if not 2000 <= year <= 2100:
                break
            return year, int(match.groupdict().get("q") or 1)
    raise ValueError(_("Geen kwartaal: schrijf bijvoorbeeld 2027-Q1."))


_YES = {"ja", "j", "yes", "y", "true", "waar", "x", "1"}
_NO = {"nee", "n", "no", "false", "onwaar", "0", ""}


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = normalise(value)
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValueError(_("Vul ja of nee in."))


def choice_parser(choices: list[tuple[str, Any]], extra: dict[str, str]) -> Callable[[Any], str]:
    """A parser accepting a choice's value or label (any case), plus extra synonyms."""
    known = {normalise(value): value for value, _label in choices}
    known |= {normalise(label): value for value, label in choices}
    known |= {normalise(key): value for key, value in extra.items()}

    def parse(value: Any) -> str:
        text = normalise(value)
        if text not in known:
            names = ", ".join(str(label) for _value, label in choices)
            raise ValueError(_("Onbekende waarde; kies uit: %(names)s.") % {"names": names})
        return known[text]

    return parse
