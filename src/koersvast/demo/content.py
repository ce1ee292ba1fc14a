"""The content of "Gemeente Voorbeeld": a fictional municipality of about 45,000 inhabitants.

Names of people are invented; titles are typical of Dutch municipal portfolios.
"""

from __future__ import annotations

DEMO_CODE = "GM9901"  # not a real CBS code: the 342 real ones run from GM0014 to GM1991
DEMO_NAME = "Gemeente Voorbeeld"
DEMO_INHABITANTS = 45_210
REFERENCE_PREFIX = "KV"  # the initiatives are KV-001, KV-002, ... (tenancy.Municipality)
DEMO_PASSWORD = "koersvast-demo"  # noqa: S105 (demo accounts only, printed on purpose)
FIRST_YEAR = 2027
QUARTERS = 16

# username, first name, last name, roles
USERS: list[tuple[str, str, str, list[str]]] = [
    ("indiener", "Iris", "de Boer", ["submitter"]),
    ("portfoliomanager", "Pieter", "Jansen", ["portfolio_manager"]),
    ("opdrachtgever", "Anouk", "Visser", ["official_sponsor"]),
    ("wethouder", "Willem", "Smit", ["political_sponsor"]),
    ("projectleider", "Fatima", "El Amrani", ["project_leader"]),
    ("adviseur", "Chris", "Bakker", ["adviser"]),
    ("boardlid", "Bram", "de Vries", ["board_member"]),
    ("lezer", "Lotte", "Mulder", ["reader"]),
    ("beheerder", "Ben", "Hendriks", ["administrator"]),
]

# code, name, description
DOMAINS: list[tuple[str, str, str]] = [
    ("sociaal", "Sociaal domein", "Jeugd, Wmo, participatie, inkomen en onderwijs."),
    ("ruimte", "Ruimte", "Wonen, ruimtelijke ordening, Omgevingswet en economie."),
    ("openbare-ruimte", "Openbare ruimte", "Wegen, groen, riolering, afval en klimaatadaptatie."),
    (
        "informatievoorziening",
        "Informatievoorziening",
        "Digitale dienstverlening, data en informatieveiligheid.",
    ),
    ("bedrijfsvoering", "Bedrijfsvoering", "Personeel, financiën, huisvesting en inkoop."),
]

# code, name, description, hours per fte per quarter, going concern %, fte
POOLS: list[tuple[str, str, str, int, int, float]] = [
    ("pl", "Projectleiders", "Projectleiders en programmamanagers.", 330, 20, 6.0),
    ("ia", "Informatieadviseurs", "Informatieadviseurs en functioneel beheer.", 330, 35, 4.0),
    ("jur", "Juristen", "Juridisch advies en aanbesteding.", 320, 50, 3.0),
    ("bel", "Beleidsadviseurs", "Beleid in alle domeinen.", 330, 40, 9.0),
    ("fin", "Financieel adviseurs", "Business control en financieel advies.", 330, 60, 3.0),
    ("com", "Communicatieadviseurs", "Communicatie en participatie.", 320, 45, 2.5),
]

# Cost of one fte per year (salary scale with overhead), to price "extra middelen".
COST_PER_FTE: dict[str, int] = {
    "pl": 118_000,
    "ia": 105_000,
    "jur": 112_000,
    "bel": 98_000,
    "fin": 102_000,
    "com": 92_000,
}

# Budget room of the portfolio per year (€): krediet and exploitatie. Below what the
# unconstrained plan would spend in its busiest years, so the budget shapes the plan.
BUDGET_PER_YEAR: dict[str, dict[int, int]] = {
    "krediet": {2027: 3_000_000, 2028: 5_000_000, 2029: 6_000_000, 2030: 6_000_000},
    "exploitatie": {2027: 2_500_000, 2028: 3_500_000, 2029: 3_750_000, 2030: 3_750_000},
}

