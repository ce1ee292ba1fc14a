"""Fixtures for the optimiser tests: bench data location and small problem builders."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
# The public instances travel with the repository (benchmarks/data/README.md): a clone alone
# must run the whole suite.
BENCH_DATA = REPO / "benchmarks" / "data"


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def bench_data() -> Path:
    return BENCH_DATA


@pytest.fixture(scope="session")
def converters() -> ModuleType:
    return _load("koersvast_bench_convert", REPO / "benchmarks" / "optimizer" / "convert.py")


@pytest.fixture(scope="session")
def generator() -> ModuleType:
    return _load("koersvast_bench_generate", REPO / "benchmarks" / "optimizer" / "generate.py")


def problem_doc(
    initiatives: list[dict[str, Any]],
    capacity: list[float] | float = 10.0,
    periods: int = 4,
    pools: tuple[str, ...] = ("PL",),
) -> dict[str, Any]:
    cap = capacity if isinstance(capacity, list) else [capacity] * periods
    return {
        "format": "koersvast.portfolio-problem/1",
        "periods": [f"P{t}" for t in range(periods)],
        "pools": [{"id": p, "name": p, "capacity": cap} for p in pools],
        "initiatives": initiatives,
    }


@pytest.fixture
def make_doc() -> Callable[..., dict[str, Any]]:
    return problem_doc
