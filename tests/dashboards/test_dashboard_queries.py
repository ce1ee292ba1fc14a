"""The dashboard keeps a constant number of queries whatever the portfolio's size."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ScenarioFactory, ScenarioRunFactory

from .conftest import build_portfolio

URL = reverse("dashboards:index")
#: A ceiling that catches a runaway page; the real guard is "3 and 30 cost the same".
CEILING = 40


def _plan(municipality) -> None:
    ScenarioRunFactory(
        scenario=ScenarioFactory(municipality=municipality, is_plan_of_record=True),
        status="done",
        problem={
            "periods": ["2026-Q1"],
            "pools": [{"id": "pl", "name": "Projectleiders", "capacity": 100}],
            "initiatives": [],
        },
        solution={"utilisation": {"pl": [80]}, "selected": []},
    )


@pytest.mark.parametrize("params", [{}, {"domain": "s-sociaal", "period": "2026"}])
def test_query_count_does_not_grow_with_the_initiatives(
    municipality, pm_client, django_assert_max_num_queries, params
) -> None:
    _plan(municipality)
    build_portfolio(municipality, 3, prefix="S")
    with django_assert_max_num_queries(CEILING) as small:
        assert pm_client.get(URL, params).status_code == 200
    build_portfolio(municipality, 30, prefix="L")
    with CaptureQueriesContext(connection) as large:
        assert pm_client.get(URL, params).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)
