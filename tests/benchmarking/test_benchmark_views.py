"""The benchmark page: permissions, opt-in switch, no leaks of other municipalities, queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from koersvast.benchmarking.models import BenchmarkSettings
from koersvast.tenancy.choices import Role
from tests.factories import (
    BenchmarkSettingsFactory,
    DomainFactory,
    InitiativeFactory,
    MunicipalityFactory,
)

pytestmark = pytest.mark.django_db
URL = "/vergelijken/"
SWITCH = "/vergelijken/deelname/"

PEERS = [
    ("GM0080", "Leeuwarden", 128_000),
    ("GM0014", "Groningen", 238_000),
    ("GM0599", "Rotterdam", 664_000),
    ("GM0518", "'s-Gravenhage", 560_000),
    ("GM0772", "Eindhoven", 243_000),
    ("GM0363", "Amsterdam", 931_000),
    ("GM0268", "Nijmegen", 182_000),
]


def _peers(count: int = len(PEERS)) -> list[Any]:
    towns = []
    for code, name, inhabitants in PEERS[:count]:
        town = MunicipalityFactory(cbs_code=code, name=name, inhabitants=inhabitants)
        domain = DomainFactory(municipality=town, code="sociaal", name=f"Sociaal {name}")
        for n in range(3):
            InitiativeFactory(
                municipality=town,
                domain=domain,
                state="opgenomen",
                title=f"Geheim plan {name} {n}",
                has_political_urgency=n == 0,
            )
        BenchmarkSettingsFactory(municipality=town)
        towns.append(town)
    return towns


def test_reverse() -> None:
    assert reverse("benchmarking:index") == URL


def test_page_never_shows_another_municipality(
    municipality: Any, personas: Any, client_for: Any
) -> None:
    _peers()
    BenchmarkSettingsFactory(municipality=municipality)
    InitiativeFactory(municipality=municipality, state="opgenomen", title="Eigen plan Utrecht")
    html = client_for(personas[Role.READER]).get(URL).content.decode()
    assert "Mediaan" in html and "Eigen plan" not in html  # own titles are not shown either
    for _code, name, _n in PEERS:
        assert name not in html
        assert f"Geheim plan {name}" not in html
        assert f"Sociaal {name}" not in html
    assert "Geheim plan" not in html


def test_reader_sees_page_submitter_does_not(
    municipality: Any, personas: Any, client_for: Any
) -> None:
    assert client_for(personas[Role.READER]).get(URL).status_code == 200
    assert client_for(personas[Role.SUBMITTER]).get(URL).status_code == 403
    assert client_for(personas[Role.ADMINISTRATOR]).get(URL).status_code == 403
    admin_page = client_for(personas[Role.ADMINISTRATOR]).get(SWITCH)
    assert admin_page.status_code == 200
    assert "Mediaan" not in admin_page.content.decode()
    assert "Deelnemen aan de benchmark" in admin_page.content.decode()
    assert "Deelnemen aan de benchmark" not in (
        client_for(personas[Role.READER]).get(URL).content.decode()
    )


@pytest.mark.parametrize(
    "role", [Role.READER, Role.PORTFOLIO_MANAGER, Role.SUBMITTER, Role.BOARD_MEMBER]
)
def test_only_administrators_switch(
    municipality: Any, personas: Any, client_for: Any, role: Role
) -> None:
    response = client_for(personas[role]).post(SWITCH, {"opted_in": "1"})
    assert response.status_code == 403
    assert not BenchmarkSettings.objects.filter(opted_in=True).exists()


def test_administrator_opts_in_and_out(municipality: Any, personas: Any, client_for: Any) -> None:
    client = client_for(personas[Role.ADMINISTRATOR])
    assert client_for(personas[Role.READER]).get(SWITCH).status_code == 403
    assert client.post(SWITCH, {"opted_in": "1"}).status_code == 302
    setting = BenchmarkSettings.objects.get(municipality=municipality)
    assert setting.opted_in and setting.changed_by == personas[Role.ADMINISTRATOR]
    assert "Uw gemeente doet mee" in client.get(SWITCH).content.decode()
    client.post(SWITCH, {"opted_in": "0"})
    assert not BenchmarkSettings.objects.get(municipality=municipality).opted_in
    assert client.post(SWITCH, {"opted_in": "ja"}).status_code == 400


def test_outsider_switch_does_not_touch_other_municipality(
    municipality: Any, outsider: Any, client_for: Any, other_municipality: Any
) -> None:
    client_for(outsider).post(SWITCH, {"opted_in": "1"})
    assert BenchmarkSettings.objects.get().municipality == other_municipality


def test_too_few_participants_shows_the_empty_state(
    municipality: Any, personas: Any, client_for: Any
) -> None:
    _peers(3)
    BenchmarkSettingsFactory(municipality=municipality)
    html = client_for(personas[Role.READER]).get(URL).content.decode()
    assert "te weinig gemeenten" in html
    assert "Mediaan" not in html


def test_not_participating_shows_only_own_figures(
    municipality: Any, personas: Any, client_for: Any
) -> None:
    _peers()
    html = client_for(personas[Role.READER]).get(URL).content.decode()
    assert "Uw gemeente doet niet mee" in html
    assert "Mediaan" not in html


def test_query_count_does_not_grow(municipality: Any, personas: Any, client_for: Any) -> None:
    BenchmarkSettingsFactory(municipality=municipality)
    client = client_for(personas[Role.READER])
    _peers(5)
    client.get(URL)
    with CaptureQueriesContext(connection) as small:
        assert client.get(URL).status_code == 200
    for n in range(20):
        town = MunicipalityFactory(inhabitants=20_000 + n * 15_000)
        InitiativeFactory.create_batch(3, municipality=town, state="opgenomen")
        BenchmarkSettingsFactory(municipality=town)
    with CaptureQueriesContext(connection) as large:
        assert client.get(URL).status_code == 200
    assert len(large) == len(small)
