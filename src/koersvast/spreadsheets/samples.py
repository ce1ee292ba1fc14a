"""The template and the sample workbook shipped in docs/excel/ (run this module to rebuild them).

    python -m koersvast.spreadsheets.samples

The template has the columns the import recognises, an explanation sheet and two example rows;
the sample is a realistic portfolio list of "Gemeente Voorbeeld" as a gemeente keeps it in Excel
(a title above the header, its own column names, a text amount and a date).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from koersvast.portfolio.choices import LifecycleState, WorkForm

from .export import HEADER_FILL, HEADER_FONT, Column, ColumnType, append_row, workbook_bytes
from .fields import FIELDS

DOCS = Path(__file__).resolve().parents[3] / "docs" / "excel"
FIXED_TIME = dt.datetime(2026, 1, 1, 9, 0)

TEMPLATE_ROWS = [
    {
        "title": "Voorbeeld: Digitale balie vergunningen",
        "domain": "Informatievoorziening",
        "work_form": "Project",
        "state": "Idee",
        "taakveld": "0.4",
        "budget_programme": "Bestuur en dienstverlening",
        "problem": "Aanvragen komen op papier binnen en lopen vertraging op.",
        "intended_result": "80% van de aanvragen digitaal binnen twee jaar.",
        "budget_capital": 150000,
        "budget_operating": 40000,
        "start": "2027-Q1",
        "duration_quarters": 4,
        "is_statutory": "nee",
        "is_continuity": "nee",
        "has_political_urgency": "nee",
    },
    {
        "title": "Voorbeeld: Herinrichting Marktplein",
        "domain": "Openbare ruimte",
        "work_form": "Project",
        "state": "Opgenomen",
        "taakveld": "2.1",
        "budget_capital": 1200000,
        "start": "2027-Q3",
        "duration_quarters": 6,
        "is_statutory": "nee",
        "is_continuity": "nee",
        "has_political_urgency": "ja",
        "urgency_requested_by": "Wethouder Openbare ruimte",
        "urgency_reason": "Toezegging aan de raad: klaar voor de zomermarkt van 2028.",
    },
]

_TYPES = {
    "budget_capital": ColumnType.EURO,
    "budget_operating": ColumnType.EURO,
    "duration_quarters": ColumnType.INTEGER,
}


def _freeze(workbook: Workbook) -> bytes:
    workbook.properties.created = workbook.properties.modified = FIXED_TIME
    workbook.properties.creator = "Koersvast"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _value_of(key: str) -> Callable[[Any], Any]:
    """The cell of an example row's column `key`."""
    return lambda row: row.get(key)


def template_bytes() -> bytes:
    """The import template: every column, two example rows, drop-down lists, explanations."""
    columns = [
        Column(
            f.label + (" *" if f.required else ""),
            _TYPES.get(f.key, ColumnType.TEXT),
            _value_of(f.key),
        )
        for f in FIELDS
    ]
    workbook = load_workbook(
        BytesIO(workbook_bytes(title="Portfolio", columns=columns, rows=TEMPLATE_ROWS))
    )
    sheet = workbook["Portfolio"]
    letters = {f.key: sheet.cell(row=1, column=i + 1).column_letter for i, f in enumerate(FIELDS)}
    lists = {
        "work_form": [str(label) for _v, label in WorkForm.choices],
        "state": [str(label) for _v, label in LifecycleState.choices],
        "is_statutory": ["ja", "nee"],
        "is_continuity": ["ja", "nee"],
        "has_political_urgency": ["ja", "nee"],
    }
    for key, options in lists.items():
        validation = DataValidation(type="list", formula1='"' + ",".join(options) + '"')
        validation.add(f"{letters[key]}2:{letters[key]}1000")
        sheet.add_data_validation(validation)
    notes = workbook.create_sheet("Toelichting")
    append_row(notes, ["Kolom", "Verplicht", "Toelichting"])
    for cell in notes[1]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    for f in FIELDS:
        append_row(notes, [f.label, "ja" if f.required else "nee", f.help])
    append_row(notes, [])
    append_row(
        notes,
        [
            "Vervang de voorbeeldregels door uw eigen initiatieven. Alleen het eerste "
            "werkblad wordt standaard ingelezen; andere kolommen worden genegeerd."
        ],
    )
    notes["A" + str(notes.max_row)].font = Font(italic=True)
    notes.column_dimensions["A"].width = 22
    notes.column_dimensions["C"].width = 100
    return _freeze(workbook)


