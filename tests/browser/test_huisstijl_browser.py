"""The beheerder gives the gemeente its own look (Beheer › Huisstijl): a dark theme from a token
file and a light one from a chosen colour with a logo; axe (WCAG AA colour contrast included)
passes on the main pages in both, a theme with too little contrast is refused, and "terug naar
standaard" brings Koersvast's own look back."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

from koersvast.demo import content
from koersvast.portfolio.models import Initiative
from tests.demo_snapshot import load_demo

from .conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DARK = """/* A municipality's dark theme (NL Design System tokens). */
.gemeente-donker {
  --gemeente-kleur-nacht: #121212;
  --basis-color-default-bg-document: var(--gemeente-kleur-nacht);
  --basis-color-default-color-document: #f2f2f2;
  --basis-color-default-color-subtle: #c7c7c7;
  --basis-color-default-bg-subtle: #1f2933;
  --basis-color-default-border-default: #6b7785;
  --basis-color-action-2-color-default: #9ccfff;
  --basis-color-action-1-inverse-bg-default: #9ccfff;
  --basis-color-action-1-inverse-bg-hover: #cfe7ff;
  --basis-color-action-1-inverse-color-default: #0b1a2a;
  --basis-color-accent-1-inverse-bg-document: #000000;
  --basis-color-accent-1-inverse-color-document: #ffffff;
  --basis-color-accent-1-inverse-bg-default: #0b2a45;
  --basis-color-accent-1-inverse-color-default: #ffffff;
  --basis-color-negative-color-default: #ff9b9b;
  --basis-color-positive-color-default: #a6e07a;
  --basis-text-font-family-default: 'Noto Sans', sans-serif;
}
"""


def _main_pages() -> list[str]:
    """Pages of the portfolio manager, who sees the portfolio (the beheerder does not)."""
    initiative = Initiative.objects.order_by("pk").first()
    return [
        reverse("home"),
        reverse("portfolio:list"),
        reverse("portfolio:initiative_detail", args=[initiative.pk]),
        reverse("intake:board"),
        reverse("dashboards:index"),
        reverse("planning:scenarios"),
    ]


def _check_pages(page, colleague, live_server) -> None:
    """axe on the beheerder's pages and on the main pages of a colleague, in this theme."""
    for path in (reverse("administration:index"), reverse("administration:huisstijl")):
        page.goto(f"{live_server.url}{path}")
        assert_accessible(page)
    for path in _main_pages():
        response = colleague.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert_accessible(colleague)


def _background(page, selector: str) -> str:
    # After a redirect the message can be in the DOM before the theme's stylesheet applies.
    page.wait_for_load_state("load")
    return page.eval_on_selector(selector, "e => getComputedStyle(e).backgroundColor")


def test_beheerder_sets_a_dark_and_a_light_theme(live_server, page, tmp_path):
    load_demo()
    colleague = page.context.browser.new_context(locale="nl-NL").new_page()
    login(colleague, live_server, "portfoliomanager", content.DEMO_PASSWORD)
    login(page, live_server, "beheerder", content.DEMO_PASSWORD)
    page.goto(f"{live_server.url}/beheer/")
    page.get_by_role("link", name="Huisstijl").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Huisstijl van Gemeente Voorbeeld")
    assert_accessible(page)

    # A theme with too little contrast: refused, with the pair and the ratio.
    page.get_by_label("Hoofdkleur").fill("#ffcc00")
    page.get_by_role("button", name="Kleuren opslaan").click()
    expect(page.get_by_role("main")).to_contain_text("Te weinig contrast bij links")
    expect(page.get_by_role("main")).to_contain_text("2,70:1")
    assert_accessible(page)

    # Dark: the gemeente's token file.
    theme = tmp_path / "donker.css"
    theme.write_text(DARK)
    page.get_by_label("Tokenbestand (JSON of CSS)").set_input_files(str(theme))
    page.get_by_role("button", name="Tokenbestand inlezen").click()
    expect(page.locator(".messages")).to_contain_text("15 tokens gebruikt")
    assert _background(page, "body") == "rgb(18, 18, 18)"
    _check_pages(page, colleague, live_server)
    assert _background(colleague, "body") == "rgb(18, 18, 18)"

    # Light: one chosen colour, and a logo.
    page.goto(f"{live_server.url}{reverse('administration:huisstijl')}")
    page.get_by_role("button", name="Terug naar standaard").click()
    expect(page.locator(".messages")).to_contain_text("weer de standaardhuisstijl")
    assert _background(page, "body") == "rgb(255, 255, 255)"
    page.get_by_label("Hoofdkleur").fill("#8b0a50")
    page.get_by_role("button", name="Kleuren opslaan").click()
    expect(page.locator(".messages")).to_contain_text("De kleuren van uw gemeente")
    logo = tmp_path / "logo.png"
    image = io.BytesIO()
    Image.new("RGB", (240, 80), "#8b0a50").save(image, format="PNG")
    logo.write_bytes(image.getvalue())
    page.get_by_label("Logo (PNG, JPEG of WebP)").set_input_files(str(logo))
    page.get_by_role("button", name="Logo opslaan").click()
    expect(page.locator(".messages")).to_contain_text("Het logo is opgeslagen.")
    header_logo = page.get_by_role("img", name="Logo Gemeente Voorbeeld").first
    expect(header_logo).to_be_visible()
    # Visible is not loaded: wait until the browser has fetched and decoded the image.
    page.wait_for_function("document.querySelector('.brand__logo').complete")
    assert page.eval_on_selector(".brand__logo", "e => e.naturalWidth") == 240
    assert _background(page, ".main-nav") == "rgb(139, 10, 80)"
    _check_pages(page, colleague, live_server)
    assert _background(colleague, ".main-nav") == "rgb(139, 10, 80)"
    expect(colleague.get_by_role("img", name="Logo Gemeente Voorbeeld")).to_be_visible()

    # Terug naar standaard: Koersvast's own colours, no logo.
    page.goto(f"{live_server.url}{reverse('administration:huisstijl')}")
    page.get_by_role("button", name="Terug naar standaard").click()
    expect(page.locator(".brand__logo")).to_have_count(0)
    assert _background(page, ".main-nav") == "rgb(1, 104, 155)"
    colleague.context.close()
