"""The decisions index lists every decision record, each file follows the numbering, and every
record's title line matches its file name (docs/decisions/README.md)."""

from __future__ import annotations

import re
from pathlib import Path

DECISIONS = Path(__file__).resolve().parents[2] / "docs" / "decisions"
RECORD = re.compile(r"^(\d{4})-[a-z0-9-]+\.md$")


def _records() -> list[Path]:
    return sorted(
        p for p in DECISIONS.glob("*.md") if p.name not in ("README.md", "0000-template.md")
    )


def test_every_record_is_numbered_and_titled_by_its_number() -> None:
    for path in _records():
        match = RECORD.match(path.name)
        assert match, f"{path.name}: name it NNNN-short-title.md"
        title = path.read_text(encoding="utf-8").splitlines()[0]
        assert title.startswith(f"# {match.group(1)} — "), f"{path.name}: title '{title}'"


def test_the_index_links_every_record_and_nothing_else() -> None:
    index = (DECISIONS / "README.md").read_text(encoding="utf-8")
    linked = set(re.findall(r"\]\((\d{4}-[a-z0-9-]+\.md)\)", index)) - {"0000-template.md"}
    assert linked == {path.name for path in _records()}


def test_numbers_are_unique() -> None:
    numbers = [path.name[:4] for path in _records()]
    assert len(numbers) == len(set(numbers))
