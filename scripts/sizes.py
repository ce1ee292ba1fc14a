#!/usr/bin/env python3
"""List the largest modules and functions of src/koersvast (the size budget of CONTRIBUTING.md).

Usage: scripts/sizes.py [--modules N] [--functions N]   (defaults: modules > 400 lines,
functions > 60 lines; migrations are generated and left out).
"""

from __future__ import annotations

import argparse
import ast
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent / "src" / "koersvast"


def _sources() -> list[pathlib.Path]:
    return sorted(p for p in ROOT.rglob("*.py") if "migrations" not in p.parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--modules", type=int, default=400)
    parser.add_argument("--functions", type=int, default=60)
    args = parser.parse_args()
    modules, functions = [], []
    for path in _sources():
        text = path.read_text(encoding="utf-8")
        name = str(path.relative_to(ROOT.parent))
        lines = text.count("\n")
        if lines > args.modules:
            modules.append((lines, name))
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > args.functions:
                    functions.append((length, f"{name}:{node.lineno} {node.name}"))
    print(f"Modules over {args.modules} lines:")
    for lines, name in sorted(modules, reverse=True):
        print(f"  {lines:5d}  {name}")
    print(f"Functions over {args.functions} lines:")
    for length, name in sorted(functions, reverse=True):
        print(f"  {length:5d}  {name}")


if __name__ == "__main__":
    main()
