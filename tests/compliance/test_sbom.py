"""The SBOM: cyclonedx-py reads an environment into a valid CycloneDX document.

`make sbom` (scripts/sbom) does the same on a fresh runtime-only environment, which takes
minutes to install; here the test environment (which holds the runtime dependencies too) is read.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator

ROOT = Path(__file__).resolve().parents[2]


def _name(requirement: str) -> str:
    return re.split(r"[\[<>=!~ ;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


@pytest.mark.slow  # reads every installed distribution: a minute or two on a busy machine
def test_the_sbom_is_valid_cyclonedx_with_every_runtime_dependency(tmp_path) -> None:
    out = tmp_path / "koersvast.cdx.json"
    result = subprocess.run(  # noqa: S603
        [
            *(sys.executable, "-m", "cyclonedx_py", "environment"),
            *("--pyproject", str(ROOT / "pyproject.toml"), "--output-reproducible"),
            *("--output-format", "JSON", "--output-file", str(out), sys.executable),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    text = out.read_text()
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(text) is None
    sbom = json.loads(text)
    assert sbom["bomFormat"] == "CycloneDX"
    root = sbom["metadata"]["component"]
    assert root["name"] == "koersvast"
    assert root["licenses"][0]["license"]["id"] == "EUPL-1.2"
    components = {c["name"].lower().replace("_", "-"): c for c in sbom["components"]}
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for requirement in project["dependencies"]:
        component = components[_name(requirement)]
        assert component["version"], component
        assert component["purl"].startswith("pkg:pypi/")
        assert component["purl"].endswith(f"@{component['version']}")


def test_make_sbom_runs_the_script() -> None:
    dry = subprocess.run(
        ["make", "-n", "-W", "pyproject.toml", "sbom"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "scripts/sbom var/sbom/koersvast.cdx.json" in dry.stdout
