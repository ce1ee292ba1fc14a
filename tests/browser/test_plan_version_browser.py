"""The plan version page of the demo's adopted plan: download it as Excel and open its
decision document (issue 15: the plan of record as everyone reads it)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from openpyxl import load_workbook
from playwright.sync_api import expect

from koersvast.demo import content
from koersvast.demo.planning_demo import load_planning
from koersvast.demo.services import demo_load
from koersvast.planning.selectors.plan import current_version

from .conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_plan_version_page_excel_and_decision_document(live_server, page, tmp_path):
    municipality, _logins = demo_load()
    users = {u.username: u for u in get_user_model().objects.all()}
    load_planning(municipality, users=users)
    version = current_version(municipality.pk)
    assert version is not None

    login(page, live_server, "portfoliomanager", content.DEMO_PASSWORD)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Planning").click()
    page.get_by_role("navigation", name="Planning").get_by_role("link", name="Planversies").click()
    page.get_by_role("link", name=version.label, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(version.label)
    expect(page.get_by_role("heading", level=2).first).to_contain_text("gepland")
    assert_accessible(page)

    # The Excel download: one row per initiative of the version.
    with page.expect_download() as info:
        page.get_by_role("link", name="Downloaden als Excel").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert path.name.startswith(f"plan-{version.year}-{version.number}-")
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0][0] == "Kenmerk" and "Planversie" in rows[0]
    assert len(rows) - 1 == version.items.count()
    assert {row[rows[0].index("Planversie")] for row in rows[1:]} == {version.label}

    # The decision document: the decision, and what it did.
    page.get_by_role("link", name="Besluitdocument", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Besluitdocument {version.label}")
    expect(page.get_by_role("heading", name="Wat verschuift")).to_be_visible()
    expect(page.get_by_role("table", name="Plannen naast elkaar")).to_contain_text(version.label)
    expect(page.get_by_role("link", name="Downloaden als PDF")).to_be_visible()
    assert_accessible(page)
