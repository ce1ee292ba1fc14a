"""The `koersvast` console command."""

from __future__ import annotations

import shutil
import subprocess
import sys

from koersvast.cli import COMMANDS, main


def test_help_lists_the_commands(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for name in ("serve", "migrate", "demo", "createadmin", "optimize"):
        assert name in out
    assert {name for name, _ in COMMANDS} >= {"serve", "migrate", "demo", "createadmin"}


def test_console_script_is_installed():
    script = shutil.which("koersvast") or str(
        __import__("pathlib").Path(sys.executable).with_name("koersvast")
    )
    result = subprocess.run(  # noqa: S603
        [script, "--help"], capture_output=True, text=True, check=True, timeout=60
    )
    assert "createadmin" in result.stdout
