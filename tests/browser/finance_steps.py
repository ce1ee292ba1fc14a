"""Steps the finance browser journeys share."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def add_reserve_dekking(page: Page, year: int) -> None:
    """On an initiative's Financiën page: € 400.000 a year structurally from the bestemmings-
    reserve "Reserve digitalisering" from `year`, and see it listed."""
    page.get_by_role("link", name="Dekking toevoegen").click()
    page.get_by_label("Bron").select_option(label="Bestemmingsreserve")
    page.get_by_label("Naam van de reserve, voorziening of regeling").fill("Reserve digitalisering")
    page.get_by_label("Jaar").fill(str(year))
    page.get_by_label("Aard").select_option(label="Structureel")
    page.get_by_label("Bedrag (€)").fill("400.000")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("table", name="Dekking per bron")).to_contain_text(
        "Reserve digitalisering"
    )