# A portfolio list the way a gemeente keeps it: own column names, a title row, notes.
SAMPLE_HEADERS = [
    "Kenmerk",
    "Projectnaam",
    "Domein",
    "Soort",
    "Status",
    "Taakveld (BBV)",
    "Probleemstelling",
    "Beoogd resultaat",
    "Krediet",
    "Exploitatie per jaar",
    "Startkwartaal",
    "Looptijd (kwartalen)",
    "Wettelijke verplichting",
    "Opmerkingen",
]
SAMPLE_ROWS = [
    (
        "VB-2025-01",
        "Inkoop jeugdhulp 2028 regionaal",
        "Sociaal domein",
        "Project",
        "In uitvoering",
        "6.752",
        "Contracten lopen eind 2027 af.",
        "Nieuwe regionale contracten per 1-1-2028.",
        0,
        180000,
        "2026-Q1",
        8,
        "ja",
        "",
    ),
    (
        "VB-2025-02",
        "Integrale toegang sociaal domein",
        "Sociaal domein",
        "Programma",
        "Gepland",
        "6.1",
        "Inwoners melden zich op vijf loketten.",
        "Eén toegang, één plan.",
        250000,
        320000,
        "2026-Q3",
        8,
        "nee",
        "Raadsinformatiebrief Q2",
    ),
    (
        "VB-2025-03",
        "Schuldhulpverlening vroegsignalering",
        "Sociaal domein",
        "Proces",
        "Opgenomen",
        "6.3",
        "Schulden worden te laat gesignaleerd.",
        "Binnen 6 weken contact na signaal.",
        0,
        95000,
        "2026-Q2",
        4,
        "ja",
        "",
    ),
    (
        "VB-2025-04",
        "Gebiedsontwikkeling Stationskwartier",
        "Ruimte",
        "Programma",
        "In uitvoering",
        "8.3",
        "Verouderd stationsgebied.",
        "1.200 woningen en een nieuw plein.",
        "€ 4.500.000,00",
        600000,
        "2025-Q4",
        16,
        "nee",
        "Krediet in tranches",
    ),
    (
        "VB-2025-05",
        "Omgevingsplan gefaseerd vullen",
        "Ruimte",
        "Programma",
        "In uitvoering",
        "8.1",
        "Omgevingswet vraagt één omgevingsplan.",
        "Omgevingsplan volledig in 2031.",
        0,
        450000,
        "2025-Q1",
        20,
        "ja",
        "",
    ),
    (
        "VB-2025-06",
        "Vervanging riolering Oude Dorp",
        "Openbare ruimte",
        "Project",
        "Gepland",
        "7.2",
        "Riolering is aan het eind van de levensduur.",
        "Gescheiden stelsel.",
        2800000,
        0,
        dt.date(2026, 9, 1),
        6,
        "ja",
        "Combineren met herinrichting",
    ),
    (
        "VB-2025-07",
        "Klimaatadaptatie: groene schoolpleinen",
        "Openbare ruimte",
        "Project",
        "Idee",
        "2.1",
        "Hittestress bij basisscholen.",
        "Zes groene schoolpleinen.",
        300000,
        20000,
        "2027-Q1",
        4,
        "nee",
        "",
    ),
    (
        "VB-2025-08",
        "Zaakgericht werken: nieuw zaaksysteem",
        "Informatievoorziening",
        "Project",
        "Opgenomen",
        "0.4",
        "Het zaaksysteem is uit support per 2027.",
        "Nieuw zaaksysteem, gekoppeld aan het e-depot.",
        400000,
        120000,
        "2026-Q4",
        6,
        "nee",
        "",
    ),
    (
        "VB-2025-09",
        "Informatiebeveiliging BIO-verbeterplan",
        "Informatievoorziening",
        "Proces",
        "In uitvoering",
        "0.4",
        "Audit: tekortkomingen in logging en toegangsbeheer.",
        "BIO-maatregelen op niveau.",
        0,
        150000,
        "2026-Q1",
        4,
        "ja",
        "ENSIA-bevinding",
    ),
    (
        "VB-2025-10",
        "Strategische personeelsplanning",
        "Bedrijfsvoering",
        "Project",
        "Ingediend",
        "0.4",
        "Vergrijzing en krappe arbeidsmarkt.",
        "Personeelsplan 2027-2031.",
        0,
        60000,
        "2026-Q3",
        3,
        "nee",
        "",
    ),
    (
        "VB-2025-11",
        "Verduurzaming gemeentehuis",
        "Bedrijfsvoering",
        "Project",
        "Gepland",
        "0.4",
        "Energielabel D.",
        "Energielabel A en 40% minder gas.",
        1650000,
        0,
        "2027-Q2",
        8,
        "nee",
        "",
    ),
    (
        "VB-2025-12",
        "Nieuwe aanbesteding Wmo-vervoer",
        "Sociaal domein",
        "Project",
        "Afgerond",
        "6.60",
        "Contract liep af.",
        "Nieuw contract per 2026.",
        0,
        35000,
        "2025-Q1",
        3,
        "nee",
        "",
    ),
]


def sample_bytes() -> bytes:
    """The sample portfolio list (first sheet) with a second sheet of notes."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Portfoliolijst 2026"
    sheet["A1"] = "Portfoliolijst Gemeente Voorbeeld — stand januari 2026"
    sheet["A1"].font = Font(bold=True, size=14)
    append_row(sheet, [])
    append_row(sheet, SAMPLE_HEADERS)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in SAMPLE_ROWS:
        append_row(sheet, row)
    for row in sheet.iter_rows(min_row=4, min_col=9, max_col=10):
        for cell in row:
            cell.number_format = "€ #,##0"
    for (cell,) in sheet.iter_rows(min_row=4, min_col=11, max_col=11):
        if isinstance(cell.value, dt.date):
            cell.number_format = "dd-mm-yyyy"
    for letter, width in zip(
        "ABCDEFGHIJKLMN", (12, 40, 22, 12, 14, 14, 40, 40, 14, 14, 14, 12, 12, 30), strict=True
    ):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A4"
    notes = workbook.create_sheet("Toelichting")
    notes["A1"] = "Fictieve gegevens van Gemeente Voorbeeld, voor demonstratie en tests."
    return _freeze(workbook)


def main() -> None:
    DOCS.mkdir(parents=True, exist_ok=True)
    (DOCS / "koersvast-sjabloon.xlsx").write_bytes(template_bytes())
    (DOCS / "voorbeeld-portfolio.xlsx").write_bytes(sample_bytes())


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koersvast.config.settings.local")
    django.setup()
    main()
