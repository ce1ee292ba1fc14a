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
from collections.abc import Iterator
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
STATEFUL_EXAMPLES = int(os.environ.get("KOERSVAST_FUZZ_WORKFLOWS", "20"))


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


# The token of the current test: schemathesis' auth provider below puts it on each request (so
# its `ignored_auth` check can also try the request without it, or with a wrong one).
TOKEN: dict[str, str] = {}


@pytest.fixture
def fuzz_auth(
    keep_connection: None, municipality: Any, personas: dict[Role, Any], token_for: Any
) -> Iterator[None]:
    populate(municipality)
    TOKEN["key"] = token_for(personas[Role.PORTFOLIO_MANAGER], municipality)
    yield
    TOKEN.clear()


# Loaded at collection (pytest-django has set Django up by then; serving the document needs no
# database). Eager loading gives one test item per operation.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@schema.auth(refresh_interval=None)  # a new token per test: never cached
class TokenAuth:
    def get(self, case: Any, context: Any) -> str:
        return TOKEN.get("key", "")  # "" while collecting, before any test runs

    def set(self, case: Any, data: str, context: Any) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_matches_its_openapi_document(case: Any, fuzz_auth: None) -> None:
    writes = case.method.upper() in ("POST", "PUT", "PATCH")
    case.call_and_validate(
        excluded_checks=[positive_data_acceptance] if writes else [],
        additional_checks=[refused_only_for_rules] if writes else [],
    )


# Stateful: sequences of calls along the links schemathesis infers from the document (a list
# gives ids to a detail, a create to its update or workflow step), with the same checks.
Workflow = schema.as_state_machine()


def test_api_workflows_match_the_document(fuzz_auth: None) -> None:
    class CheckedWorkflow(Workflow):  # type: ignore[misc, valid-type]
        def validate_response(self, response: Any, case: Any, **kwargs: Any) -> None:
            writes = case.method.upper() in ("POST", "PUT", "PATCH")
            case.validate_response(
                response,
                excluded_checks=[positive_data_acceptance] if writes else [],
                additional_checks=[refused_only_for_rules] if writes else [],
                transport_kwargs=kwargs or None,
            )

    CheckedWorkflow.run(
        settings=settings(
            max_examples=STATEFUL_EXAMPLES,
            stateful_step_count=6,
            deadline=None,
            derandomize=bool(os.environ.get("CI")),
            database=None,
            suppress_health_check=list(HealthCheck),
        )
    )
