"""Opt-in (KOERSVAST_THEMED_CRAWL=1, about four minutes): the whole-site axe and reflow crawl of
test_crawl_browser.py, with the demo municipality in the dark theme of
test_huisstijl_browser.py and a logo. Every page template of every role must keep WCAG AA
contrast when a municipality themes Koersvast (decision 1003). `make test` leaves it out to
spare CI the time; run it after changing app.css."""

from __future__ import annotations

import io
import os
from typing import Any

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from koersvast.administration.huisstijl import logo_prepare
from koersvast.administration.models import Huisstijl
from koersvast.administration.tokens import contrast_problems, read_token_file
from tests.browser import test_crawl_browser as site_crawl
from tests.demo_snapshot import load_demo

from .test_huisstijl_browser import DARK

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("KOERSVAST_THEMED_CRAWL"), reason="opt-in: KOERSVAST_THEMED_CRAWL=1"
    ),
]


def _dark_demo() -> Any:
    municipality, logins = load_demo()
    tokens = read_token_file(DARK, filename="donker.css").tokens
    assert contrast_problems(tokens) == []
    png = io.BytesIO()
    Image.new("RGB", (120, 40), "#8b0a50").save(png, format="PNG")
    huisstijl = Huisstijl(municipality=municipality, tokens=tokens, version="v1")
    huisstijl.logo.save("logo.png", ContentFile(logo_prepare(png.getvalue())), save=True)
    return municipality, logins


def test_every_page_template_passes_axe_in_a_dark_theme(live_server, browser, monkeypatch):
    monkeypatch.setattr(site_crawl, "load_demo", _dark_demo)
    site_crawl.test_every_page_template_passes_axe_and_reflows_at_320_px(live_server, browser)
