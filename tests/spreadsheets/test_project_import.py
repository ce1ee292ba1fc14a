"""Microsoft Project (MSPDI XML) import: tasks at an outline level become initiatives through
the Excel import's service (mapping, dry run, per-row errors, all or nothing); hostile XML is
refused before anything is read."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from koersvast.portfolio.models import CustomField, Initiative
from koersvast.spreadsheets.project import outline_levels, read_project
from koersvast.spreadsheets.reading import WorkbookRejected
from koersvast.spreadsheets.services import table_import
from koersvast.tenancy.choices import Role
from tests.factories import DomainFactory

pytestmark = pytest.mark.django_db

PLAN = (Path(__file__).parent / "project" / "portfolio.xml").read_bytes()

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<Project xmlns="http://schemas.microsoft.com/project"><Name>&lol4;</Name></Project>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE Project [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Project xmlns="http://schemas.microsoft.com/project"><Tasks><Task><UID>1</UID><ID>1</ID>
<Name>&secret;</Name><OutlineLevel>1</OutlineLevel></Task></Tasks></Project>"""


@pytest.fixture
def manager(personas):
    return personas[Role.PORTFOLIO_MANAGER]


@pytest.fixture
def own(municipality):
    return [
        CustomField.objects.create(
            municipality=municipality,
            code="wijk",
            name="Wijk",
            kind="keuze",
            options=["Noord", "Zuid"],
        ),
        CustomField.objects.create(
            municipality=municipality, code="inwoners", name="Aantal inwoners", kind="getal"
        ),
        CustomField.objects.create(
            municipality=municipality, code="privacy", name="Privacy", kind="janee"
        ),
    ]


def test_reads_the_top_level_tasks_with_dates_resources_and_custom_fields() -> None:
    assert outline_levels(PLAN) == [1, 2]
    table = read_project(PLAN, level=1, domain="Bedrijfsvoering")
    assert table.sheet == "Portfolio Gemeente 2027.xml"
    rows = {number: dict(zip(table.headers, values, strict=True)) for number, values in table.rows}
    assert list(rows) == [1, 5]  # task IDs; the blank row and the subtasks are not initiatives
    first = rows[1]
    assert first["Titel"] == "Nieuw zaaksysteem"
    assert (first["Start"], first["Einde"]) == (dt.date(2027, 1, 4), dt.date(2027, 9, 30))
    assert first["Duur (kwartalen)"] == 3
    assert first["Resources"] == "Inkoop, Team Informatievoorziening"  # from its subtasks
    assert first["Kosten (€)"] == Decimal("250000.00")
    assert first["Notities"] == "Vervanging van het verouderde zaaksysteem."
    assert first["Domein"] == "Bedrijfsvoering"
    # Extended attributes by alias (else Project's own name), a lookup value by its GUID.
    assert (first["Wijk"], first["Aantal inwoners"], first["Privacy"]) == ("Noord", "1250", "1")
    assert first["Text2"] == "ZK-12"
    assert rows[5]["Wijk"] == "Zuid"
    assert rows[5]["Duur (kwartalen)"] == 4
    # A lower level: the subtasks.
    assert [n for n, _v in read_project(PLAN, level=2).rows] == [2, 3, 6]


def test_imports_tasks_as_initiatives_with_own_fields(municipality, manager, own) -> None:
    DomainFactory(municipality=municipality, name="Bedrijfsvoering")
    table = read_project(PLAN, level=1, domain="Bedrijfsvoering")
    dry = table_import(municipality=municipality, by=manager, table=table, dry_run=True)
    assert dry.ok, dry.issues
    assert dry.created == 2
    assert not Initiative.objects.filter(municipality=municipality).exists()
    # Suggested: title, start, duration, domain and the own fields by their label.
    assert {"title", "start", "duration_quarters", "domain", "eigen:wijk"} <= set(dry.mapping)

    report = table_import(municipality=municipality, by=manager, table=table)
    assert report.applied
    first = Initiative.objects.get(title="Nieuw zaaksysteem")
    assert (first.start_year, first.start_quarter, first.duration_quarters) == (2027, 1, 3)
    assert first.domain.name == "Bedrijfsvoering"
    assert first.custom_values == {"wijk": "Noord", "inwoners": "1250", "privacy": True}
    second = Initiative.objects.get(title="Speeltuinen vernieuwen")
    assert second.custom_values == {"wijk": "Zuid", "privacy": False}
    assert (second.start_year, second.start_quarter) == (2027, 3)


def test_columns_can_be_mapped_to_other_fields(municipality, manager, own) -> None:
    DomainFactory(municipality=municipality, name="Bedrijfsvoering")
    CustomField.objects.create(
        municipality=municipality, code="resources", name="Teams", kind="tekst"
    )
    table = read_project(PLAN, level=1, domain="Bedrijfsvoering")
    mapping = {
        "title": table.headers.index("Titel"),
        "domain": table.headers.index("Domein"),
        "budget_capital": table.headers.index("Kosten (€)"),
        "problem": table.headers.index("Notities"),
        "eigen:resources": table.headers.index("Resources"),
    }
    report = table_import(municipality=municipality, by=manager, table=table, mapping=mapping)
    assert report.applied, report.issues
    first = Initiative.objects.get(title="Nieuw zaaksysteem")
    assert first.budget_capital == Decimal("250000.00")
    assert first.problem.startswith("Vervanging")
    assert first.custom_values == {"resources": "Inkoop, Team Informatievoorziening"}


