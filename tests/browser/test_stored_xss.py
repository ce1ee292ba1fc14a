"""Stored XSS: HTML and JavaScript in every free-text field is shown as text, never run.

The demo municipality is loaded through the services (so every kind of object exists), then
every CharField and TextField of every tenant model is overwritten with hostile payloads: the
fields are enumerated from the models, not picked by hand. A portfolio manager who also holds
every other role then opens every page: the pages without an id in their URL (enumerated from
the URL configuration) and every object page of the tenant-isolation test (OBJECT_URLS).

The browser context bypasses the Content Security Policy on purpose: the CSP would block an
injected inline script anyway, and this test must prove the escaping on its own (defence in
depth). On every page: `window.__xss` stays undefined, no dialog opens, no injected element
(img/svg with handlers, <i class="xi">, javascript: links) is in the DOM, and the HTML the
server sent contains no payload unescaped. On the main pages the payload is visible as text.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models.functions import Cast, Concat
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Browser

from koersvast.tenancy.choices import Role
from koersvast.tenancy.services import membership_grant
from tests.core.test_form_fuzz import all_pages

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCRIPT = "<script>window.__xss=1</script>"
IMG = '"><img src=x onerror="window.__xss=1">'
LINK = '<a href="javascript:window.__xss=1">klik</a>'
MARKER = "<i class=xi>"  # short enough for any field; found in the DOM only when not escaped
# Longest first: each field gets the longest payload that fits with its " #<pk>" suffix.
PAYLOADS = [f"{SCRIPT}{IMG}{LINK}{MARKER}", f"{SCRIPT}{IMG}{MARKER}", IMG, SCRIPT, MARKER]
# Raw HTML that must never reach the page unescaped.
RAW = ["<script>window.__xss", "<img src=x", '<a href="javascript:', "<i class=xi>"]

# Stored values that are codes or secrets, not text a user types (or rendered output).
SKIPPED_FIELDS = {
    "intake.Transition.from_state",  # lifecycle state codes
    "intake.Transition.to_state",
    "monitoring.PhaseGate.from_phase",  # phase codes
    "monitoring.PhaseGate.to_phase",
    "planning.ScenarioRun.solver_status",  # the solver's status code
    "api.ApiToken.prefix",  # credentials
    "api.ApiToken.key_hash",
    "odata.ODataKey.prefix",
    "odata.ODataKey.secret_hash",
    "library.Template.kind",  # a code
    # Our own rendered report, frozen at publication: it is published below from the
    # poisoned data instead.
    "reports.PublishedReport.html",
}
SKIPPED_MODELS = {"audit.AuditEvent"}  # append-only by design; it names the poisoned objects

# Pages that must show the payload as visible text (the main lists and details).
MUST_SHOW = [
    "portfolio:list",
    "portfolio:initiative_detail",
    "intake:board",
    "intake:backlog",
    "monitoring:initiative",
    "monitoring:risks",
    "monitoring:programmes",
    "monitoring:report_detail",
    "reports:report",
]


def _payload(field: models.Field) -> models.Func:
    """The longest payload that fits, followed by the row's id (some fields are unique)."""
    room = (field.max_length or 10_000) - len(" #999999")
    text = next((p for p in PAYLOADS if len(p) <= room), "<b>")
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


def poison(municipality: Any) -> list[str]:
    """Overwrite every free-text field of the municipality's data; returns the fields."""
    poisoned = []
    for model in apps.get_models():
        label = model._meta.label
        if not model.__module__.startswith("koersvast.") or label in SKIPPED_MODELS:
            continue
        if "municipality" not in {f.name for f in model._meta.concrete_fields}:
            continue
        fields = _text_fields(model)
        if fields:
            # The base manager: a plain UPDATE, past the refusal of submitted reports to change.
            model._base_manager.filter(municipality=municipality).update(
                **{field.name: _payload(field) for field in fields}
            )
            poisoned += [f"{label}.{field.name}" for field in fields]
    municipality.name = f"{IMG}{MARKER}"[:100]
    municipality.save()
    users = get_user_model().objects.filter(memberships__municipality=municipality).distinct()
    users.update(first_name=_payload(get_user_model()._meta.get_field("first_name")))
    return poisoned


