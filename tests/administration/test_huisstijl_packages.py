"""The npm packages `make static` vendors may be reused: their licence is read from each
installed package's own package.json (decision 1003). A token package whose licence forbids
reuse (a municipality's proprietary brand tokens) must never become a dependency."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
REUSABLE = {"EUPL-1.2", "MIT", "CC0-1.0", "0BSD", "Apache-2.0", "BSD-3-Clause", "ISC"}


def _dependencies() -> dict[str, str]:
    return json.loads((ROOT / "package.json").read_text())["dependencies"]


def test_the_nl_design_system_packages_are_dependencies() -> None:
    assert {
        "@utrecht/skip-link-css",
        "@utrecht/button-css",
        "@nl-design-system-unstable/voorbeeld-design-tokens",
    } <= set(_dependencies())
    assert "@utrecht/design-tokens" not in _dependencies()  # Gemeente Utrecht's own brand


@pytest.mark.parametrize("name", sorted(_dependencies()))
def test_every_vendored_package_has_a_reusable_licence(name: str) -> None:
    manifest = ROOT / "node_modules" / name / "package.json"
    if not manifest.exists():
        pytest.skip("npm ci has not run (make static)")
    licence = json.loads(manifest.read_text()).get("license")
    assert licence in REUSABLE, f"{name}: {licence}"
