"""REUSE: every file in the repository has a licence and a copyright notice (`reuse lint`)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def lint(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "reuse", "--root", str(root), "lint"],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_repository_is_reuse_compliant() -> None:
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    assert "compliant with version 3.3 of the REUSE Specification" in result.stdout
    assert (
        (ROOT / "LICENSES" / "EUPL-1.2.txt")
        .read_text()
        .startswith("                      EUROPEAN UNION PUBLIC LICENCE v. 1.2")
    )


def test_reuse_lint_fails_for_a_file_it_cannot_place(tmp_path) -> None:
    """A copy whose REUSE.toml covers only the licences: the lint must name the bare file."""
    shutil.copytree(ROOT / "LICENSES", tmp_path / "LICENSES")
    (tmp_path / "REUSE.toml").write_text(
        'version = 1\n[[annotations]]\npath = "LICENSES/**"\n'
        'SPDX-FileCopyrightText = "x"\nSPDX-License-Identifier = "EUPL-1.2"\n'
    )
    (tmp_path / "kaal.py").write_text("print('geen licentie')\n")
    result = lint(tmp_path)
    assert result.returncode == 1
    assert "kaal.py" in result.stdout
