"""A breadth-first crawl of the site as one user, the way an independent reviewer crawls it.

Starting at the home page it follows every same-site link (`<a href>`, `hx-get`, the default
target of every GET form, and the stylesheets and images a page loads from the application, such
as a municipality's huisstijl), and records each page's status. Every link found is also
checked against the rights its view declares (`member_required`), and so is the target of every
POST form (a button): a page may not offer what the user cannot use.

To stay fast on a realistic municipality, at most `per_route` instances of one URL pattern (and,
separately, of its query-string variants) are fetched; the other links to that pattern are still
checked against the view's declared rights. Used by `tests/core/test_crawl.py` (status codes and
language, Django's test client) and `tests/browser/test_crawl_browser.py` (axe and reflow).
"""

from __future__ import annotations

import traceback
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

import polib
from django.test import Client
from django.urls import Resolver404, resolve

from koersvast.core.navigation import view_allows

# Never followed: logging out ends the crawl, the language switch and the Django admin are no
# pages of the application, static files are WhiteNoise's.
SKIP_PREFIXES = ("/uitloggen/", "/i18n/", "/django-admin/", "/static/", "/media/")


@dataclass
class Page:
    """One fetched URL."""

    url: str
    status: int
    route: str
    template: str = ""
    html: str = ""
    found_on: str = ""


@dataclass
class Crawl:
    """What one user's crawl found."""

    pages: dict[str, Page] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def html_pages(self) -> list[Page]:
        return [p for p in self.pages.values() if p.html]

    def representatives(self) -> dict[tuple[str, str], Page]:
        """One whole page per (URL pattern, main template): what axe and the reflow check open
        (htmx fragments are part of the page that loads them)."""
        chosen: dict[tuple[str, str], Page] = {}
        for page in self.html_pages():
            if page.html.lstrip()[:15].lower() == "<!doctype html>":
                chosen.setdefault((page.route, page.template), page)
        return chosen


class _Links(HTMLParser):
    """The links, GET-form targets and POST-form targets of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.post_targets: list[str] = []
        self._form: dict[str, Any] | None = None
        self._select: str | None = None
        self._select_value: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if "hx-get" in a:
            self.links.append(a["hx-get"])
        # What the page loads from the application itself: a municipality's theme and logo
        # (static files are skipped below).
        if tag == "link" and "stylesheet" in a.get("rel", "").split() and a.get("href"):
            self.links.append(a["href"])
        if tag == "img" and a.get("src"):
            self.links.append(a["src"])
        if tag == "form":
            method = a.get("method", "get").lower()
            self._form = {"method": method, "action": a.get("action", ""), "fields": []}
        elif self._form is not None:
            self._form_field(tag, a)
            if (tag == "button" and a.get("type", "submit") == "submit") or (
                tag == "input" and a.get("type") in {"submit", "image"}
            ):
                self._form["submit"] = True

    def _form_field(self, tag: str, a: dict[str, str]) -> None:
        assert self._form is not None
        name = a.get("name")
        if tag == "input" and name and a.get("type", "text") not in {"submit", "button", "file"}:
            if a.get("type") in {"checkbox", "radio"} and "checked" not in a:
                return
            self._form["fields"].append((name, a.get("value", "")))
        elif tag == "select" and name:
            self._select, self._select_value = name, None
        elif (
            tag == "option"
            and self._select is not None
            and (self._select_value is None or "selected" in a)
        ):
            self._select_value = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self._form is not None and self._select is not None:
            self._form["fields"].append((self._select, self._select_value or ""))
            self._select = None
        if tag == "form" and self._form is not None:
            form, self._form = self._form, None
            if not form.get("submit"):
                return  # nothing to press: a list of checkboxes for others, say
            if form["method"] == "post":
                self.post_targets.append(form["action"])
            else:
                query = urlencode([(k, v) for k, v in form["fields"] if v])
                self.links.append(form["action"] + ("?" + query if query else ""))


def _same_site(base: str, href: str) -> str | None:
    """The path and query of a same-site link, or None for anything else."""
    href = href.strip()
    if not href or href.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
        return None
    parts = urlsplit(urljoin(base, href))
    if parts.scheme not in {"http", "https", ""} or parts.netloc not in {"testserver", ""}:
        return None
    if parts.path.startswith(SKIP_PREFIXES):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def route_of(url: str) -> str:
    """The URL pattern a URL resolves to (its route), or "" when it resolves to none."""
    try:
        return "/" + resolve(urlsplit(url).path).route
    except Resolver404:
        return ""


class Crawler:
    """Crawls as the user the client is logged in as; `check_rights` says whether a URL's view
    lets that user in according to its declared rights."""

    def __init__(self, client: Client, *, request_for_rights: Any, per_route: int = 5) -> None:
        self.client = client
        self.request = request_for_rights
        self.per_route = per_route
        self.result = Crawl()
        self._fetched_per_key: dict[tuple[str, bool], int] = {}
        self._checked: set[str] = set()

    def run(self, start: str = "/") -> Crawl:
        queue: deque[tuple[str, str]] = deque([(start, "")])
        seen = {start}
        while queue:
            url, source = queue.popleft()
            for link in self._visit(url, source):
                if link not in seen:
                    seen.add(link)
                    queue.append((link, url))
        return self.result

    def _check_rights(self, url: str, source: str, kind: str) -> None:
        if url in self._checked:
            return
        self._checked.add(url)
        if not view_allows(self.request, url):
            self.result.problems.append(f"{kind} to {url} on {source}: its view refuses this role")

    def _due(self, url: str) -> bool:
        key = (route_of(url), "?" in url)
        count = self._fetched_per_key.get(key, 0)
        self._fetched_per_key[key] = count + 1
        return count < self.per_route

    def _visit(self, url: str, source: str) -> list[str]:
        if source:
            self._check_rights(url, source, "link")
            if not self._due(url):
                return []
        try:
            response = self.client.get(url)
        except Exception:  # a 5xx: the test client re-raises the view's exception
            last = traceback.format_exc().strip().splitlines()[-1]
            self.result.problems.append(f"500 at {url} (linked from {source or 'start'}): {last}")
            return []
        status = response.status_code
        page = Page(url, status, route_of(url), found_on=source)
        self.result.pages[url] = page
        if status in {301, 302, 303, 307, 308}:
            target = _same_site(url, response["Location"])
            if target and target.startswith("/inloggen/"):
                self.result.problems.append(f"{url} sends a logged-in user to the login page")
            return [target] if target else []
        if status >= 400:
            self.result.problems.append(f"{status} at {url} (linked from {source or 'start'})")
            return []
        if "text/html" not in response.get("Content-Type", ""):
            return []
        page.html = response.content.decode()
        page.template = response.templates[0].name if response.templates else ""
        parser = _Links()
        parser.feed(page.html)
        for target in parser.post_targets:
            path = _same_site(url, target or url)
            if path:
                self._check_rights(path, url, "button")
        return [link for href in parser.links if (link := _same_site(url, href))]


def crawl_as(client: Client, user: Any, *, per_route: int = 5) -> Crawl:
    """Crawl the site from its home page as `user` (the client must be logged in as them)."""
    from django.test import RequestFactory

    from koersvast.tenancy.middleware import active_municipality

    request = RequestFactory().get("/")
    request.user = user
    request.session = client.session
    request.municipality = active_municipality(request)  # type: ignore[attr-defined]
    return Crawler(client, request_for_rights=request, per_route=per_route).run()


#: Attributes whose text a user reads or hears.
_SPOKEN_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")
_SKIPPED = {"script", "style", "template", "code", "pre"}
_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "wbr",
}


class _Texts(HTMLParser):
    """The texts of a page in its own language: text nodes and spoken attributes, without
    scripts and code, and without any part marked with another `lang` (a language switch)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self._page_lang = ""

    def _skipping(self) -> bool:
        return bool(self._stack) and self._stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "html":
            self._page_lang = a.get("lang", "")
            return
        lang = a.get("lang")
        skipped = (
            self._skipping()
            or tag in _SKIPPED
            or (lang is not None and lang.split("-")[0] != self._page_lang.split("-")[0])
        )
        if not skipped:
            self.texts.extend(" ".join(a[k].split()) for k in _SPOKEN_ATTRIBUTES if a.get(k))
            if tag == "input" and a.get("type") in {"submit", "button"} and a.get("value"):
                self.texts.append(a["value"])
        if tag not in _VOID:
            self._stack.append((tag, skipped))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._stack) - 1, -1, -1):
            if self._stack[index][0] == tag:
                del self._stack[index:]
                return

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if text and not self._skipping():
            self.texts.append(text)


