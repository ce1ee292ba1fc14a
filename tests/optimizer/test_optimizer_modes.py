"""What-if with stability, cost of yes, marginal values and the CLI."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from koersvast.optimizer import Placement, SolveOptions, parse_problem, solve
from koersvast.optimizer.cli import main

Doc = dict[str, Any]


def item(item_id: str, value: float, units: float, duration: int = 1, **extra: Any) -> Doc:
    return {"id": item_id, "value": value, "duration": duration, "demand": {"PL": units}, **extra}


@pytest.fixture
def portfolio(make_doc: Callable[..., Doc]) -> Doc:
    return make_doc(
        [
            item("A", 10, 6, duration=2),
            item("B", 8, 4, duration=2),
            item("C", 7, 6, duration=2),
            item("D", 5, 4, duration=2),
        ],
        capacity=10,
    )


def test_whatif_forces_urgent_work_with_fewest_changes(portfolio: Doc) -> None:
    base = solve(parse_problem(portfolio), SolveOptions(time_limit=5))
    assert {(p.id, p.start) for p in base.selected} == {("A", 0), ("B", 0), ("C", 2), ("D", 2)}
    portfolio["initiatives"].append(item("U", 1, 4, duration=1, fixed_start=0, mandatory=True))
    result = solve(
        parse_problem(portfolio), SolveOptions(time_limit=5), mode="whatif", baseline=base.selected
    )
    assert result.status in ("optimal", "feasible")
    changes = result.extra["changes"]
    assert [a["id"] for a in changes["added"]] == ["U"]
    # Value first: moving B a quarter and dropping D (26) beats dropping B alone (23).
    assert result.objective == 26
    assert changes["moved"] == [{"id": "B", "from": 0, "to": 1}]
    assert changes["dropped"] == ["D"]
    assert changes["value_change"] == 26 - 30
    weighted = solve(
        parse_problem(portfolio),
        SolveOptions(time_limit=5, stability_weight=10.0),
        mode="whatif",
        baseline=base.selected,
    )
    # A heavy stability weight prefers one change (drop B) over two.
    assert weighted.extra["changes"]["dropped"] == ["B"]
    assert not weighted.extra["changes"]["moved"]


def test_cost_of_yes_is_least_extra_capacity(portfolio: Doc) -> None:
    portfolio["initiatives"].append(item("U", 1, 4, duration=1, mandatory=True))
    baseline = [Placement("A", 0), Placement("B", 0), Placement("C", 2), Placement("D", 2)]
    result = solve(
        parse_problem(portfolio),
        SolveOptions(time_limit=5, yes=("U",)),
        mode="cost-of-yes",
        baseline=baseline,
    )
    assert result.status == "optimal"
    assert result.extra["cost_of_yes"]["total_extra"] == 4
    assert result.extra["cost_of_yes"]["extra_per_pool"] == {"PL": 4}


def test_marginal_values_and_frontier(portfolio: Doc) -> None:
    portfolio["initiatives"].append(item("E", 9, 5, duration=4))
    result = solve(parse_problem(portfolio), SolveOptions(time_limit=5), mode="marginal")
    assert result.status == "optimal"
    marginal = result.extra["marginal"]
    assert marginal[0]["pool"] == "PL"
    assert marginal[0]["gain"] >= 0
    frontier = result.extra["frontier"]
    values = [point["value"] for point in frontier]
    assert values == sorted(values)
    assert values[0] == result.objective
    assert values[0] == 30
    assert values[-1] == 39


def test_cli_writes_solution_and_summary(
    portfolio: Doc, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    problem = tmp_path / "p.json"
    problem.write_text(json.dumps(portfolio))
    out = tmp_path / "s.json"
    assert main([str(problem), "-o", str(out), "--time-limit", "5", "--gap", "0.001"]) == 0
    document = json.loads(out.read_text())
    assert document["format"] == "koersvast.portfolio-solution/1"
    assert document["status"] == "optimal"
    assert document["solver"]["gap_target"] == 0.001
    assert "mode plan: optimal" in capsys.readouterr().out
    portfolio["initiatives"].append(item("U", 1, 4, fixed_start=0))
    problem.write_text(json.dumps(portfolio))
    assert main([str(problem), "--mode", "whatif", "--baseline", str(out)]) == 0
    assert "changes:" in capsys.readouterr().out
    assert main([str(problem), "--mode", "cost-of-yes", "--baseline", str(out)]) == 0
    assert "extra units" in capsys.readouterr().out


def test_cli_reports_bad_input_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    problem = tmp_path / "p.json"
    problem.write_text(json.dumps({"format": "koersvast.portfolio-problem/1", "periods": "Q1"}))
    assert main([str(problem)]) == 2
    assert "periods: expected a list" in capsys.readouterr().err
    assert main([str(problem), "--mode", "whatif"]) == 2


def test_cli_infeasible_exit_code(
    make_doc: Callable[..., Doc], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = make_doc([item("M", 1, 50, mandatory=True)], capacity=10, periods=1)
    problem = tmp_path / "p.json"
    problem.write_text(json.dumps(doc))
    assert main([str(problem)]) == 1
    assert "conflict capacity PL P0 short 40" in capsys.readouterr().out