def _demo_objects(municipality: Any) -> dict[str, Any]:
    """One object of each kind the object URLs need, taken from the demo data."""
    from koersvast.capacity.models import CapacityPool
    from koersvast.framework.models import Objective
    from koersvast.intake.models import Advice, Attachment, EntryCriterion, Meeting
    from koersvast.monitoring.models import (
        Benefit,
        MeetingAction,
        Milestone,
        Opgave,
        Programme,
        ProgressReport,
        Risk,
    )
    from koersvast.planning.models import Lever, Scenario, ScenarioRun, UrgencyRequest
    from tests.factories import AttachmentFactory, ProgressReportFactory

    def first(model: Any, **filters: Any) -> Any:
        return model.objects.filter(municipality=municipality, **filters).order_by("pk").first()

    report = first(ProgressReport, status="ingediend")
    initiative = report.initiative
    pools = list(CapacityPool.objects.filter(municipality=municipality).order_by("pk")[:2])
    objects = {
        "initiative": initiative,
        "objective": first(Objective),
        "pool": pools[0],
        "extra_pool": pools[-1],
        "criterion": first(EntryCriterion),
        "advice": first(Advice),
        "attachment": first(Attachment) or AttachmentFactory(initiative=initiative),
        "meeting": first(Meeting),
        "scenario": first(Scenario),
        "lever": first(Lever),
        "run": first(ScenarioRun),
        "urgency": first(UrgencyRequest),
        "programme": first(Programme),
        "opgave": first(Opgave),
        "report": report,
        "draft_report": first(ProgressReport, status="concept")
        or ProgressReportFactory(initiative=initiative, year=2030),
        "milestone": first(Milestone),
        "meeting_action": first(MeetingAction),
        "risk": first(Risk),
        "benefit": first(Benefit),
    }
    return {key: value for key, value in objects.items() if value is not None}


def _report_pages() -> list[tuple[str, str]]:
    """The live P&C reports (the URL needs its parameters), both kinds."""
    from koersvast.reports.forms import initial_parameters

    return [
        (
            "reports:report",
            f"{reverse('reports:report')}?{urlencode(initial_parameters() | {'kind': kind})}",
        )
        for kind in ("portfolio", "raad")
    ]


def html_pages(client: Client, objects: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(URL name, URL, server HTML) of every page the user can open; fails on any 5xx."""
    candidates = all_pages(objects) + _report_pages()
    pages = []
    for name, url in candidates:
        response = client.get(url)
        assert response.status_code < 500, f"{name} {url}: {response.status_code}"
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            pages.append((name, url, response.content.decode()))
    return pages


DOM_CHECK = """() => ({
  xss: typeof window.__xss !== "undefined",
  injected: document.querySelectorAll(
    'i.xi, img[src="x"], [onerror], [onload], a[href^="javascript:" i]'
  ).length,
  inlineScripts: Array.from(document.scripts).filter(
    s => !s.src && s.type !== "application/json" && s.text.includes("__xss")
  ).length,
  text: document.body.innerText,
})"""


def test_payloads_in_every_text_field_are_shown_escaped(live_server, browser: Browser):
    from koersvast.demo import content
    from tests.demo_snapshot import load_demo

    municipality, _logins = load_demo()
    manager = get_user_model().objects.get(username="portfoliomanager")
    membership_grant(user=manager, municipality=municipality, roles=list(Role))
    poisoned = poison(municipality)
    assert {"portfolio.Initiative.title", "monitoring.ProgressReport.narrative"} <= set(poisoned)
    assert len(poisoned) >= 60  # every text field of every tenant model

    objects = _demo_objects(municipality)
    client = Client()
    client.force_login(manager)
    pages = html_pages(client, objects)
    assert len(pages) >= 70, [name for name, _url, _html in pages]
    for name, url, html in pages:
        leaked = [raw for raw in RAW if raw in html]
        assert not leaked, f"{name} {url} sends unescaped {leaked}"

    context = browser.new_context(locale="nl-NL", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    login(page, live_server, manager.username, content.DEMO_PASSWORD)
    shown = set()
    try:
        for name, url, _html in pages:
            page.goto(f"{live_server.url}{url}")
            page.wait_for_load_state("networkidle")
            found = page.evaluate(DOM_CHECK)
            assert not found["xss"], f"{name} {url}: a payload ran"
            assert not found["injected"], f"{name} {url}: {found['injected']} injected elements"
            assert not found["inlineScripts"], f"{name} {url}: an injected script element"
            assert not dialogs, f"{name} {url}: a dialog opened: {dialogs}"
            if SCRIPT in found["text"]:
                shown.add(name)
    finally:
        context.close()
    assert set(MUST_SHOW) <= shown, sorted(set(MUST_SHOW) - shown)