def page_texts(html: str) -> list[str]:
    """What a reader of the page sees or hears, in the page's language, piece by piece."""
    parser = _Texts()
    parser.feed(html)
    return parser.texts


def _catalogue_msgids(path: Path) -> set[str]:
    return {entry.msgid for entry in polib.pofile(str(path)) if entry.msgid}


def english_defaults() -> set[str]:
    """English texts Django and the libraries show unless translated: their message ids, and
    the labels Django makes from a model field's name when it has no `verbose_name`."""
    import django
    import django_filters
    import rest_framework
    from django.apps import apps
    from django.utils.text import capfirst

    sources = [
        Path(django.__file__).parent / "conf/locale/en/LC_MESSAGES/django.po",
        Path(django.__file__).parent / "contrib/auth/locale/en/LC_MESSAGES/django.po",
        Path(django_filters.__file__).parent / "locale/nl/LC_MESSAGES/django.po",
        Path(rest_framework.__file__).parent / "locale/nl/LC_MESSAGES/django.po",
    ]
    texts = set().union(*(_catalogue_msgids(p) for p in sources if p.exists()))
    for model in apps.get_models():
        if not model.__module__.startswith("koersvast."):
            continue
        for model_field in model._meta.get_fields():
            name = getattr(model_field, "name", "")
            if str(getattr(model_field, "verbose_name", "")) == name.replace("_", " "):
                texts |= {capfirst(name.replace("_", " ")), name.replace("_", " ")}
    # A Dutch word that is also a field's name ("Status", "Score") is ours when we say it.
    texts -= {entry.msgid for entry in _our_catalogue()}
    return {text for text in texts if len(text) > 2 and any(c.isalpha() for c in text)}


def _our_catalogue() -> polib.POFile:
    import koersvast

    return polib.pofile(str(Path(koersvast.__file__).parent / "locale/en/LC_MESSAGES/django.po"))


def dutch_sources() -> set[str]:
    """Our Dutch source strings that have an English translation of their own."""
    return {
        entry.msgid
        for entry in _our_catalogue()
        if entry.msgstr and entry.msgstr != entry.msgid and "%" not in entry.msgid
    }


def leftovers(html: str, strings: set[str]) -> list[str]:
    """The texts of a page that are exactly one of `strings` (a label's ":" ignored)."""
    found = []
    for text in page_texts(html):
        if text in strings or text.rstrip(":").rstrip() in strings:
            found.append(text)
    return found
