"""Every form of the application fuzzed with hypothesis: hostile input never gives a 5xx.

The forms are found, not listed: every page without an id in its URL (from the URL
configuration) and every object page of the tenant-isolation test is opened as a user holding
every role, and every POST form on it is parsed (inputs, selects with their options,
textareas). `test_every_form_page_is_fuzzed` fails when a page with a form is not in
FORM_PAGES. Each page's forms then receive random and hostile values (long strings, unicode,
NUL bytes, negative and huge numbers, impossible dates, missing fields, wrong options): the
answer must be a page with errors or a redirect (or 403/404 for an object the fuzzing removed
or a step the user may not take), never a server error.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from koersvast.tenancy.choices import Role
from koersvast.tenancy.services import membership_grant
from tests.factories import FrameworkFactory, ImpactAxisFactory, ObjectiveFactory
from tests.tenancy.test_isolation import OBJECT_URLS, Probe
from tests.tenancy.test_isolation import objects_of_a as objects_of_a

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = int(os.environ.get("KOERSVAST_FORM_FUZZ_EXAMPLES", "8"))
# Not application pages (or they end the session).
NOT_PAGES = {"healthz", "metrics", "logout", "set_language", "login", "tenancy:switch"}
NOT_PAGE_PREFIXES = ("admin:", "api:", "odata:", "spreadsheets:export", "identity:")
# Forms in the page header: fuzzed once, on the home page, not on every page.
HEADER_ACTIONS = {"logout", "set_language", "tenancy:switch"}
HOME = "home"
# Answers that are fine for hostile input: the form with errors (200; the framework import
# answers 400 with the problems), a redirect, or a refusal for a removed object or a step the
# user may not take now.
ACCEPTABLE = {200, 302, 303, 400, 403, 404, 409}


# --- finding the pages and their forms ---------------------------------------------------------


def plain_page_names() -> list[str]:
    """Names of the URL patterns without parameters that are application pages."""
    names: list[str] = []

    def walk(patterns: list[Any], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, ns)
            elif (
                isinstance(pattern, URLPattern) and pattern.name and not pattern.pattern.converters
            ):
                name = f"{namespace}{pattern.name}"
                if name not in NOT_PAGES and not name.startswith(NOT_PAGE_PREFIXES):
                    names.append(name)

    walk(get_resolver().url_patterns, "")
    return sorted(set(names))


def object_page_urls(objects: dict[str, Any], only: str | None = None) -> list[tuple[str, str]]:
    """(URL name, URL) of every object page an insider opens with a GET (OBJECT_URLS)."""
    pages = []
    for name, probes in sorted(OBJECT_URLS.items()):
        if only is not None and name != only:
            continue
        try:
            items = probes(objects)
        except (KeyError, AttributeError):  # an object kind these objects have no example of
            continue
        for item in items:
            probe = item if isinstance(item, Probe) else Probe(item)
            if probe.method == "get":  # the insider code is for a plain portfolio manager
                pages.append((name, probe.url))
    return pages


def all_pages(objects: dict[str, Any]) -> list[tuple[str, str]]:
    return [(name, reverse(name)) for name in plain_page_names()] + object_page_urls(objects)


@dataclass
class Field:
    kind: str  # the input type, "select" or "textarea"
    options: list[str] = field(default_factory=list)  # select/radio/checkbox values, or default
    multiple: bool = False


@dataclass
class Form:
    action: str
    multipart: bool
    fields: dict[str, Field] = field(default_factory=dict)


class FormParser(HTMLParser):
    """The POST forms of a page with their fields (enough to fill them in like a browser)."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            if a.get("method", "get").lower() == "post":
                action = urlsplit(urljoin(self.url, a.get("action") or self.url)).path
                self._form = Form(action, "multipart" in a.get("enctype", ""))
                self.forms.append(self._form)
            return
        form, name = self._form, a.get("name")
        if form is None or not name:
            if tag == "option" and form is not None and self._select:
                form.fields[self._select].options.append(a.get("value", ""))
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in {"submit", "button", "reset", "image"}:
                kind = "submit"
            known = form.fields.setdefault(name, Field(kind))
            if kind in {"radio", "checkbox", "hidden", "submit"} or "value" in a:
                known.options.append(a.get("value", "on"))
            known.multiple = known.multiple or kind == "checkbox"
        elif tag == "select":
            form.fields[name] = Field("select", multiple="multiple" in a)
            self._select = name
        elif tag == "textarea":
            form.fields[name] = Field("textarea")
        elif tag == "button" and a.get("type", "submit") == "submit":
            form.fields.setdefault(name, Field("submit")).options.append(a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def forms_on(html: str, url: str, *, with_header: bool = False) -> list[Form]:
    """The POST forms of a page; the header's forms only when asked (they are on every page)."""
    parser = FormParser(url)
    parser.feed(html)
    return [f for f in parser.forms if with_header or _action_name(f.action) not in HEADER_ACTIONS]


def _action_name(path: str) -> str:
    try:
        return resolve(path).view_name
    except Resolver404:
        return ""


# --- the user and the objects --------------------------------------------------------------


@pytest.fixture
def everyone(personas: dict[Role, Any], municipality: Any) -> Any:
    """A portfolio manager who holds every role, so every form is open to them."""
    user = personas[Role.PORTFOLIO_MANAGER]
    membership_grant(user=user, municipality=municipality, roles=list(Role))
    return user


@pytest.fixture
def fuzz_objects(objects_of_a: dict[str, Any], municipality: Any) -> dict[str, Any]:
    """The isolation test's objects plus a published framework, so the scoring form opens."""
    framework = FrameworkFactory(
        municipality=municipality, status="published", published_at=timezone.now()
    )
    ObjectiveFactory(municipality=municipality, framework=framework)
    ImpactAxisFactory(municipality=municipality, framework=framework)
    # Two axes on the draft too, so its weighing and publishing forms open whichever page
    # is fuzzed first (the axis pages' URLs would otherwise create them only for themselves).
    draft = objects_of_a["objective"].framework
    ImpactAxisFactory.create_batch(2, municipality=municipality, framework=draft)
    return objects_of_a


@pytest.fixture
def form_cache() -> dict[str, list[Form]]:
    return {}


@pytest.fixture
def client(everyone: Any) -> Client:
    client = Client()
    client.force_login(everyone)
    return client


def page_urls(name: str, objects: dict[str, Any]) -> list[str]:
    if name in OBJECT_URLS:
        return [url for page_name, url in object_page_urls(objects, only=name)]
    return [reverse(name)]


def page_forms(client: Client, objects: dict[str, Any], name: str) -> list[Form]:
    forms = []
    for url in page_urls(name, objects):
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            forms += forms_on(response.content.decode(), url, with_header=name == HOME)
    return forms


# --- hostile values ----------------------------------------------------------------------------

HOSTILE = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "x" * 20_000,
    "-1",
    "-99999999999999999999999",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "-Infinity",
    "0,000000001",
    "1.234.567,89",
    "2026-02-30",
    "0000-00-00",
    "31-12-2026",
    "9999-12-31",
    "1-1-1",
    '<script>alert(1)</script>"><img src=x>',
    "'; DROP TABLE portfolio_initiative; --",
    "\u202e\ufeff\U0001f600 Ωμέγα 漢字",
    "１２３",
    "\r\n\t",
    "../../etc/passwd",
]
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)
FILES = [b"", b"\x00" * 64, b"PK\x03\x04" + b"\x00" * 64, b"%PDF-1.4\n", b"kenmerk;jaar\n"]


