"""schemathesis fuzzes every operation of the API against its own OpenAPI document.

Positive and negative data (schemathesis' default), with every built-in check: no server
error, responses, status codes, content types and headers as documented, schema-invalid input
refused, schema-valid input accepted. The one exception: a schema-valid *write* may still be
refused (400) for a rule the document cannot state (a referenced initiative that does not
exist, a lifecycle step that is not allowed); `refused_only_for_rules` checks that such a 400
never complains about a type, a format, a limit or a missing field, which the document does
state. The token is a portfolio manager's of a populated municipality, so writes reach the
domain services. With CI set, examples are derandomised so a failure reproduces.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from koersvast.tenancy.choices import Role

from .conftest import populate
from .type_errors import refused_only_for_rules

MAX_EXAMPLES = int(os.environ.get("KOERSVAST_FUZZ_EXAMPLES", "10"))


@pytest.fixture
def keep_connection() -> Any:
    """Keep the test's database connection open across requests (as Django's test client does).

    The WSGI app would close it at the end of each request, ending the test transaction.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_auth(
    keep_connection: None, municipality: Any, personas: dict[Role, Any], token_for: Any
) -> dict[str, str]:
    populate(municipality)
    key = token_for(personas[Role.PORTFOLIO_MANAGER], municipality)
    return {"Authorization": f"Bearer {key}"}


# Loaded at collection (pytest-django has set Django up by then; serving the document needs no
# database). Eager loading gives one test item per operation.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_matches_its_openapi_document(case: Any, fuzz_auth: dict[str, str]) -> None:
    writes = case.method.upper() in ("POST", "PUT", "PATCH")
    case.call_and_validate(
        headers=fuzz_auth,
        excluded_checks=[positive_data_acceptance] if writes else [],
        additional_checks=[refused_only_for_rules] if writes else [],
    )