# The political-urgency request (opvang ontheemden): a year of work from the second quarter
# of 2027 ("binnen drie maanden", also its own requested start, so its finance figures belong
# to that start), hours per quarter per pool, and its operating budget. The Rijk pays part of
# the opvang (URGENT_RIJKSBIJDRAGE, dekking that lowers its claim on the exploitatie room); what
# is left is more than the exploitatie room of 2027 leaves next to the plan, yet less than the
# room itself, so faseren moves other work and extra middelen needs extra budget. It waits on
# the college's agenda (besluitvorming), so deciding the request can admit it.
URGENT_START = (2027, 2)
URGENT_DURATION = 4
URGENT_DEMAND: dict[str, int] = {"pl": 160, "bel": 120, "jur": 240}
URGENT_OPERATING = 2_400_000
URGENT_RIJKSBIJDRAGE = 1_200_000
URGENT_STATE = "besluitvorming"

FRAMEWORK_NAME = "Afwegingskader coalitieakkoord 2026–2030 'Samen Voorbeeld'"

# code, parent code, name, source, owner, ESG, KPI, local weight
OBJECTIVES: list[tuple[str, str | None, str, str, str, str, str, float]] = [
    ("T1", None, "Iedereen doet mee", "coalitieakkoord", "Wethouder sociaal domein", "S", "", 0.35),
    (
        "T1.1",
        "T1",
        "Jeugd groeit veilig en gezond op",
        "coalitieakkoord",
        "Afdeling Samenleving",
        "S",
        "Wachttijd jeugdhulp (weken)",
        0.4,
    ),
    (
        "T1.2",
        "T1",
        "Meer inwoners aan het werk of actief",
        "coalitieakkoord",
        "Afdeling Werk en Inkomen",
        "S",
        "Uitstroom uit bijstand (%)",
        0.35,
    ),
    (
        "T1.3",
        "T1",
        "Ouderen wonen langer zelfstandig",
        "bestuursprogramma",
        "Afdeling Samenleving",
        "S",
        "Aandeel 75+ zelfstandig wonend",
        0.25,
    ),
    ("T2", None, "Wonen en leefbaarheid", "coalitieakkoord", "Wethouder ruimte", "", "", 0.25),
    (
        "T2.1",
        "T2",
        "1.200 woningen erbij in deze periode",
        "coalitieakkoord",
        "Afdeling Ruimte",
        "S",
        "Opgeleverde woningen",
        0.5,
    ),
    (
        "T2.2",
        "T2",
        "Schone, hele en veilige openbare ruimte",
        "bestuursprogramma",
        "Afdeling Openbare Ruimte",
        "E",
        "Burgertevredenheid openbare ruimte",
        0.3,
    ),
    (
        "T2.3",
        "T2",
        "Omgevingswet op orde",
        "wettelijke_taak",
        "Afdeling Ruimte",
        "G",
        "Vergunningen binnen termijn (%)",
        0.2,
    ),
    ("T3", None, "Duurzaam Voorbeeld", "coalitieakkoord", "Wethouder duurzaamheid", "E", "", 0.2),
    (
        "T3.1",
        "T3",
        "CO₂-uitstoot 55% lager in 2030",
        "coalitieakkoord",
        "Programma Energietransitie",
        "E",
        "CO₂-uitstoot (kton)",
        0.6,
    ),
    (
        "T3.2",
        "T3",
        "Klimaatbestendige wijken",
        "bestuursprogramma",
        "Afdeling Openbare Ruimte",
        "E",
        "Wijken met hittestress-aanpak",
        0.4,
    ),
    (
        "T4",
        None,
        "Dienstverlenende en wendbare organisatie",
        "organisatiedoel",
        "Gemeentesecretaris",
        "G",
        "",
        0.2,
    ),
    (
        "T4.1",
        "T4",
        "Digitaal waar het kan, persoonlijk waar het moet",
        "organisatiedoel",
        "CIO",
        "G",
        "Klanttevredenheid dienstverlening",
        0.45,
    ),
    (
        "T4.2",
        "T4",
        "Informatieveiligheid en privacy op orde (BIO)",
        "wettelijke_taak",
        "CISO",
        "G",
        "BIO-normen op orde (%)",
        0.35,
    ),
    (
        "T4.3",
        "T4",
        "Financieel gezond en in control",
        "organisatiedoel",
        "Concerncontroller",
        "G",
        "Weerstandsratio",
        0.2,
    ),
]

