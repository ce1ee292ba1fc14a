from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from koersvast.optimizer import ProblemFormatError, parse_problem
from koersvast.optimizer.io import load_problem

VALID: dict[str, Any] = {
    "format": "koersvast.portfolio-problem/1",
    "periods": ["2027-Q1", "2027-Q2"],
    "pools": [{"id": "PL", "name": "Projectleiders", "capacity": [480, 480]}],
    "initiatives": [
        {"id": "I-1", "name": "Eerste", "value": 42.0, "duration": 2, "demand": {"PL": [120, 80]}},
        {"id": "I-2", "value": 10, "duration": 1, "demand": {"PL": 50}, "after": ["I-1"]},
    ],
}


def test_valid_problem_uses_documented_defaults() -> None:
    problem = parse_problem(VALID)
    first, second = problem.initiatives
    assert first.demand == {"PL": (120.0, 80.0)}
    assert first.earliest_start == 0
    assert first.latest_start is None
    assert not first.mandatory
    assert first.fixed_start is None
    assert first.decay == 0.0
    assert second.demand == {"PL": (50.0,)}
    assert second.after == ("I-1",)
    assert second.name == "I-2"


def _broken(path: str, value: Any) -> dict[str, Any]:
    doc = copy.deepcopy(VALID)
    target: Any = doc
    keys = path.split(".")
    for key in keys[:-1]:
        target = target[int(key)] if key.isdigit() else target[key]
    last = keys[-1]
    if value is _DELETE:
        del target[last]
    else:
        target[int(last) if last.isdigit() else last] = value
    return doc


_DELETE = object()


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        ("format", "koersvast.portfolio-problem/2", "format"),
        ("periods", [], "periods"),
        ("pools.0.capacity", [480], "pools[0].capacity"),
        ("pools.0.capacity", [480, -1], "pools[0].capacity[1]"),
        ("initiatives.0.value", "veel", "initiatives[0].value"),
        ("initiatives.0.value", -1, "initiatives[0].value"),
        ("initiatives.0.duration", 0, "initiatives[0].duration"),
        ("initiatives.0.duration", 1.5, "initiatives[0].duration"),
        ("initiatives.0.demand", {"XX": 1}, "initiatives[0].demand.XX"),
        ("initiatives.0.demand", {"PL": [1, 2, 3]}, "initiatives[0].demand.PL"),
        ("initiatives.0.id", _DELETE, "initiatives[0].id"),
        ("initiatives.0.mandatory", "yes", "initiatives[0].mandatory"),
        ("initiatives.0.decay", 1.0, "initiatives[0].decay"),
        ("initiatives.0.mandatroy", True, "initiatives[0].mandatroy"),
        ("initiatives.1.after", ["I-9"], "initiatives[1].after[0]"),
        ("initiatives.1.id", "I-1", "initiatives[1].id"),
        # 10^9 periods of one-number demand ended in a MemoryError traceback.
        ("initiatives.1.duration", 10**9, "initiatives[1].duration"),
        ("periods", [f"P{t}" for t in range(1201)], "periods"),
    ],
)
def test_malformed_input_names_the_field(path: str, value: Any, field: str) -> None:
    with pytest.raises(ProblemFormatError) as info:
        parse_problem(_broken(path, value))
    assert info.value.field == field
    assert str(info.value).startswith(field)


def test_precedence_cycle_is_rejected() -> None:
    doc = copy.deepcopy(VALID)
    doc["initiatives"][0]["after"] = ["I-2"]
    with pytest.raises(ProblemFormatError, match="cycle"):
        parse_problem(doc)


def test_unreadable_and_non_json_files(tmp_path: Path) -> None:
    with pytest.raises(ProblemFormatError, match="cannot read"):
        load_problem(tmp_path / "missing.json")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    with pytest.raises(ProblemFormatError, match="not valid JSON"):
        load_problem(broken)