def test_a_wrong_value_is_an_error_per_task_and_nothing_is_written(municipality, manager) -> None:
    DomainFactory(municipality=municipality, name="Bedrijfsvoering")
    CustomField.objects.create(
        municipality=municipality, code="wijk", name="Wijk", kind="keuze", options=["Oost", "West"]
    )
    table = read_project(PLAN, level=1, domain="Bedrijfsvoering")
    report = table_import(municipality=municipality, by=manager, table=table)
    assert not report.applied
    assert [(i.row, i.column) for i in report.issues] == [(1, "Wijk"), (5, "Wijk")]
    assert report.issues[0].message == "Onbekende keuze; kies uit: Oost, West."
    assert not Initiative.objects.filter(municipality=municipality).exists()


def test_without_a_domain_the_mapping_says_what_is_missing(municipality, manager) -> None:
    report = table_import(municipality=municipality, by=manager, table=read_project(PLAN))
    assert [i.message for i in report.issues] == [
        "Verplichte kolom ontbreekt: koppel een kolom aan “Domein”."
    ]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (BILLION_LAUGHS, "DOCTYPE of entiteiten"),
        (EXTERNAL_ENTITY, "DOCTYPE of entiteiten"),
        (b"<Project><Tasks>", "geen leesbaar XML-bestand"),
        (b"<Plan xmlns='urn:x'/>", "geen Microsoft Project-XML"),
        (b"PK\x03\x04 not xml", "geen leesbaar XML-bestand"),
    ],
)
def test_hostile_or_wrong_files_are_refused(content, reason) -> None:
    with pytest.raises(WorkbookRejected, match=reason):
        read_project(content)


def test_the_pages_run_the_project_import(municipality, pm_client, own) -> None:
    domain = DomainFactory(municipality=municipality, name="Bedrijfsvoering")
    url = reverse("spreadsheets:import_project")
    assert "XML-indeling" in pm_client.get(url).content.decode()
    hostile = SimpleUploadedFile("plan.xml", BILLION_LAUGHS)
    response = pm_client.post(url, {"file": hostile, "level": 1, "domain": domain.pk})
    assert "om veiligheidsredenen niet gelezen" in response.content.decode()
    response = pm_client.post(
        url, {"file": SimpleUploadedFile("plan.xml", PLAN), "level": 3, "domain": domain.pk}
    )
    assert "geen taken op niveau 3 (wel op: 1, 2)" in response.content.decode()

    upload = SimpleUploadedFile("plan.xml", PLAN)
    response = pm_client.post(url, {"file": upload, "level": 1, "domain": domain.pk})
    assert response.status_code == 302
    page = pm_client.get(reverse("spreadsheets:import_mapping")).content.decode()
    assert 'value="eigen:wijk" selected' in page
    assert "Nieuw zaaksysteem" in page
    mapping = {"title": 0, "start": 1, "duration_quarters": 3, "domain": 8, "eigen:wijk": 12}
    form = {f"col_{index}": key for key, index in mapping.items()}
    response = pm_client.post(reverse("spreadsheets:import_mapping"), form)
    assert response.status_code == 302, response.content.decode()[-3000:]
    preview = pm_client.get(reverse("spreadsheets:import_preview")).content.decode()
    assert "Speeltuinen vernieuwen" in preview
    assert not Initiative.objects.filter(municipality=municipality).exists()  # a dry run
    response = pm_client.post(reverse("spreadsheets:import_preview"))
    assert response.status_code == 302
    assert Initiative.objects.filter(municipality=municipality).count() == 2


def test_only_a_portfolio_manager_imports_and_outsiders_get_nothing(
    municipality, personas, client_for, outsider
) -> None:
    url = reverse("spreadsheets:import_project")
    assert client_for(personas[Role.SUBMITTER]).get(url).status_code == 403
    # The outsider manages another municipality: the page works there, with its own domains.
    page = client_for(outsider).get(url).content.decode()
    assert "Bedrijfsvoering" not in page


def test_the_command_imports_a_plan(municipality, own, tmp_path, capsys) -> None:
    from django.core.management import CommandError, call_command

    DomainFactory(municipality=municipality, name="Bedrijfsvoering", code="bv")
    plan = tmp_path / "plan.xml"
    plan.write_bytes(PLAN)
    call_command("import_project", str(plan), municipality="GM0344", domain="bv", dry_run=True)
    assert "Proefimport (niets opgeslagen): 2 nieuw" in capsys.readouterr().out
    assert not Initiative.objects.exists()
    call_command("import_project", str(plan), municipality="GM0344", domain="bv")
    assert Initiative.objects.filter(municipality=municipality).count() == 2
    hostile = tmp_path / "lol.xml"
    hostile.write_bytes(BILLION_LAUGHS)
    with pytest.raises(CommandError, match="DOCTYPE of entiteiten"):
        call_command("import_project", str(hostile), municipality="GM0344", domain="bv")
