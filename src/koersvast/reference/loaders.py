"""Load the packaged BBV taakvelden list (data/bbv_taakvelden_gemeente_2026.csv)."""

from __future__ import annotations

import csv
from importlib import resources
from typing import Any


def taakveld_rows() -> list[dict[str, str]]:
    """The rows of the packaged taakvelden CSV."""
    text = resources.files("koersvast").joinpath("data/bbv_taakvelden_gemeente_2026.csv")
    return list(csv.DictReader(text.read_text("utf-8").splitlines()))


def load_taakvelden(model: Any) -> int:
    """Create or update every taakveld; returns the number of rows (idempotent)."""
    rows = taakveld_rows()
    for row in rows:
        model.objects.update_or_create(
            code=row["code"],
            defaults={
                "description": row["omschrijving"],
                "level": row["niveau"],
                "main_code": row["hoofdtaakveld"],
            },
        )
    return len(rows)
