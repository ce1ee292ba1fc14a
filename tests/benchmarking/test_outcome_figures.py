"""The two outcome figures: initiatives finished on time, and the realised share of benefits."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from koersvast.benchmarking.selectors import _figures as figures_of
from koersvast.benchmarking.selectors import benchmark_report, figure_rows
from koersvast.benchmarking.services import benchmark_opt
from koersvast.intake.models import Transition
from koersvast.monitoring.models import BenefitMeasurement
from tests.factories import (
    BenchmarkSettingsFactory,
    BenefitFactory,
    InitiativeFactory,
    MilestoneFactory,
    MunicipalityFactory,
    TransitionFactory,
)

pytestmark = pytest.mark.django_db
TODAY = date(2027, 1, 1)


def _finish(initiative: Any, on: date) -> None:
    transition = TransitionFactory(
        initiative=initiative, from_state="in_uitvoering", to_state="afgerond"
    )
    moment = datetime(on.year, on.month, on.day, 10, 0, tzinfo=UTC)
    Transition.objects.filter(pk=transition.pk).update(created_at=moment)


def _finished(town: Any, *, planned: list[date], actual: date | None, state: str = "afgerond"):
    initiative = InitiativeFactory(municipality=town, state=state)
    for baseline in planned:
        MilestoneFactory(initiative=initiative, baseline_date=baseline)
    if actual is not None:
        _finish(initiative, actual)
    return initiative


def _figures(town: Any) -> dict[str, float | None]:
    (row,) = figure_rows([town.pk], TODAY)
    return figures_of(row)


def test_finished_on_time_compares_the_close_with_the_last_baseline() -> None:
    town = MunicipalityFactory(inhabitants=20_000)
    # On time: closed 15 Jan, last baseline 1 Feb (an earlier milestone does not count).
    _finished(town, planned=[date(2026, 1, 10), date(2026, 2, 1)], actual=date(2026, 1, 15))
    # Late: closed 1 Mar against a baseline of 1 Feb, however the forecast moved.
    late = _finished(town, planned=[date(2026, 2, 1)], actual=date(2026, 3, 1))
    late.milestones.update(forecast_date=date(2026, 3, 15), actual_date=date(2026, 1, 20))
    # On the day itself is on time; a later state (benefits) still counts as finished.
    _finished(town, planned=[date(2026, 2, 1)], actual=date(2026, 2, 1), state="batenrealisatie")
    # Left out: finished without a baseline; a baseline but not finished.
    _finished(town, planned=[], actual=date(2026, 1, 1))
    _finished(town, planned=[date(2025, 1, 1)], actual=None, state="in_uitvoering")
    assert _figures(town)["finished_on_time"] == pytest.approx(200 / 3)


def test_finished_on_time_is_empty_without_finished_work() -> None:
    town = MunicipalityFactory(inhabitants=20_000)
    _finished(town, planned=[date(2025, 1, 1)], actual=None, state="in_uitvoering")
    assert _figures(town)["finished_on_time"] is None


def _benefit(town: Any, baseline: int, target: int, due: date, *values: int) -> None:
    initiative = InitiativeFactory(municipality=town, state="afgerond")
    benefit = BenefitFactory(
        initiative=initiative,
        baseline=Decimal(baseline),
        target=Decimal(target),
        target_date=due,
    )
    for months, value in enumerate(values):
        BenefitMeasurement.objects.create(
            municipality=town,
            benefit=benefit,
            measured_on=date(2026, 1, 1) + timedelta(days=30 * months),
            value=Decimal(value),
        )


def test_benefits_realised_averages_the_latest_measurement_of_due_benefits() -> None:
    town = MunicipalityFactory(inhabitants=20_000)
    due, later = date(2026, 6, 1), date(2027, 6, 1)
    _benefit(town, 0, 100, due, 30, 60)  # latest counts: 60 %
    _benefit(town, 10, 0, due, 5)  # a decrease as target: halfway, 50 %
    _benefit(town, 0, 10, due, 15)  # overshoot counts as 100 %
    _benefit(town, 0, 10, due, -5)  # the wrong way counts as 0 %
    _benefit(town, 0, 10, later, 10)  # not due yet: left out
    _benefit(town, 0, 10, due)  # never measured: left out
    _benefit(town, 5, 5, due, 7)  # no change planned: left out
    assert _figures(town)["benefits_realised"] == pytest.approx(52.5)


def _peer(inhabitants: int, on_time: bool, realised: int) -> Any:
    town = MunicipalityFactory(inhabitants=inhabitants)
    actual = date(2026, 1, 1) if on_time else date(2026, 3, 1)
    _finished(town, planned=[date(2026, 2, 1)], actual=actual)
    _benefit(town, 0, 100, date(2026, 6, 1), realised)
    BenchmarkSettingsFactory(municipality=town)
    return town


def _row(report: Any, key: str) -> Any:
    return next(r for r in report.rows if r.key == key)


def test_peers_are_summarised_and_opting_out_removes_a_municipality() -> None:
    towns = [
        _peer(30_000 + n, on_time=n % 2 == 0, realised=realised)
        for n, realised in enumerate([10, 20, 30, 40, 50, 90])
    ]
    report = benchmark_report(towns[0], today=TODAY)
    benefits = _row(report, "benefits_realised")
    assert benefits.n == 6 and benefits.p50 == pytest.approx(35.0)
    assert _row(report, "finished_on_time").n == 6

    benchmark_opt(municipality=towns[5], opted_in=False)
    after = benchmark_report(towns[0], today=TODAY)
    benefits = _row(after, "benefits_realised")
    assert benefits.n == 5 and benefits.p50 == pytest.approx(30.0)
    assert (benefits.p25, benefits.p75) == (pytest.approx(20.0), pytest.approx(40.0))
    on_time = _row(after, "finished_on_time")
    assert on_time.n == 5 and on_time.p50 == pytest.approx(100.0)


def test_outcome_figures_few_peers_have_are_not_summarised() -> None:
    towns = [_peer(30_000 + n, on_time=True, realised=50) for n in range(4)]
    plain = MunicipalityFactory(inhabitants=34_000)  # participates without outcome data
    InitiativeFactory(municipality=plain, state="opgenomen")
    BenchmarkSettingsFactory(municipality=plain)
    report = benchmark_report(towns[0], today=TODAY)
    assert report.comparable and report.group_size == 5
    for key in ("finished_on_time", "benefits_realised"):
        row = _row(report, key)
        assert row.own is not None
        assert row.n == 4 and row.p50 is None  # four values would expose those four