def test_schemas_are_valid_json_and_cover_the_keys() -> None:
    folder = Path(__file__).resolve().parents[2] / "src" / "koersvast" / "optimizer" / "schemas"
    problem = json.loads((folder / "portfolio-problem-1.schema.json").read_text())
    solution = json.loads((folder / "portfolio-solution-1.schema.json").read_text())
    item = problem["properties"]["initiatives"]["items"]["properties"]
    assert {"id", "value", "duration", "demand", "after", "decay", "fixed_start"} <= set(item)
    assert {"status", "objective", "bound", "gap", "selected", "explanations"} <= set(
        solution["required"]
    )


@pytest.mark.parametrize(
    "arguments",
    [
        ["--time-limit", "nan"],
        ["--time-limit", "inf"],
        ["--time-limit", "0"],
        ["--time-limit", "-1"],
        ["--time-limit", "tien"],
        ["--gap", "1.5"],
        ["--gap", "-0.1"],
        ["--node-limit", "0"],
        ["--stability-weight", "nan"],
    ],
)
def test_the_cli_refuses_limits_that_would_never_stop_or_mean_nothing(
    arguments: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from koersvast.optimizer.cli import main

    path = tmp_path / "problem.json"
    path.write_text(json.dumps(VALID))
    with pytest.raises(SystemExit) as info:
        main([str(path), *arguments])
    assert info.value.code == 2
    assert arguments[0] in capsys.readouterr().err


def test_the_cli_reports_an_oversized_problem_as_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from koersvast.optimizer.cli import EXIT_BAD_INPUT, main

    path = tmp_path / "problem.json"
    path.write_text(json.dumps(_broken("initiatives.1.duration", 10**9)))
    assert main([str(path)]) == EXIT_BAD_INPUT
    assert "initiatives[1].duration: at most 1200 periods" in capsys.readouterr().err


@pytest.mark.parametrize(
    "options",
    [
        {"time_limit": float("nan")},
        {"time_limit": 0.0},
        {"gap": float("nan")},
        {"node_limit": 0},
        {"threads": 0},
    ],
)
def test_solve_options_refuse_what_the_cli_refuses(options: dict[str, Any]) -> None:
    from koersvast.optimizer import SolveOptions

    with pytest.raises(ValueError, match=next(iter(options))):
        SolveOptions(**options)


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_literals_are_not_json(literal: str, tmp_path: Path) -> None:
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(VALID).replace("42.0", literal))
    with pytest.raises(ProblemFormatError, match=f"{literal} is not a JSON number"):
        load_problem(path)


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("initiatives.0.value", "initiatives[0].value"),
        ("pools.0.capacity", "pools[0].capacity"),
        ("initiatives.1.demand.PL", "initiatives[1].demand.PL"),
    ],
)
def test_numbers_beyond_1e15_are_refused_before_sums_overflow(path: str, field: str) -> None:
    with pytest.raises(ProblemFormatError, match="too large") as info:
        parse_problem(_broken(path, 1e308))
    assert info.value.field == field


def test_the_solution_is_strict_json_at_full_precision(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from koersvast.optimizer.cli import main

    tiny = copy.deepcopy(VALID)
    tiny["initiatives"][0]["value"] = 1.234567891e-7
    tiny["initiatives"][1]["value"] = 1e15
    tiny["initiatives"][1]["after"] = []
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(tiny))
    assert main([str(path), "--json"]) == 0

    def refuse(name: str) -> None:
        raise AssertionError(f"{name} in the solution")

    solution = json.loads(capsys.readouterr().out, parse_constant=refuse)
    assert solution["objective"] == pytest.approx(1e15 + 1.234567891e-7, rel=0, abs=1)
    chosen = {item["id"] for item in solution["selected"]}
    assert chosen == {"I-1", "I-2"}


def test_a_small_objective_keeps_its_digits(tmp_path: Path) -> None:
    from koersvast.optimizer import solve
    from koersvast.optimizer.io import solution_text

    tiny = copy.deepcopy(VALID)
    tiny["initiatives"][0]["value"] = 1.234567891e-7
    tiny["initiatives"][1]["value"] = 0
    problem = parse_problem(tiny)
    solution = json.loads(solution_text(solve(problem), problem))
    assert solution["objective"] == pytest.approx(1.234567891e-7, rel=1e-12)
