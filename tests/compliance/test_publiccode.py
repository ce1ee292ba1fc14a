"""publiccode.yml: valid against the published schema (kept in the repo), in step with the code."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "docs" / "compliance" / "publiccode.schema.json"
PUBLICCODE = ROOT / "publiccode.yml"


def check(document: Path) -> subprocess.CompletedProcess[str]:
    """check-jsonschema with format checks (uri, date, email), offline: the schema is a file."""
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "check_jsonschema", "--schemafile", str(SCHEMA), str(document)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_publiccode_yml_is_valid_against_the_schema() -> None:
    result = check(PUBLICCODE)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "validation done" in result.stdout


def test_the_schema_check_rejects_a_broken_file(tmp_path) -> None:
    data = yaml.safe_load(PUBLICCODE.read_text(encoding="utf-8"))
    del data["legal"]
    data["developmentStatus"] = "almost-done"
    data["releaseDate"] = "7 december"
    broken = tmp_path / "publiccode.yml"
    broken.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = check(broken)
    assert result.returncode == 1
    for problem in ("'legal' is a required property", "almost-done", "is not a 'date'"):
        assert problem in result.stdout


def test_publiccode_yml_agrees_with_the_project() -> None:
    data = yaml.safe_load(PUBLICCODE.read_text(encoding="utf-8"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert data["softwareVersion"] == project["version"]
    assert data["legal"]["license"] == project["license"]
    # The schema accepts any key under `description`; the standard wants BCP 47 language codes,
    # and each described language should be one the software offers.
    languages = data["localisation"]["availableLanguages"]
    assert set(data["description"]) == set(languages) == {"nl", "en"}
    for text in data["description"].values():
        # The standard asks for 500–10,000 characters (the schema only checks 150).
        assert 500 <= len(text["longDescription"]) <= 10_000
        assert all(len(feature) <= 100 for feature in text["features"])
