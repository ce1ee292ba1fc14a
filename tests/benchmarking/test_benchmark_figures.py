"""Benchmark figures on a small known dataset, peer groups and k-anonymity."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from koersvast.benchmarking.models import BenchmarkSettings
from koersvast.benchmarking.selectors import _figures as figures_of
from koersvast.benchmarking.selectors import (
    benchmark_report,
    figure_rows,
    participant_ids,
    peer_groups,
)
from koersvast.benchmarking.services import benchmark_opt
from koersvast.intake.models import Transition
from tests.factories import (
    BenchmarkSettingsFactory,
    CapacityPoolFactory,
    DomainFactory,
    InitiativeFactory,
    MilestoneFactory,
    MunicipalityFactory,
    PoolCapacityFactory,
    TransitionFactory,
)

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def _move(initiative: Any, to_state: str, days: int) -> None:
    transition = TransitionFactory(initiative=initiative, to_state=to_state)
    Transition.objects.filter(pk=transition.pk).update(created_at=T0 + timedelta(days=days))


def test_figures_on_a_known_dataset() -> None:
    town = MunicipalityFactory(inhabitants=20_000)
    domain = DomainFactory(municipality=town, code="sociaal")
    a = InitiativeFactory(municipality=town, domain=domain, state="in_uitvoering")
    b = InitiativeFactory(
        municipality=town, domain=domain, state="opgenomen", has_political_urgency=True
    )
    InitiativeFactory(municipality=town, domain=domain, state="intake")
    InitiativeFactory(municipality=town, domain=domain, state="ingediend")
    InitiativeFactory(municipality=town, domain=domain, state="afgewezen")  # not in portfolio
    InitiativeFactory(municipality=town, domain=domain, state="idee")  # not in portfolio
    # a: intake day 0, admitted day 30, started day 90; b: intake day 10, admitted day 20.
    _move(a, "intake", 0)
    _move(a, "opgenomen", 30)
    _move(a, "in_uitvoering", 90)
    _move(b, "intake", 10)
    _move(b, "intake", 12)  # only the first move into intake counts
    _move(b, "opgenomen", 20)
    pool = CapacityPoolFactory(municipality=town)
    for quarter in (1, 2):
        PoolCapacityFactory(pool=pool, year=2027, quarter=quarter, fte=Decimal("3"))
    other_pool = CapacityPoolFactory(municipality=town)
    PoolCapacityFactory(pool=other_pool, year=2027, quarter=1, fte=Decimal("2"))
    MilestoneFactory(initiative=a, baseline_date=date(2027, 3, 1), actual_date=date(2027, 2, 1))
    MilestoneFactory(initiative=a, baseline_date=date(2027, 3, 1), actual_date=date(2027, 4, 1))
    MilestoneFactory(initiative=b, baseline_date=date(2027, 3, 1), actual_date=None)

    (row,) = figure_rows([town.pk])
    figures = figures_of(row)

    assert figures["portfolio_per_10k"] == pytest.approx(2.0)  # 4 open / 2 × 10k
    assert figures["fte_per_10k"] == pytest.approx(2.0)  # (3+3+2) fte / 2 quarters / 2
    assert figures["lead_intake_decision"] == pytest.approx(20.0)  # (30 + 10) / 2
    assert figures["lead_decision_start"] == pytest.approx(60.0)
    assert figures["urgency_share"] == pytest.approx(25.0)
    assert figures["milestones_on_time"] == pytest.approx(50.0)


def test_peer_groups_merge_small_classes() -> None:
    assert peer_groups([5, 3, 6, 0, 1]) == [[0], [1, 2, 3, 4]]
    assert peer_groups([3, 2, 9, 0, 0]) == [[0, 1], [2, 3, 4]]
    assert peer_groups([1, 1, 1, 1, 1]) == [[0, 1, 2, 3, 4]]
    assert peer_groups([1, 1, 1, 1, 0]) == []
    assert peer_groups([6, 6, 6, 6, 4]) == [[0], [1], [2], [3, 4]]


def _participants(sizes: list[int], per_10k: int = 5) -> list[Any]:
    made = []
    for inhabitants in sizes:
        town = MunicipalityFactory(inhabitants=inhabitants)
        domain = DomainFactory(municipality=town, code="sociaal")
        for _n in range(max(1, inhabitants * per_10k // 10_000)):
            InitiativeFactory(municipality=town, domain=domain, state="opgenomen")
        BenchmarkSettingsFactory(municipality=town)
        made.append(town)
    return made


def test_class_with_three_is_merged_with_its_neighbour() -> None:
    # Three municipalities under 20k, six of 20-50k: the small class joins the next one.
    small = _participants([10_000, 12_000, 14_000])
    _participants([30_000, 32_000, 34_000, 36_000, 38_000, 40_000])
    report = benchmark_report(small[0])
    assert report.comparable
    assert report.group_size == 9
    assert report.group_label == "minder dan 50.000 inwoners"
    row = next(r for r in report.rows if r.key == "portfolio_per_10k")
    assert row.n == 9 and row.p50 is not None


def test_fewer_than_five_participants_gives_the_empty_state() -> None:
    towns = _participants([10_000, 30_000, 60_000, 120_000])
    report = benchmark_report(towns[0])
    assert report.opted_in and report.too_few and not report.comparable
    assert all(r.p25 is None and r.p50 is None and r.p75 is None for r in report.rows)


def test_opted_out_municipalities_never_count_and_opting_out_is_immediate() -> None:
    towns = _participants([30_000, 31_000, 32_000, 33_000, 34_000])
    outsider = MunicipalityFactory(inhabitants=35_000)  # never opted in, big portfolio
    for _n in range(50):
        InitiativeFactory(municipality=outsider, state="opgenomen")
    report = benchmark_report(towns[0])
    assert report.group_size == 5
    assert set(participant_ids().values_list("municipality_id", flat=True)) == {t.pk for t in towns}
    benchmark_opt(municipality=outsider, opted_in=False)  # explicit "no" stays out as well
    assert benchmark_report(towns[0]).group_size == 5

    benchmark_opt(municipality=towns[4], opted_in=False)
    after = benchmark_report(towns[0])
    assert after.too_few and after.participants == 4
    # And a municipality that stopped sees no peer figures itself.
    assert not benchmark_report(towns[4]).comparable


def test_a_figure_few_peers_have_is_not_summarised() -> None:
    towns = _participants([30_000, 31_000, 32_000, 33_000, 34_000])
    # Only two of the five have lead-time data: quartiles over two would expose them.
    for town in towns[:2]:
        initiative = InitiativeFactory(municipality=town, state="opgenomen")
        _move(initiative, "intake", 0)
        _move(initiative, "opgenomen", 14)
    report = benchmark_report(towns[0])
    row = next(r for r in report.rows if r.key == "lead_intake_decision")
    assert row.own == pytest.approx(14.0)
    assert row.n == 2 and row.p50 is None


def test_opt_in_is_recorded_with_who_and_when(municipality: Any, personas: Any) -> None:
    from koersvast.tenancy.choices import Role

    admin = personas[Role.ADMINISTRATOR]
    setting = benchmark_opt(municipality=municipality, opted_in=True, by=admin)
    assert setting.opted_in and setting.changed_by == admin and setting.changed_at
    assert BenchmarkSettings.objects.get(municipality=municipality).opted_in