def _value(spec: Field) -> st.SearchStrategy[Any]:
    choices = [st.sampled_from(spec.options)] if spec.options else []
    single = st.one_of(*choices, st.sampled_from(HOSTILE), TEXT)
    if spec.multiple:
        return st.lists(single, max_size=4)
    return single


def form_data(form: Form) -> st.SearchStrategy[dict[str, Any]]:
    """Any subset of the form's fields (missing fields too), each valid, hostile or random."""
    fields = {name: spec for name, spec in form.fields.items() if spec.kind != "file"}
    files = [name for name, spec in form.fields.items() if spec.kind == "file"]
    data = st.fixed_dictionaries({}, optional={n: _value(s) for n, s in fields.items()})
    if not files:
        return data
    upload = st.fixed_dictionaries({}, optional={n: st.sampled_from(FILES) for n in files})
    return st.tuples(data, upload).map(lambda pair: pair[0] | {"__files__": pair[1]})


def post(client: Client, form: Form, data: dict[str, Any]) -> Any:
    files = data.pop("__files__", {})
    payload = dict(data) | {n: SimpleUploadedFile(f"{n}.bin", c) for n, c in files.items()}
    return client.post(form.action, payload)


# --- the tests ---------------------------------------------------------------------------------

# Every page with a POST form (checked by test_every_form_page_is_fuzzed).
FORM_PAGES = [
    "administration:advice_kind_create",
    "administration:advice_kind_edit",
    "administration:body_create",
    "administration:body_edit",
    "administration:domain_create",
    "administration:domain_edit",
    "administration:field_create",
    "administration:field_edit",
    "administration:huisstijl",
    "administration:invitations",
    "administration:programme_create",
    "administration:programme_edit",
    "administration:user",
    "administration:user_create",
    "api_tokens",
    "benchmarking:index",
    "benchmarking:participation",
    "capacity:budget_edit",
    "capacity:person_anonymise",
    "capacity:person_create",
    "capacity:person_detail",
    "capacity:person_edit",
    "capacity:pool_create",
    "capacity:pool_edit",
    "capacity:pool_suggest",
    "council:item_create",
    "council:item_edit",
    "council:moment_create",
    "council:moment_delete",
    "council:moment_edit",
    "council:publication",
    "finance:budget_import",
    "finance:category_create",
    "finance:category_edit",
    "finance:funding_create",
    "finance:funding_delete",
    "finance:funding_edit",
    "finance:investment_create",
    "finance:investment_delete",
    "finance:investment_edit",
    "finance:line_create",
    "finance:line_delete",
    "finance:line_edit",
    "finance:mip_import",
    "finance:resistance_edit",
    "finance:risk_effect",
    "finance:settings",
    "framework:axis_create",
    "framework:axis_delete",
    "framework:axis_edit",
    "framework:framework_create",
    "framework:framework_edit",
    "framework:framework_import",
    "framework:framework_new_version",
    "framework:framework_publish",
    "framework:group_compare",
    "framework:group_weights",
    "framework:objective_create",
    "framework:objective_delete",
    "framework:objective_edit",
    "framework:round_create",
    # The reminder to who has not finished (a button while anyone has not).
    "framework:round_detail",
    "framework:round_participate",
    "home",
    "intake:advice_give",
    "intake:create",
    "intake:criterion_create",
    "intake:criterion_edit",
    "intake:decide",
    "intake:edit",
    "intake:meeting_create",
    "intake:proposal_decide",
    "intake:propose",
    "intake:score",
    "intake:settings",
    "intake:wsjf",
    "library:import",
    "library:publish",
    "library:template_withdraw",
    "monitoring:benefit_create",
    "monitoring:benefit_detail",
    "monitoring:budget_import",
    "monitoring:budget_plan",
    "monitoring:initiative",
    "monitoring:lesson_create",
    "monitoring:lesson_create_portfolio",
    "monitoring:lesson_edit",
    "monitoring:meeting_create",
    "monitoring:milestone_create",
    "monitoring:milestone_edit",
    "monitoring:opgave_create",
    "monitoring:opgave_edit",
    "monitoring:phase_model",
    "monitoring:programme_benefit_create",
    "monitoring:programme_create",
    "monitoring:programme_edit",
    "monitoring:programme_report_create",
    "monitoring:programme_report_edit",
    "monitoring:report_create",
    "monitoring:report_detail",
    "monitoring:report_edit",
    "monitoring:risk_create",
    "monitoring:risk_create_portfolio",
    "monitoring:risk_edit",
    "monitoring:settings",
    "planning:adopt",
    "planning:create",
    "planning:plan_version_readopt",
    "planning:scenario",
    "planning:scenarios",
    "planning:settings",
    "portfolio:initiative_detail",
    "spreadsheets:import_project",
    "spreadsheets:import_upload",
    "tenancy:settings",
]


def test_every_form_page_is_fuzzed(client: Client, fuzz_objects: dict[str, Any]) -> None:
    with_forms = {
        name
        for name, url in all_pages(fuzz_objects)
        if (response := client.get(url)).status_code == 200
        and response["Content-Type"].startswith("text/html")
        and forms_on(response.content.decode(), url, with_header=name == HOME)
    }
    assert sorted(with_forms) == FORM_PAGES, sorted(with_forms)


@pytest.mark.parametrize("name", FORM_PAGES)
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_hostile_input_never_gives_a_server_error(
    name: str,
    client: Client,
    fuzz_objects: dict[str, Any],
    form_cache: dict[str, list[Form]],
    data: st.DataObject,
) -> None:
    if name not in form_cache:  # once per page, not per example
        form_cache[name] = page_forms(client, fuzz_objects, name)
    forms = form_cache[name]
    assert forms, f"{name} has no form any more: remove it from FORM_PAGES"
    form = data.draw(st.sampled_from(forms), label="form")
    values = data.draw(form_data(form), label=form.action)
    response = post(client, form, values)
    assert response.status_code in ACCEPTABLE, (form.action, response.status_code)
