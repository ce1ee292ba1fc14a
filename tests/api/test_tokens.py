"""The token page (create: key shown once; revoke), the command and the console entry point."""

from __future__ import annotations

import re
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from koersvast import cli
from koersvast.api.models import ApiToken
from koersvast.api.tokens import token_revoke
from koersvast.tenancy.choices import Role
from koersvast.tenancy.services import membership_grant

from .conftest import ApiClient

URL = "/account/api-tokens/"


def test_page_lists_nothing_yet(client_for: Any, personas: dict[Role, Any]) -> None:
    response = client_for(personas[Role.READER]).get(URL)
    assert response.status_code == 200
    assert "U heeft nog geen API-sleutels." in response.content.decode()


def test_page_requires_login(client: Any) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert "/inloggen/" in response["Location"]


def test_create_shows_the_key_once_and_it_works(
    client_for: Any, personas: dict[Role, Any], municipality: Any
) -> None:
    browser = client_for(personas[Role.READER])
    response = browser.post(URL, {"name": "Power BI", "municipality": municipality.pk})
    html = response.content.decode()
    key = re.search(r'<code id="new-key">(kv_[^<]+)</code>', html).group(1)
    assert response["Cache-Control"] == "no-store"
    assert ApiClient(key).get("/api/v1/initiatives").status_code == 200
    again = browser.get(URL).content.decode()
    assert key not in again
    assert "Power BI" in again


def test_cannot_create_for_a_municipality_one_is_not_member_of(
    client_for: Any, personas: dict[Role, Any], other_municipality: Any
) -> None:
    browser = client_for(personas[Role.READER])
    response = browser.post(URL, {"name": "x", "municipality": other_municipality.pk})
    assert response.status_code == 200
    assert not ApiToken.objects.exists()


def test_revoke_own_token_only(
    client_for: Any, personas: dict[Role, Any], municipality: Any, token_for: Any
) -> None:
    owner, other = personas[Role.READER], personas[Role.ADVISER]
    key = token_for(owner, municipality)
    token = ApiToken.objects.get()
    assert client_for(other).post(URL, {"revoke": token.pk}).status_code == 404
    assert ApiToken.objects.get().revoked_at is None
    response = client_for(owner).post(URL, {"revoke": token.pk})
    assert response.status_code == 302
    assert ApiToken.objects.get().revoked_at is not None
    assert ApiClient(key).get("/api/v1/initiatives").status_code == 401
    assert "Ingetrokken op" in client_for(owner).get(URL).content.decode()


def test_not_even_an_administrator_revokes_someone_elses_token(
    personas: dict[Role, Any], municipality: Any, token_for: Any
) -> None:
    """A personal token is its owner's alone (unlike an OData key, which serves a report)."""
    token_for(personas[Role.READER], municipality)
    token = ApiToken.objects.get()
    with pytest.raises(PermissionDenied):
        token_revoke(token=token, by=personas[Role.ADMINISTRATOR])
    assert ApiToken.objects.get().revoked_at is None


def test_user_menu_links_to_the_page(client_for: Any, personas: dict[Role, Any]) -> None:
    html = client_for(personas[Role.READER]).get("/").content.decode()
    assert f'href="{URL}"' in html


def test_command_prints_a_working_token(personas: dict[Role, Any], municipality: Any) -> None:
    out = StringIO()
    call_command("api_token", "reader", "--name", "script", stdout=out)
    key = out.getvalue().strip()
    assert key.startswith("kv_")
    assert ApiToken.objects.get().name == "script"
    assert ApiClient(key).get("/api/v1/initiatives").status_code == 200


def test_command_needs_a_municipality_when_member_of_several(
    personas: dict[Role, Any], municipality: Any, other_municipality: Any
) -> None:
    user = personas[Role.READER]
    membership_grant(user=user, municipality=other_municipality, roles=[Role.READER])
    with pytest.raises(CommandError, match="--municipality"):
        call_command("api_token", "reader")
    out = StringIO()
    call_command("api_token", "reader", "--municipality", other_municipality.cbs_code, stdout=out)
    assert ApiToken.objects.get().municipality == other_municipality
    with pytest.raises(CommandError):
        call_command("api_token", "reader", "--municipality", "GM9999")
    with pytest.raises(CommandError):
        call_command("api_token", "niemand")


def test_console_entry_point_runs_the_command(
    personas: dict[Role, Any], municipality: Any, capsys: Any
) -> None:
    assert cli.main(["api-token", "reader", "--name", "cli"]) == 0
    assert capsys.readouterr().out.strip().startswith("kv_")
    cli.print_help()
    assert "api-token" in capsys.readouterr().out
