"""Convert public benchmark instances to koersvast.portfolio-problem/1.

* Chu & Beasley multidimensional knapsack (OR-Library mknapcb*.txt): one period, one pool per
  constraint, every item an optional initiative of duration 1.
* PSPLIB j30 RCPSP (.sm): one period per time unit with the horizon set to the optimal
  makespan, one pool per renewable resource, every non-dummy job mandatory, precedences as
  ``after`` (dummy source/sink jobs of duration 0 are dropped, their arcs bridged).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class KnapsackInstance:
    name: str
    profits: list[int]
    weights: list[list[int]]
    capacities: list[int]
    best_known: float | None = None


def read_mknapcb(path: Path) -> list[KnapsackInstance]:
    numbers = [int(x) for x in path.read_text().split()]
    count, pos = numbers[0], 1
    instances: list[KnapsackInstance] = []
    for k in range(count):
        n, m, _ = numbers[pos : pos + 3]
        pos += 3
        profits = numbers[pos : pos + n]
        pos += n
        weights = [numbers[pos + r * n : pos + (r + 1) * n] for r in range(m)]
        pos += m * n
        capacities = numbers[pos : pos + m]
        pos += m
        instances.append(KnapsackInstance(f"{path.stem}-{k:02d}", profits, weights, capacities))
    return instances


def knapsack_best_known(csv_path: Path) -> dict[str, float]:
    best: dict[str, float] = {}
    with csv_path.open() as handle:
        for row in csv.DictReader(handle):
            best[f"{Path(row['file']).stem}-{int(row['index']):02d}"] = float(row["best_known"])
    return best


def knapsack_problem(instance: KnapsackInstance) -> dict[str, Any]:
    pools = [{"id": f"C{r + 1}", "capacity": [cap]} for r, cap in enumerate(instance.capacities)]
    initiatives = []
    for j, profit in enumerate(instance.profits):
        demand = {f"C{r + 1}": [row[j]] for r, row in enumerate(instance.weights) if row[j] > 0}
        initiatives.append({"id": f"x{j + 1}", "value": profit, "duration": 1, "demand": demand})
    return {
        "format": "koersvast.portfolio-problem/1",
        "name": instance.name,
        "periods": ["P1"],
        "pools": pools,
        "initiatives": initiatives,
    }


def read_psplib(
    path: Path,
) -> tuple[dict[int, list[int]], dict[int, int], dict[int, list[int]], list[int]]:
    """Successors, durations, requests per job and the resource availabilities."""
    text = path.read_text()
    lines = text.splitlines()
    successors: dict[int, list[int]] = {}
    durations: dict[int, int] = {}
    requests: dict[int, list[int]] = {}
    availability: list[int] = []
    section = ""
    for line in lines:
        if line.startswith("PRECEDENCE RELATIONS"):
            section = "prec"
            continue
        if line.startswith("REQUESTS/DURATIONS"):
            section = "req"
            continue
        if line.startswith("RESOURCEAVAILABILITIES"):
            section = "avail"
            continue
        if line.startswith("*") or line.startswith("-"):
            if section != "avail":
                section = section if not line.startswith("*") else ""
            continue
        fields = line.split()
        if not fields or not re.fullmatch(r"\d+", fields[0]):
            continue
        numbers = [int(x) for x in fields]
        if section == "prec":
            successors[numbers[0]] = numbers[3 : 3 + numbers[2]]
        elif section == "req":
            durations[numbers[0]] = numbers[2]
            requests[numbers[0]] = numbers[3:]
        elif section == "avail":
            availability = numbers
    return successors, durations, requests, availability


def rcpsp_problem(path: Path, horizon: int) -> dict[str, Any]:
    successors, durations, requests, availability = read_psplib(path)
    predecessors: dict[int, list[int]] = {j: [] for j in durations}
    for j, succ in successors.items():
        for k in succ:
            predecessors[k].append(j)
    real = {j for j, d in durations.items() if d > 0}

    def real_predecessors(j: int) -> set[int]:
        found: set[int] = set()
        stack = list(predecessors[j])
        while stack:
            a = stack.pop()
            if a in real:
                found.add(a)
            else:
                stack.extend(predecessors[a])
        return found

    pools = [
        {"id": f"R{r + 1}", "capacity": [units] * horizon} for r, units in enumerate(availability)
    ]
    initiatives = []
    for j in sorted(real):
        demand = {f"R{r + 1}": units for r, units in enumerate(requests[j]) if units > 0}
        initiatives.append(
            {
                "id": f"J{j}",
                "value": 1.0,
                "duration": durations[j],
                "demand": demand,
                "mandatory": True,
                "after": [f"J{a}" for a in sorted(real_predecessors(j))],
            }
        )
    return {
        "format": "koersvast.portfolio-problem/1",
        "name": path.stem,
        "periods": [f"t{t}" for t in range(horizon)],
        "pools": pools,
        "initiatives": initiatives,
    }


def psplib_optima(csv_path: Path) -> dict[str, int]:
    with csv_path.open() as handle:
        return {row["problem"]: int(row["optimum"]) for row in csv.DictReader(handle)}
