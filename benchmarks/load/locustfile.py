"""Load scenario: portfolio managers, project leaders and readers using Koersvast at once.

Run through `benchmarks/load/run.py`, which prepares the database (the demo municipality with
2,000 initiatives), signed-in sessions and `targets.json`, starts gunicorn and runs this file
headless. The users arrive already signed in (a login costs a deliberately slow password hash
and happens once a day, not once per page), and behave as behind the TLS proxy of production
(`X-Forwarded-Proto: https`). They fetch the HTML pages only: static files are cached by the
browser and served by WhiteNoise with far-future expiry headers.

Mix (weights): readers 5, project leaders 3, portfolio managers 2, each waiting 2–10 s between
pages. A project leader submits a progress report now and then (GET the form, POST it).
"""

from __future__ import annotations

import json
import os
import random
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from locust import HttpUser, between, events, task

TARGETS = json.loads(
    Path(os.environ.get("LOAD_TARGETS", Path(__file__).with_name("targets.json"))).read_text()
)
URLS = TARGETS["urls"]  # reversed by run.py, so the scenario follows the URL configuration
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


class FormFields(HTMLParser):
    """Name → value of the inputs, selects (first option) and textareas of the POST form."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self.buttons: dict[str, str] = {}
        self._in_form = False
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post" and not self.fields:
            self._in_form = True
        if not self._in_form or not a.get("name"):
            return
        name = a["name"]
        if tag == "input" and a.get("type") not in {"submit", "checkbox", "radio"}:
            self.fields[name] = a.get("value", "")
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and self._select not in self.fields:
            self.fields[self._select] = a.get("value", "")
        elif tag == "textarea":
            self.fields[name] = ""
        elif tag == "button" or (tag == "input" and a.get("type") == "submit"):
            self.buttons[name] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        elif tag == "select":
            self._select = None


class SignedIn(HttpUser):
    abstract = True
    wait_time = between(2, 10)  # reading a page; about 8 requests per second for 50 users
    role = ""

    def on_start(self) -> None:
        sessions = TARGETS["sessions"][self.role]
        self.client.cookies.set(TARGETS["session_cookie"], random.choice(sessions))
        self.client.headers.update(PROXY_HEADERS)

    def page(self, url: str, name: str) -> Any:
        with self.client.get(url, name=name, catch_response=True, allow_redirects=False) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code} for {url}")
            return r

    def initiative(self) -> str:
        return URLS["initiative"].format(random.choice(TARGETS["initiatives"]))

    def portfolio_filtered(self) -> None:
        filters = random.choice(
            [
                {"state": random.choice(TARGETS["states"])},
                {"domain": random.choice(TARGETS["domains"])},
                {"q": random.choice(["sport", "wijk", "digitaal", "Benchmark", "1"])},
                {"state": random.choice(TARGETS["states"]), "page": random.randint(1, 3)},
            ]
        )
        self.page(f"{URLS['portfolio']}?{urlencode(filters)}", "portfolio list (filtered)")

    def report_html(self) -> None:
        self.page(f"{URLS['report']}?{urlencode(TARGETS['report'])}", "report (HTML)")


class Reader(SignedIn):
    """Leest het dashboard, de portfoliolijst, initiatieven en rapportages."""

    weight = 5
    role = "reader"

    @task(3)
    def dashboard(self) -> None:
        self.page(URLS["dashboard"], "dashboard")

    @task(2)
    def portfolio(self) -> None:
        self.page(URLS["portfolio"], "portfolio list")

    @task(2)
    def filtered(self) -> None:
        self.portfolio_filtered()

    @task(4)
    def detail(self) -> None:
        self.page(self.initiative(), "initiative detail")

    @task(1)
    def monitoring(self) -> None:
        self.page(URLS["monitoring"], "monitoring overview")

    @task(1)
    def report(self) -> None:
        self.report_html()


class ProjectLeader(SignedIn):
    """Volgt de eigen projecten en dient af en toe een voortgangsrapportage in."""

    weight = 3
    role = "leader"

    def own(self) -> int:
        return random.choice(TARGETS["leader_initiatives"])

    @task(3)
    def own_monitoring(self) -> None:
        self.page(URLS["monitoring_initiative"].format(self.own()), "monitoring of an initiative")

    @task(2)
    def detail(self) -> None:
        self.page(URLS["initiative"].format(self.own()), "initiative detail")

    @task(2)
    def overview(self) -> None:
        self.page(URLS["monitoring"], "monitoring overview")

    @task(1)
    def home(self) -> None:
        self.page(URLS["home"], "home")

    @task(1)
    def submit_report(self) -> None:
        url = URLS["report_create"].format(self.own())
        form = self.page(url, "progress report form")
        if form.status_code != 200:
            return
        parser = FormFields()
        parser.feed(form.text)
        data = dict(parser.fields)
        data.update({name: "groen" for name in data if name.startswith("rag_")})
        data["narrative"] = "Loopt volgens plan; aanbesteding gegund."
        if "submit" in parser.buttons:  # "Indienen", not "Concept opslaan"
            data["submit"] = parser.buttons["submit"]
        host = self.host.split("://", 1)[-1]
        # The CSRF cookie is Secure (production) and the client talks plain HTTP to the
        # loopback, as a TLS proxy would: hand the cookie back explicitly.
        csrf = {TARGETS["csrf_cookie"]: form.cookies.get(TARGETS["csrf_cookie"], "")}
        with self.client.post(
            url,
            data=data,
            cookies=csrf,
            headers={"Referer": f"https://{host}{url}"},
            name="progress report submit",
            catch_response=True,
            allow_redirects=False,
        ) as response:
            # 302: saved; 200: the form again (e.g. this quarter's report exists): both fine.
            if response.status_code not in {200, 302}:
                response.failure(f"{response.status_code} submitting a report")


class PortfolioManager(SignedIn):
    """Stuurt het portfolio: dashboard, gefilterde lijsten, monitoring, rapportages."""

    weight = 2
    role = "manager"

    @task(3)
    def dashboard(self) -> None:
        self.page(URLS["dashboard"], "dashboard")

    @task(4)
    def filtered(self) -> None:
        self.portfolio_filtered()

    @task(3)
    def detail(self) -> None:
        self.page(self.initiative(), "initiative detail")

    @task(2)
    def monitoring(self) -> None:
        self.page(URLS["monitoring"], "monitoring overview")

    @task(1)
    def backlog(self) -> None:
        self.page(URLS["backlog"], "backlog")

    @task(1)
    def report(self) -> None:
        self.report_html()


@events.quitting.add_listener
def _exit_code(environment: Any, **_kwargs: Any) -> None:
    """Any failed request makes the run fail (the target is zero errors)."""
    if environment.stats.total.num_failures:
        environment.process_exit_code = 1
