"""Every page as every role: the crawl an independent reviewer runs, with Django's test client.

For each role, a user of the demo municipality (realistically filled by `koersvast demo`) starts
at the home page and follows every same-site link breadth-first (tests/crawl.py). No link may
lead to a 4xx, no page may fail with a 5xx, and no link or button may lead to a view that refuses
the role. Pages added later are picked up as soon as some page links to them.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client

from koersvast.demo import content
from koersvast.demo.services import demo_load
from koersvast.tenancy.choices import Role
from tests.crawl import Crawl, crawl_as

DEMO_USER = {Role(roles[0]): username for username, _f, _l, roles in content.USERS}


def test_the_demo_has_a_user_for_every_role():
    assert set(DEMO_USER) == set(Role), "the crawl needs a demo user per role"


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """The demo municipality, loaded once for this module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        municipality, _logins = demo_load()
        yield municipality
        transaction.set_rollback(True)


_crawls: dict[Role, tuple[Client, Crawl]] = {}


@pytest.fixture
def crawled(demo: Any, db: Any) -> Any:
    """The crawl of a role (done once per role for the whole module)."""

    def get(role: Role) -> tuple[Client, Crawl]:
        if role not in _crawls:
            user = get_user_model().objects.get(username=DEMO_USER[role])
            client = Client()
            client.force_login(user)
            _crawls[role] = (client, crawl_as(client, user))
        return _crawls[role]

    return get


@pytest.mark.parametrize("role", list(Role))
def test_every_link_opens_for_the_role_that_sees_it(role, crawled):
    _client, crawl = crawled(role)
    assert len(crawl.html_pages()) > 5, "the crawl found (almost) nothing"
    if crawl.problems:
        pytest.fail(f"{role.label}:\n" + "\n".join(crawl.problems), pytrace=False)
