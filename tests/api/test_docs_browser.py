"""The interactive API documentation in a real browser, under the site's own CSP (item 13)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_docs_page_renders_the_operations(live_server: Any, page: Page) -> None:
    """drf-spectacular's page starts Swagger UI with an inline script: the CSP blocked it and
    the page stayed blank. Ours loads a script file of our own origin."""
    problems: list[str] = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    response = page.goto(f"{live_server.url}/api/v1/docs")
    assert (
        response is not None and "script-src 'self'" in response.headers["content-security-policy"]
    )
    # The operations start folded per resource (docExpansion "none"): unfolded, Swagger UI
    # stopped rendering part way through a document of this size, silently.
    tag = page.locator("h3.opblock-tag", has_text="initiatives").first
    expect(tag).to_be_visible(timeout=60_000)  # the document takes a while on a busy CI
    assert page.locator("h3.opblock-tag").count() > 30  # every resource of the document
    tag.click()
    operation = page.locator(".opblock-summary-path", has_text="/initiatives").first
    expect(operation).to_be_visible()
    page.locator(".opblock-summary-path", has_text="/initiatives/{id}/transition").first.click()
    expect(page.get_by_text("Zet een stap in de levensloop").first).to_be_visible()
    assert problems == []
