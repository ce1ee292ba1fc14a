"""Import pages: the steps for a portfolio manager, 403 for a reader, files cleaned up."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from koersvast.portfolio.models import Initiative
from koersvast.tenancy.choices import Role
from tests.factories import DomainFactory

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "excel" / "voorbeeld-portfolio.xlsx"
DOMAINS = [
    "Sociaal domein",
    "Ruimte",
    "Openbare ruimte",
    "Informatievoorziening",
    "Bedrijfsvoering",
]


@pytest.fixture(autouse=True)
def media(disk_storage):
    return disk_storage  # files on the local disk, where the test can look (storage_support)


def upload(client, content: bytes, name: str = "lijst.xlsx"):
    return client.post(
        reverse("spreadsheets:import_upload"), {"file": SimpleUploadedFile(name, content)}
    )


def test_import_steps(municipality, pm_client, media) -> None:
    for name in DOMAINS:
        DomainFactory(municipality=municipality, name=name)
    assert pm_client.get(reverse("spreadsheets:import_upload")).status_code == 200
    assert pm_client.get(reverse("spreadsheets:template")).status_code == 200
    response = upload(pm_client, SAMPLE.read_bytes())
    assert response.status_code == 302
    assert len(list((media / "imports" / "GM0344").glob("*.xlsx"))) == 1
    page = pm_client.get(reverse("spreadsheets:import_mapping")).content.decode()
    assert "Projectnaam" in page and 'value="title" selected' in page
    form = {"sheet": "Portfoliolijst 2026"}
    form |= {
        f"col_{i}": key
        for i, key in enumerate(
            [
                "reference",
                "title",
                "domain",
                "work_form",
                "state",
                "taakveld",
                "problem",
                "intended_result",
                "budget_capital",
                "budget_operating",
                "start",
                "duration_quarters",
                "is_statutory",
                "",
            ]
        )
    }
    assert pm_client.post(reverse("spreadsheets:import_mapping"), form).status_code == 302
    preview = pm_client.get(reverse("spreadsheets:import_preview")).content.decode()
    assert "Proefimport geslaagd: 12 nieuw" in preview
    assert Initiative.objects.count() == 0
    done = pm_client.post(reverse("spreadsheets:import_preview"))
    assert done.status_code == 302 and Initiative.objects.count() == 12
    assert not list((media / "imports" / "GM0344").glob("*.xlsx"))


def test_preview_shows_row_errors(municipality, pm_client) -> None:
    from tests.spreadsheets.test_spreadsheets_import import BROKEN

    DomainFactory(municipality=municipality, name="Ruimte")
    upload(pm_client, BROKEN["text in amount"][0])
    pm_client.get(reverse("spreadsheets:import_mapping"))
    form = {"col_0": "reference", "col_1": "title", "col_2": "domain", "col_3": "budget_capital"}
    pm_client.post(reverse("spreadsheets:import_mapping"), form)
    page = pm_client.post(reverse("spreadsheets:import_preview")).content.decode()
    assert "heel veel" in page and "Geen bedrag" in page
    assert Initiative.objects.count() == 0


def test_upload_rejects_non_xlsx(pm_client) -> None:
    page = upload(pm_client, b"Kenmerk;Titel\n", "lijst.xlsx").content.decode()
    assert "geen Excel-werkmap" in page
    assert "extensie .xlsx" in upload(pm_client, b"x", "lijst.csv").content.decode()


def test_duplicate_mapping_is_refused(municipality, pm_client) -> None:
    upload(pm_client, SAMPLE.read_bytes())
    response = pm_client.post(
        reverse("spreadsheets:import_mapping"), {"col_0": "title", "col_1": "title"}
    )
    assert response.status_code == 200 and "maar aan één kolom" in response.content.decode()


@pytest.mark.parametrize("name", ["import_upload", "import_mapping", "import_preview", "template"])
def test_reader_gets_403(name, personas, client_for) -> None:
    client = client_for(personas[Role.READER])
    assert client.get(reverse(f"spreadsheets:{name}")).status_code == 403


def test_session_of_another_municipality_is_ignored(
    municipality, pm_client, outsider, client_for
) -> None:
    upload(pm_client, SAMPLE.read_bytes())
    state = pm_client.session["spreadsheets_import"]
    other = client_for(outsider)
    session = other.session
    session["spreadsheets_import"] = state
    session.save()
    response = other.get(reverse("spreadsheets:import_mapping"))
    assert response.status_code == 302 and response.url == reverse("spreadsheets:import_upload")


def test_import_steps_are_separate_words(pm_client) -> None:
    """The step indicator reads "Bestand kiezen Kolommen koppelen …", not "kiezenKolommen"."""
    import re

    page = pm_client.get(reverse("spreadsheets:import_upload")).content.decode()
    steps = re.search(r'<ol class="import-steps".*?</ol>', page, re.S)
    assert steps is not None
    text = " ".join(re.sub(r"<[^>]+>", "", steps.group()).split())
    assert text == "Bestand kiezen Kolommen koppelen Controleren en importeren"
    assert "kiezenKolommen" not in re.sub(r"<[^>]+>", "", page)
    assert '<li aria-current="step">Bestand kiezen</li>' in steps.group()
