"""Acceptance: gemeente A publishes a framework template; gemeente B browses, previews, adopts
and adapts it, and sees the link to the source version (axe on every page)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from koersvast.demo import content
from koersvast.demo.benchmark_demo import peer_codes
from koersvast.framework.models import Framework
from koersvast.library.fileformat import version_bytes
from koersvast.library.services import template_adopt, template_publish
from koersvast.tenancy.choices import Role
from koersvast.tenancy.models import Municipality
from koersvast.tenancy.services import membership_grant
from tests.demo_snapshot import load_demo
from tests.factories import FrameworkFactory, MunicipalityFactory, ObjectiveFactory

from .conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_publish_in_one_municipality_adopt_and_adapt_in_another(live_server, page, browser):
    voorbeeld, _logins = load_demo()
    source = Framework.objects.get(municipality=voorbeeld, status="published")
    peer = Municipality.objects.get(cbs_code=peer_codes()[6])
    other = get_user_model().objects.create_user("pm-b", password=content.DEMO_PASSWORD)
    membership_grant(user=other, municipality=peer, roles=[Role.PORTFOLIO_MANAGER])

    # Gemeente A publishes its framework.
    login(page, live_server, "portfoliomanager", content.DEMO_PASSWORD)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Sjablonen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sjablonenbibliotheek")
    assert_accessible(page)
    page.get_by_role("link", name="Sjabloon publiceren").click()
    assert_accessible(page)
    page.get_by_label("Wat publiceert u?").select_option(f"afwegingskader:{source.pk}")
    page.get_by_label("Titel").fill("Afwegingskader Gemeente Voorbeeld")
    page.get_by_label("Beschrijving").fill("Vier thema's uit het coalitieakkoord.")
    page.get_by_role("button", name="Publiceren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Afwegingskader Gemeente Voorbeeld")
    expect(page.locator(".messages")).to_contain_text("Gepubliceerd")
    assert_accessible(page)

    # Gemeente B browses and previews.
    b = browser.new_context(locale="nl-NL").new_page()
    login(b, live_server, "pm-b", content.DEMO_PASSWORD)
    b.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Sjablonen").click()
    b.get_by_label("Soort").select_option(label="Afwegingskader")
    b.get_by_role("searchbox", name="Zoeken").fill("Voorbeeld")
    b.get_by_role("button", name="Filteren").click()
    expect(b.get_by_role("status")).to_have_text("1 sjabloon")
    assert_accessible(b)
    b.get_by_role("link", name="Afwegingskader Gemeente Voorbeeld").click()
    expect(b.locator(".lead")).to_contain_text("van Gemeente Voorbeeld")
    tree = b.get_by_role("table", name=re.compile("Doelstellingen met hun gewicht"))
    expect(tree.get_by_role("rowheader").first).to_contain_text("T1")
    assert "portfoliomanager" not in b.content()
    assert_accessible(b)

    # B adopts it: a new draft in B's own municipality.
    b.get_by_role("link", name="Overnemen in mijn gemeente").click()
    expect(b.get_by_role("heading", level=1)).to_contain_text("overnemen")
    assert_accessible(b)
    b.get_by_role("button", name="Overnemen").click()
    expect(b.locator(".messages")).to_contain_text("Sjabloon overgenomen")
    expect(b.locator(".lead")).to_contain_text("Concept")
    assert_accessible(b)
    draft = Framework.objects.get(municipality=peer)

    # B adapts it: another weight for theme T1.
    b.get_by_role("link", name="Bewerken T1", exact=True).click()
    assert_accessible(b)
    b.get_by_label("Lokaal gewicht").fill("5")
    b.get_by_role("button", name="Opslaan").click()
    expect(b.locator(".messages")).to_contain_text("is opgeslagen")
    assert draft.objectives.get(code="T1").weight == 5

    # The link to the source version is kept.
    b.goto(f"{live_server.url}/sjablonen/overgenomen/")
    expect(b.get_by_role("heading", level=1)).to_have_text("Overgenomen sjablonen")
    expect(b.get_by_role("table")).to_contain_text(f"{draft.name} v{draft.version}")
    assert_accessible(b)
    b.get_by_role("link", name="Afwegingskader Gemeente Voorbeeld, versie 1").click()
    expect(b.locator("#adoption-status")).to_contain_text("Uw gemeente heeft deze versie (1)")
    assert_accessible(b)
    b.context.close()


def test_newer_version_is_compared_and_merged_file_imported_and_template_withdrawn(
    live_server, page, browser
):
    author_town = MunicipalityFactory(cbs_code="GM0344", name="Utrecht", inhabitants=374_238)
    adopter_town = MunicipalityFactory(cbs_code="GM0363", name="Amsterdam", inhabitants=931_298)
    author = get_user_model().objects.create_user("auteur", password=content.DEMO_PASSWORD)
    adopter = get_user_model().objects.create_user("overnemer", password=content.DEMO_PASSWORD)
    membership_grant(user=author, municipality=author_town, roles=[Role.PORTFOLIO_MANAGER])
    membership_grant(user=adopter, municipality=adopter_town, roles=[Role.PORTFOLIO_MANAGER])
    framework = FrameworkFactory(municipality=author_town, name="Kader", version=1)
    for code, weight in (("T1", 2), ("T2", 1)):
        ObjectiveFactory(
            municipality=author_town, framework=framework, code=code, name=code, weight=weight
        )
    first = template_publish(
        municipality=author_town,
        kind="afwegingskader",
        source_key=str(framework.pk),
        title="Kader van Utrecht",
        description="",
        by=author,
    )
    template_adopt(version=first, municipality=adopter_town, by=adopter)
    framework.objectives.filter(code="T2").update(weight=3)
    template_publish(
        municipality=author_town,
        kind="afwegingskader",
        source_key=str(framework.pk),
        title="Kader van Utrecht",
        description="",
        note="T2 weegt zwaarder.",
        template=first.template,
        by=author,
    )

    # The adopter sees the newer version, compares and merges it.
    login(page, live_server, "overnemer", content.DEMO_PASSWORD)
    page.goto(f"{live_server.url}/sjablonen/overgenomen/")
    expect(page.get_by_role("table")).to_contain_text("versie 2 beschikbaar")
    page.get_by_role("link", name="Vergelijken en samenvoegen Kader van Utrecht").click()
    table = page.get_by_role(
        "table", name="Verschillen tussen de overgenomen en de nieuwste versie"
    )
    expect(table).to_contain_text("Doelstellingen: T2 T2")
    expect(table.get_by_role("checkbox")).to_be_checked()
    assert_accessible(page)
    page.get_by_role("button", name="Geselecteerde wijzigingen samenvoegen").click()
    expect(page.locator(".messages")).to_contain_text("Nieuwere versie samengevoegd")
    expect(page.locator(".lead")).to_contain_text("versie 2")

    # A file exported here can be imported (here, as if from another instance).
    page.goto(f"{live_server.url}/sjablonen/importeren/")
    assert_accessible(page)
    page.get_by_label("Sjabloonbestand (JSON)").set_input_files(
        files=[
            {
                "name": "sjabloon.json",
                "mimeType": "application/json",
                "buffer": version_bytes(first),
            }
        ]
    )
    page.get_by_role("button", name="Importeren").click()
    expect(page.locator(".messages")).to_contain_text("Geïmporteerd in de bibliotheek")
    expect(page.locator(".lead")).to_contain_text("van Utrecht (GM0344)")
    assert_accessible(page)

    # The author withdraws the template; the adopter's copy stays.
    other = browser.new_context(locale="nl-NL").new_page()
    login(other, live_server, "auteur", content.DEMO_PASSWORD)
    other.goto(f"{live_server.url}/sjablonen/versies/{first.pk}/")
    other.get_by_role("link", name="Intrekken").click()
    assert_accessible(other)
    other.get_by_role("button", name="Intrekken").click()
    expect(other.locator(".messages")).to_contain_text("is ingetrokken")
    other.context.close()
    assert Framework.objects.filter(municipality=adopter_town).count() == 2
