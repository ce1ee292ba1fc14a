"""The benchmark demo: deterministic, idempotent, fast, and the demo page shows quartiles."""

from __future__ import annotations

from typing import Any

import pytest

from koersvast.benchmarking.models import BenchmarkSettings
from koersvast.benchmarking.selectors import benchmark_report
from koersvast.demo import content
from koersvast.demo.benchmark_demo import load_benchmark_peers, peer_codes
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.models import Municipality
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


def test_peers_are_deterministic_and_of_various_sizes() -> None:
    codes = peer_codes()
    assert codes == peer_codes() and len(set(codes)) == 12
    assert "GM0363" in codes  # the largest municipality is among them


def test_load_is_idempotent_and_shows_figures(db: Any) -> None:
    demo = MunicipalityFactory(
        cbs_code=content.DEMO_CODE, name=content.DEMO_NAME, inhabitants=45_210
    )
    peers = load_benchmark_peers()  # its speed is measured in benchmarks/, not asserted here
    initiatives = Initiative.objects.count()
    assert len(peers) == 12 and initiatives > 12 * 6
    load_benchmark_peers()
    assert Initiative.objects.count() == initiatives
    assert Municipality.objects.count() == 13
    assert BenchmarkSettings.objects.filter(opted_in=True).count() == 13

    report = benchmark_report(demo)
    assert report.comparable and report.group_size >= 5
    lead = next(r for r in report.rows if r.key == "lead_intake_decision")
    assert lead.p50 is not None and lead.p25 <= lead.p50 <= lead.p75
