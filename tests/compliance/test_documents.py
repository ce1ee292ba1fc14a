"""The compliance documents point at files that exist (tests, templates, scripts)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = [
    "docs/bio2.md",
    "docs/compliance/README.md",
    "SECURITY.md",
    "docs/toegankelijkheidsverklaring.md",
]
# A repository path in backticks, optionally with ::test_name.
PATH = re.compile(r"`((?:tests|docs|deploy|scripts|src)/[^`:\s]+|\.ci/run)(?:::(\w+))?`")


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_path_and_test_named_exists(document: str) -> None:
    text = (ROOT / document).read_text(encoding="utf-8")
    named = PATH.findall(text)
    for path, test in named:
        target = ROOT / path
        assert target.exists(), f"{document} names {path}, which does not exist"
        if test:
            assert f"def {test}(" in target.read_text(encoding="utf-8"), f"{path}::{test}"


def test_bio2_maps_the_core_controls() -> None:
    text = (ROOT / "docs/bio2.md").read_text(encoding="utf-8")
    for control in ("5.15", "5.21", "8.2", "8.5", "8.13", "8.15", "8.24", "8.32"):
        assert f"| {control} " in text
