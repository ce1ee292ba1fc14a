"""The API's JSON parser: every string cleaned like the forms' input (core/text.py)."""

from __future__ import annotations

from typing import Any

from rest_framework.parsers import JSONParser

from koersvast.core.text import clean_strings


class CleanJSONParser(JSONParser):
    """JSON whose strings hold no control characters (other than tab and line breaks).

    A string like "\\u000b" in a title would otherwise be stored and break the Excel exports;
    "\\ud800" (a lone surrogate) cannot be stored in PostgreSQL at all.
    """

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        return clean_strings(super().parse(stream, media_type, parser_context))
