"""The ``koersvast.framework/1`` format: its limits and judgement scale, and the checker that
collects every problem of a file with its JSON path."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import get_language

from koersvast.core.text import clean_strings

FORMAT = "koersvast.framework/1"
MAX_BYTES = 1024 * 1024
MAX_OBJECTIVES = 500
MAX_AXES = 50
MAX_WEIGHT = 999.9999  # Objective/ImpactAxis.weight: 7 digits, 4 decimals
MAX_PART_WEIGHT = 99.99  # Framework.value_weight/impact_weight: 4 digits, 2 decimals

#: Saaty's scale as written in the file, and as stored (signed whole numbers).
VALUE_TO_JUDGEMENT = {str(k): k for k in range(1, 10)} | {f"1/{k}": -k for k in range(2, 10)}
JUDGEMENT_TO_VALUE = {judgement: text for text, judgement in VALUE_TO_JUDGEMENT.items()}

SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")


# --- Problems -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an import file, at a JSON path such as ``objectives[2].code``."""

    path: str
    message_nl: str
    message_en: str

    def __str__(self) -> str:
        english = (get_language() or "nl").startswith("en")
        message = self.message_en if english else self.message_nl
        return f"{self.path}: {message}" if self.path else message


class FrameworkFileError(ValueError):
    """An import file that cannot be imported; `problems` says what and where."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{p.path}: {p.message_en}" for p in problems))


class _Checker:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: str, nl: str, en: str) -> None:
        self.problems.append(Problem(path, nl, en))

    def text(
        self, obj: dict[str, Any], key: str, path: str, *, max_length: int, required: bool
    ) -> str:
        value = obj.get(key, None if required else "")
        if value is None and not required:
            return ""
        if not isinstance(value, str):
            self.add(f"{path}.{key}", "moet tekst zijn.", "must be a string.")
            return ""
        value = value.strip()
        if required and not value:
            self.add(f"{path}.{key}", "is verplicht en mag niet leeg zijn.", "is required.")
        if len(value) > max_length:
            self.add(
                f"{path}.{key}",
                f"is te lang ({len(value)} tekens, hoogstens {max_length}).",
                f"is too long ({len(value)} characters, at most {max_length}).",
            )
        return value

    def number(
        self, obj: dict[str, Any], key: str, path: str, *, maximum: float, default: Any = None
    ) -> Decimal:
        value = obj.get(key, default)
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not math.isfinite(value)
        ):
            self.add(f"{path}.{key}", "moet een getal zijn.", "must be a number.")
            return Decimal(0)
        if not 0 <= value <= maximum:
            self.add(
                f"{path}.{key}",
                f"moet tussen 0 en {maximum} liggen, niet {value}.",
                f"must lie between 0 and {maximum}, not {value}.",
            )
            return Decimal(0)
        return Decimal(str(value))

    def integer(
        self, obj: dict[str, Any], key: str, path: str, *, maximum: int, default: Any = None
    ) -> int:
        value = obj.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= maximum:
            self.add(
                f"{path}.{key}",
                f"moet een geheel getal van 0 t/m {maximum} zijn.",
                f"must be a whole number from 0 to {maximum}.",
            )
            return 0
        return value

    def choice(
        self, obj: dict[str, Any], key: str, path: str, choices: list[str], default: Any = None
    ) -> str:
        value = obj.get(key, default)
        if value not in choices:
            allowed = ", ".join(repr(c) for c in choices)
            self.add(
                f"{path}.{key}",
                f"{value!r} is geen toegestane waarde (toegestaan: {allowed}).",
                f"{value!r} is not allowed (allowed: {allowed}).",
            )
            return choices[0]
        return value

    def items(self, document: dict[str, Any], key: str, limit: int) -> list[dict[str, Any]]:
        value = document.get(key)
        if not isinstance(value, list):
            self.add(key, "moet een lijst zijn.", "must be an array.")
            return []
        if len(value) > limit:
            self.add(
                key,
                f"bevat {len(value)} elementen; hoogstens {limit}.",
                f"has {len(value)} items; at most {limit}.",
            )
            return []
        result = []
        for index, item in enumerate(value):
            if isinstance(item, dict):
                result.append(item)
            else:
                self.add(f"{key}[{index}]", "moet een object zijn.", "must be an object.")
        return result if len(result) == len(value) else []


def parse_document(raw: bytes) -> dict[str, Any]:
    """Decode an uploaded file into a JSON object, or raise FrameworkFileError."""
    if len(raw) > MAX_BYTES:
        raise FrameworkFileError(
            [
                Problem(
                    "",
                    f"Het bestand is groter dan 1 MB ({len(raw)} bytes).",
                    f"The file is larger than 1 MB ({len(raw)} bytes).",
                )
            ]
        )
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise FrameworkFileError(
            [Problem("", "Het bestand is geen UTF-8-tekst.", "The file is not UTF-8 text.")]
        ) from None
    except json.JSONDecodeError as error:
        raise FrameworkFileError(
            [
                Problem(
                    "",
                    f"Het bestand is geen geldige JSON (regel {error.lineno}, kolom "
                    f"{error.colno}: {error.msg}).",
                    f"The file is not valid JSON (line {error.lineno}, column {error.colno}: "
                    f"{error.msg}).",
                )
            ]
        ) from None
    if not isinstance(document, dict):
        raise FrameworkFileError(
            [Problem("", "Het bestand moet een JSON-object zijn.", "The file must be an object.")]
        )
    return clean_strings(document)  # no control characters in what is stored (core/text.py)
