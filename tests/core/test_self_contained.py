"""The repository stands on its own: nothing reads or cites files outside it (a clone has none)."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# "../shared", "parents[3]" (one above the repository) and the design notes the code grew from.
OUTSIDE = re.compile(r"\.\./shared|[\"']shared[\"']\s*/|DESIGN\.md|STYLE\.md|DESIGN §")
FOLDERS = ("src", "tests", "benchmarks", "docs", "scripts", ".ci")
SUFFIXES = {".py", ".md", ".txt", ".toml", ".cfg", ".html", ".sh", ""}


def _files() -> list[Path]:
    files = [REPO / "README.md", REPO / "Makefile", REPO / "pyproject.toml"]
    for folder in FOLDERS:
        files += [
            path
            for path in (REPO / folder).rglob("*")
            if path.is_file()
            and path.suffix in SUFFIXES
            and "data" not in path.relative_to(REPO).parts[:2]
            and not any(part.endswith(".egg-info") for part in path.parts)
            and path != Path(__file__).resolve()
        ]
    return files


def test_nothing_refers_outside_the_repository() -> None:
    hits = [
        f"{path.relative_to(REPO)}:{number}: {line.strip()}"
        for path in _files()
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1)
        if OUTSIDE.search(line)
    ]
    assert hits == [], "\n".join(hits)


def test_the_benchmark_instances_the_tests_use_are_in_the_repository() -> None:
    data = REPO / "benchmarks" / "data"
    assert (data / "rcpsp" / "j30" / "optimum.csv").is_file()
    assert (data / "mkp" / "best-known" / "mknapcb_best_known.csv").is_file()
    assert len(list((data / "mkp" / "orlib").glob("mknapcb*.txt"))) == 9


DOC_REFERENCE = re.compile(r"\b((?:docs|benchmarks|scripts|tests)/[\w./-]*\w|[A-Z]+\.md)\b")


def test_every_file_a_text_names_exists() -> None:
    """`docs/…`, `benchmarks/…` and `README.md`-style references resolve inside the repository."""
    missing = []
    for path in _files():
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            for reference in DOC_REFERENCE.findall(line):
                target = reference.split("#")[0]
                if "*" in target or "<" in target or "{" in target:
                    continue
                candidates = [REPO / target, path.parent / target]
                # "docs/decisions/0601" names a record by its number: a prefix of a file name.
                if not any(c.exists() or any(c.parent.glob(c.name + "*")) for c in candidates):
                    missing.append(f"{path.relative_to(REPO)}:{number}: {reference}")
    assert missing == [], "\n".join(missing)
