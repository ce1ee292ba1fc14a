"""The feed read by an OData v4 client we did not write: python-odata (PyPI `python-odata`).

It reflects the entity types from $metadata, sends `OData-Version: 4.0`, and follows
`@odata.nextLink` by itself — the same path Power BI takes. The feed runs in pytest-django's
live server, so the client talks real HTTP with HTTP Basic authentication.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
import requests
from odata import ODataError, ODataService
from requests.auth import HTTPBasicAuth

from koersvast.odata.entities import ENTITY_SETS
from koersvast.odata.models import ODataKey
from koersvast.odata.services import key_revoke

from .conftest import COUNTS

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def service(
    live_server: Any, data_a: Any, data_b: Any, secret_a: str, settings: Any
) -> Iterator[Any]:
    settings.ODATA_PAGE_SIZE = 2  # force several pages for every set
    # Our own session, closed afterwards: a kept-alive connection would keep a server thread
    # (and its database connection) alive past the test.
    session = requests.Session()
    yield ODataService(
        f"{live_server.url}/odata/v4/",
        auth=HTTPBasicAuth("powerbi", secret_a),
        session=session,
        reflect_entities=True,
        quiet_progress=True,
    )
    session.close()


def test_client_reads_every_entity_set_completely(service: Any, data_a: Any) -> None:
    assert set(service.entities) == {s.name for s in ENTITY_SETS}
    for entity_set in ENTITY_SETS:
        entity = service.entities[entity_set.name]
        rows = list(service.query(entity))
        keys = [getattr(row, entity_set.key_name) for row in rows]
        assert len(keys) == COUNTS[entity_set.name], entity_set.name
        assert len(set(keys)) == len(keys)  # every row exactly once across the pages


def test_client_reads_typed_values_and_filters(service: Any, data_a: Any) -> None:
    Initiative = service.entities["Initiatives"]
    rows = list(
        service.query(Initiative)
        .filter(Initiative.BudgetCapital > 2000)
        .filter(Initiative.IsStatutory == True)  # noqa: E712 - builds an OData expression
        .order_by(Initiative.Reference.desc())
    )
    assert [r.Reference for r in rows] == ["A-006", "A-003"]
    assert rows[0].BudgetCapital == Decimal("6000.5")
    assert isinstance(rows[0].CreatedAt, datetime.datetime)
    reports = list(service.query(service.entities["StatusReports"]))
    assert [r.Id for r in reports] == [data_a["report"].pk]


def test_client_raw_filter_over_several_pages(service: Any, data_a: Any) -> None:
    Initiative = service.entities["Initiatives"]
    query = service.query(Initiative).filter("StartYear eq null or State eq 'opgenomen'")
    references = sorted(r.Reference for r in query)
    assert references == ["A-000", "A-001", "A-002", "A-004", "A-006"]


def test_client_gets_an_error_once_the_key_is_revoked(service: Any) -> None:
    key_revoke(key=ODataKey.objects.get(name="Power BI dashboard MT"))
    with pytest.raises(ODataError) as info:
        list(service.query(service.entities["Initiatives"]))
    assert "401" in str(info.value) or "OData-sleutel" in str(info.value)


def test_client_finds_a_row_by_the_timestamp_it_was_served(service: Any, data_a: Any) -> None:
    """Issue 19 item 18: a DateTimeOffset is served as stored, so `eq` on it finds the row."""
    Initiative = service.entities["Initiatives"]
    served = list(service.query(Initiative).order_by(Initiative.Reference.asc()))
    first = served[0]
    assert first.CreatedAt.microsecond == data_a["initiatives"][0].created_at.microsecond
    found = list(service.query(Initiative).filter(Initiative.CreatedAt == first.CreatedAt))
    assert [row.Reference for row in found] == [first.Reference]