# domain code -> list of (title, work form, taakveld code, budget programme)
INITIATIVES: dict[str, list[tuple[str, str, str, str]]] = {
    "sociaal": [
        ("Inkoop jeugdhulp 2028 regionaal", "project", "6.752", "Jeugd"),
        ("Integrale toegang sociaal domein", "programma", "6.1", "Samenleving"),
        ("Preventieakkoord jeugd en alcohol", "project", "7.1", "Samenleving"),
        ("Schuldhulpverlening vroegsignalering", "proces", "6.3", "Werk en inkomen"),
        ("Banenafspraak en beschut werk", "project", "6.4", "Werk en inkomen"),
        ("Wonen met zorg: woonzorgvisie", "project", "6.60", "Samenleving"),
        ("Nieuwe aanbesteding Wmo-vervoer", "project", "6.60", "Samenleving"),
        ("Kansengelijkheid onderwijs (IKC Noord)", "project", "4.2", "Onderwijs"),
        ("Inburgering onder de nieuwe wet", "lijn", "6.1", "Werk en inkomen"),
        ("Armoedebeleid herijken", "project", "6.3", "Werk en inkomen"),
        ("Mantelzorgondersteuning versterken", "proces", "6.1", "Samenleving"),
        ("Opvang ontheemden uit Oekraïne", "project", "6.1", "Samenleving"),
        ("Sportakkoord 2.0", "project", "5.1", "Samenleving"),
    ],
    "ruimte": [
        ("Gebiedsontwikkeling Stationskwartier", "programma", "8.3", "Wonen en ruimte"),
        ("Omgevingsplan gefaseerd vullen", "programma", "8.1", "Wonen en ruimte"),
        ("Woningbouw Voorbeeld-West fase 2", "project", "8.3", "Wonen en ruimte"),
        ("Flexwonen voor spoedzoekers", "project", "8.3", "Wonen en ruimte"),
        ("Bedrijventerrein De Vaart herstructureren", "project", "3.1", "Economie"),
        ("Centrumvisie en winkelgebied", "project", "3.3", "Economie"),
        ("Omgevingsvisie actualiseren", "project", "8.1", "Wonen en ruimte"),
        ("Grondbeleid en actief grondbedrijf", "proces", "8.2", "Wonen en ruimte"),
        ("Transformatie kantoren naar woningen", "project", "8.3", "Wonen en ruimte"),
        ("Warmtetransitievisie: wijkuitvoeringsplan Oost", "programma", "7.4", "Duurzaamheid"),
        ("Zonnepanelen op gemeentelijk vastgoed", "project", "7.4", "Duurzaamheid"),
        ("Erfgoedprogramma monumenten", "project", "5.5", "Wonen en ruimte"),
        ("Vergunningverlening digitaal (DSO)", "proces", "8.3", "Wonen en ruimte"),
    ],
    "openbare-ruimte": [
        ("Herinrichting Dorpsstraat", "project", "2.1", "Openbare ruimte"),
        ("Vervanging riolering Kerkwijk", "project", "7.2", "Openbare ruimte"),
        ("Klimaatadaptatie: hittestress-aanpak", "programma", "7.2", "Duurzaamheid"),
        ("Nieuw afvalinzamelsysteem (diftar)", "project", "7.3", "Openbare ruimte"),
        ("Openbare verlichting naar LED", "project", "2.1", "Openbare ruimte"),
        ("Beheerplan bruggen en kademuren", "lijn", "2.1", "Openbare ruimte"),
        ("Fietsroute Voorbeeld–Stad", "project", "2.1", "Openbare ruimte"),
        ("Groenbeleidsplan en bomenbeleid", "project", "5.7", "Openbare ruimte"),
        ("Speelplaatsen vernieuwen", "project", "5.7", "Openbare ruimte"),
        ("Parkeerbeleid centrum", "project", "2.2", "Openbare ruimte"),
        ("Begraafplaats uitbreiding", "project", "7.5", "Openbare ruimte"),
        ("Onderhoud wegen meerjarenplan", "lijn", "2.1", "Openbare ruimte"),
    ],
    "informatievoorziening": [
        ("Vervanging zaaksysteem (Common Ground)", "project", "0.4", "Bedrijfsvoering"),
        ("BIO-verbeterplan informatiebeveiliging", "programma", "0.4", "Bedrijfsvoering"),
        ("Datagedreven sturing: datawarehouse", "project", "0.4", "Bedrijfsvoering"),
        ("Digitale toegankelijkheid website (WCAG)", "project", "0.2", "Dienstverlening"),
        ("E-depot en digitale archivering", "project", "0.4", "Bedrijfsvoering"),
        ("Klantcontactcentrum: omnichannel", "project", "0.2", "Dienstverlening"),
        ("Migratie naar de cloud (werkplek)", "project", "0.4", "Bedrijfsvoering"),
        ("Privacy: register van verwerkingen op orde", "proces", "0.4", "Bedrijfsvoering"),
        ("Algoritmeregister en AI-beleid", "project", "0.1", "Bedrijfsvoering"),
        ("Basisregistraties: BAG-kwaliteit", "lijn", "0.3", "Bedrijfsvoering"),
        ("Mijn Voorbeeld: inwonerportaal", "project", "0.2", "Dienstverlening"),
        ("Wet open overheid: actieve openbaarmaking", "project", "0.1", "Bedrijfsvoering"),
        ("Sensoren en slimme openbare ruimte", "project", "2.1", "Openbare ruimte"),
    ],
    "bedrijfsvoering": [
        ("Strategische personeelsplanning", "project", "0.4", "Bedrijfsvoering"),
        ("Nieuw financieel systeem en P&C-cyclus", "project", "0.4", "Bedrijfsvoering"),
        ("Huisvesting gemeentehuis verduurzamen", "project", "0.3", "Bedrijfsvoering"),
        ("Inkoopbeleid: maatschappelijk verantwoord", "project", "0.4", "Bedrijfsvoering"),
        ("Leiderschapsprogramma MT", "programma", "0.4", "Bedrijfsvoering"),
        ("Hybride werken", "project", "0.4", "Bedrijfsvoering"),
        ("Rechtmatigheidsverantwoording", "proces", "0.4", "Bedrijfsvoering"),
        ("Subsidiebeleid herijken", "project", "0.1", "Bestuur"),
        ("Verbonden partijen: governance", "proces", "0.1", "Bestuur"),
        ("Gemeentelijke Belastingen: WOZ-verbetering", "lijn", "0.61", "Bedrijfsvoering"),
    ],
}

# Lifecycle states in the proportions of a real portfolio (weights for the seeded draw).
STATE_WEIGHTS: list[tuple[str, int]] = [
    ("idee", 5),
    ("ingediend", 5),
    ("intake", 4),
    ("advies", 4),
    ("besluitvorming", 3),
    ("opgenomen", 6),
    ("gepland", 6),
    ("in_uitvoering", 14),
    ("afgerond", 4),
    ("batenrealisatie", 2),
    ("teruggestuurd", 1),
    ("geparkeerd", 2),
    ("afgewezen", 1),
    ("gestopt", 1),
]

# Which pools each domain typically needs, besides a project leader.
DOMAIN_POOLS: dict[str, list[str]] = {
    "sociaal": ["bel", "jur", "com"],
    "ruimte": ["bel", "jur", "fin"],
    "openbare-ruimte": ["bel", "com", "fin"],
    "informatievoorziening": ["ia", "jur", "fin"],
    "bedrijfsvoering": ["fin", "ia", "jur"],
}
