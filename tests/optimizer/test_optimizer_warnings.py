"""Honest sizes and times: the default time grows with the problem, and a plan says when the
LP did not finish, no search round ran, or the time was below what its size needs."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from koersvast.optimizer import parse_problem, solve
from koersvast.optimizer import planner as planner_module
from koersvast.optimizer.io import solution_text
from koersvast.optimizer.model import SolveOptions, recommended_time_limit


@pytest.mark.parametrize(
    ("initiatives", "seconds"), [(1, 10), (600, 10), (1000, 10), (1001, 20), (2000, 20), (5000, 50)]
)
def test_the_default_time_grows_with_the_number_of_initiatives(
    initiatives: int, seconds: float
) -> None:
    assert recommended_time_limit(initiatives) == seconds


def test_a_plan_whose_lp_did_not_finish_says_so(
    generator: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The LP of a 5,000-initiative problem takes longer than 10 s; here it is made to time out.
    monkeypatch.setattr(planner_module, "lp_relaxation", lambda model, limit: None)
    problem = parse_problem(generator.generate(60, seed=1, pools=6))
    solution = solve(problem, SolveOptions(time_limit=2.0, node_limit=50, seed=0))
    assert solution.status in ("feasible", "optimal")
    assert "lp_unfinished" in solution.warnings
    document = json.loads(solution_text(solution, problem))
    codes = [warning["code"] for warning in document["warnings"]]
    assert "lp_unfinished" in codes
    assert all(warning["message"] for warning in document["warnings"])


def test_a_short_time_on_a_large_problem_is_named(generator: ModuleType) -> None:
    problem = parse_problem(generator.generate(1100, seed=2, pools=6))
    solution = solve(problem, SolveOptions(time_limit=1.0, seed=0))
    assert solution.status != "optimal"
    assert "time_limit_short" in solution.warnings
    assert solution.solver["recommended_time_limit"] == 20
    text = json.loads(solution_text(solution, problem))
    short = next(w for w in text["warnings"] if w["code"] == "time_limit_short")
    assert "20 s" in short["message"]


def test_a_plan_within_its_time_has_no_warnings(make_doc: Any) -> None:
    items = [{"id": f"I{k}", "value": k + 1, "duration": 2, "demand": {"PL": 4}} for k in range(5)]
    problem = parse_problem(make_doc(items))
    solution = solve(problem, SolveOptions(time_limit=5.0))
    assert solution.warnings == []
    assert "warnings" not in json.loads(solution_text(solution, problem))


def test_the_cli_prints_the_warnings_and_uses_the_default_time(
    generator: ModuleType,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from koersvast.optimizer.cli import main

    monkeypatch.setattr(planner_module, "lp_relaxation", lambda model, limit: None)
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(generator.generate(60, seed=1, pools=6)))
    assert main([str(path), "--node-limit", "50"]) == 0
    out = capsys.readouterr().out
    assert "warning: the LP relaxation did not finish" in out
    solution_path = tmp_path / "solution.json"
    assert main([str(path), "--node-limit", "50", "-o", str(solution_path)]) == 0
    assert json.loads(solution_path.read_text())["solver"]["time_limit"] == 10
