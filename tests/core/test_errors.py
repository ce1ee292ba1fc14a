"""The one permission guard and the one mapping of domain errors, in the UI and in the API."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from koersvast.core.errors import DomainError
from koersvast.core.middleware import DomainErrorMiddleware
from koersvast.intake.services.common import IntakeError
from koersvast.monitoring.errors import MonitoringError
from koersvast.planning.errors import PlanningError
from koersvast.portfolio.dependencies import DependencyError
from koersvast.tenancy.choices import Role
from koersvast.tenancy.policy import Action, require


def test_require_passes_with_one_of_the_actions(personas: dict[Role, Any], municipality) -> None:
    manager = personas[Role.PORTFOLIO_MANAGER]
    require(manager, municipality.pk, Action.INITIATIVE_MANAGE)
    require(manager, municipality.pk, Action.CAPACITY_MANAGE, Action.INITIATIVE_MANAGE)


def test_require_refuses_without_the_action_and_outside_the_municipality(
    personas: dict[Role, Any], municipality, other_municipality
) -> None:
    reader = personas[Role.READER]
    with pytest.raises(PermissionDenied):
        require(reader, municipality.pk, Action.INITIATIVE_MANAGE)
    with pytest.raises(PermissionDenied, match="Alleen"):
        require(reader, municipality.pk, Action.INITIATIVE_MANAGE, message="Alleen de PM")
    with pytest.raises(PermissionDenied):
        require(personas[Role.PORTFOLIO_MANAGER], other_municipality.pk, Action.PORTFOLIO_VIEW)
    with pytest.raises(PermissionDenied):
        require(reader, None, Action.PORTFOLIO_VIEW)


@pytest.mark.parametrize("error", [IntakeError, PlanningError, MonitoringError, DependencyError])
def test_the_services_errors_are_domain_errors(error: type[Exception]) -> None:
    assert issubclass(error, DomainError)


def _request(method: str, path: str = "/intake/", **headers: str) -> Any:
    request = getattr(RequestFactory(), method)(path, **headers)
    request.user = AnonymousUser()
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _middleware() -> DomainErrorMiddleware:
    return DomainErrorMiddleware(lambda request: HttpResponse())


@pytest.mark.django_db
def test_an_uncaught_domain_error_after_a_post_is_a_message_on_the_page_before() -> None:
    request = _request("post", HTTP_REFERER="http://testserver/portfolio/12/")
    response = _middleware().process_exception(request, PlanningError("Reken eerst door."))
    assert response is not None and response.status_code == 302
    assert response["Location"] == "http://testserver/portfolio/12/"
    assert [str(m) for m in get_messages(request)] == ["Reken eerst door."]


@pytest.mark.django_db
def test_an_uncaught_domain_error_is_never_sent_to_another_site_nor_a_server_error() -> None:
    request = _request("post", HTTP_REFERER="https://evil.example/")
    response = _middleware().process_exception(request, IntakeError("Dit mag niet <b>zo</b>."))
    assert response is not None and response.status_code == 409
    body = response.content.decode()
    assert "Dit mag niet &lt;b&gt;zo&lt;/b&gt;." in body
    get = _middleware().process_exception(_request("get"), IntakeError("Niet nu."))
    assert get is not None and get.status_code == 409


def test_other_errors_and_the_api_are_left_alone() -> None:
    middleware = _middleware()
    assert middleware.process_exception(_request("post"), ValueError("x")) is None
    assert middleware.process_exception(_request("post", "/api/v1/x"), IntakeError("x")) is None
    assert middleware.process_exception(_request("get", "/odata/x"), IntakeError("x")) is None
