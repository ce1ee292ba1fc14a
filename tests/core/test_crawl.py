"""Every page as every role: the crawl an independent reviewer runs, with Django's test client.

For each role, a user of the demo municipality (realistically filled by `koersvast demo`) starts
at the home page and follows every same-site link breadth-first (tests/crawl.py). No link may
lead to a 4xx, no page may fail with a 5xx, and no link or button may lead to a view that refuses
the role. Pages added later are picked up as soon as some page links to them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client

from koersvast.demo import content
from koersvast.tenancy.choices import Role
from tests import crawl as crawl_helpers
from tests.crawl import Crawl, crawl_as
from tests.demo_snapshot import load_demo

# Marked, so pytest-django creates the test database; each role is crawled inside one test.
pytestmark = pytest.mark.django_db

DEMO_USER = {Role(roles[0]): username for username, _f, _l, roles in content.USERS}


def test_the_demo_has_a_user_for_every_role():
    assert set(DEMO_USER) == set(Role), "the crawl needs a demo user per role"


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """The demo municipality, loaded once for this module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        municipality, _logins = load_demo()
        _huisstijl(municipality)
        yield municipality
        transaction.set_rollback(True)


def _huisstijl(municipality: Any) -> None:
    """An own look (colours and logo), so every page also loads the theme and the logo."""
    import io

    from django.core.files.base import ContentFile
    from PIL import Image

    from koersvast.administration.huisstijl import logo_prepare
    from koersvast.administration.models import Huisstijl
    from koersvast.administration.tokens import tokens_from_colours

    png = io.BytesIO()
    Image.new("RGB", (120, 40), "#8b0a50").save(png, format="PNG")
    huisstijl = Huisstijl(
        municipality=municipality, tokens=tokens_from_colours(primary="#8b0a50"), version="v1"
    )
    huisstijl.logo.save("logo.png", ContentFile(logo_prepare(png.getvalue())), save=True)


@dataclass
class RoleCrawl:
    """A role's crawl, and its representative pages rendered again in English."""

    crawl: Crawl
    english: dict[str, str]


@pytest.fixture(scope="module", params=list(Role), ids=lambda role: role.value)
def role(request: Any) -> Role:
    """The role a test checks. A module-scoped parameter, so that pytest runs the three tests of
    one role one after another: pytest-xdist then seldom splits a role between its workers,
    each of which would crawl it again (a crawl takes most of a minute)."""
    return request.param


@pytest.fixture(scope="module")
def crawled(demo: Any) -> Any:
    """The crawl of a role, done once per role for the whole module (within the first test that
    asks for it: what it writes, such as its session, is rolled back after that test)."""
    done: dict[Role, RoleCrawl] = {}

    def get(role: Role) -> RoleCrawl:
        if role not in done:
            done[role] = _crawl(role)
        return done[role]

    return get


def _crawl(role: Role) -> RoleCrawl:
    user = get_user_model().objects.get(username=DEMO_USER[role])
    client = Client()
    client.force_login(user)
    crawl = crawl_as(client, user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = {}
    for page in crawl.representatives().values():
        response = client.get(page.url)
        english[page.url] = response.content.decode()
    return RoleCrawl(crawl, english)


def test_every_link_opens_for_the_role_that_sees_it(role, crawled):
    crawl = crawled(role).crawl
    assert len(crawl.html_pages()) > 5, "the crawl found (almost) nothing"
    if crawl.problems:
        pytest.fail(f"{role.label}:\n" + "\n".join(crawl.problems), pytrace=False)


@pytest.fixture(scope="module")
def english_defaults() -> set[str]:
    return crawl_helpers.english_defaults()


@pytest.fixture(scope="module")
def dutch_sources(demo: Any, django_db_blocker: Any) -> set[str]:
    """Our Dutch source strings, less the names the municipality chose that happen to be one
    (its "Portfolioboard", its impact axis "Risico", its advice kinds, seeded with the usual five,
    the tags of its lessons learned such as "capaciteit") and the Excel column names (the
    portfolio template's and finance's: Dutch by design)."""
    from koersvast.finance.imports import BUDGET_FIELDS, MIP_FIELDS
    from koersvast.framework.models import ImpactAxis
    from koersvast.intake.models import AdviceKind, DecisionBody
    from koersvast.monitoring.models import Lesson
    from koersvast.spreadsheets.fields import FIELDS

    with django_db_blocker.unblock():
        data = {
            *DecisionBody.objects.values_list("name", flat=True),
            *AdviceKind.objects.values_list("name", flat=True),
            *ImpactAxis.objects.values_list("name", flat=True),
            *ImpactAxis.objects.values_list("code", flat=True),
            *get_user_model().objects.values_list("username", flat=True),
            *(tag for lesson in Lesson.objects.all() for tag in lesson.tag_list),
        }
    columns = {field.label for field in (*FIELDS, *MIP_FIELDS, *BUDGET_FIELDS)}
    return crawl_helpers.dutch_sources() - data - columns


def test_dutch_pages_show_no_english_defaults(role, crawled, english_defaults):
    """Every crawled page (Dutch is the default) is free of Django's and the libraries' English
    texts and of labels made from field names."""
    crawl = crawled(role).crawl
    found = {
        f"{page.url}: {text!r}"
        for page in crawl.html_pages()
        for text in crawl_helpers.leftovers(page.html, english_defaults)
    }
    if found:
        pytest.fail(f"{role.label}:\n" + "\n".join(sorted(found)), pytrace=False)


def test_english_pages_show_no_dutch_source_strings(role, crawled, dutch_sources):
    """One page per URL pattern and template, in English: no Dutch source string shows
    untranslated (one that has an English translation of its own)."""
    found = set()
    for url, html in crawled(role).english.items():
        assert '<html lang="en">' in html, url
        found |= {f"{url}: {text!r}" for text in crawl_helpers.leftovers(html, dutch_sources)}
    if found:
        pytest.fail(f"{role.label}:\n" + "\n".join(sorted(found)), pytrace=False)
