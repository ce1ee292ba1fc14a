"""Text hygiene: the characters that no stored text may hold, removed where text comes in.

C0 control characters other than tab, line feed and carriage return cannot be written to XML
(an .xlsx workbook is XML), are invisible on screen and typically arrive by pasting from a word
processor: Word's manual line break is a vertical tab (U+000B). Lone surrogates cannot be
encoded as UTF-8 (PostgreSQL refuses them) and U+FFFE/U+FFFF are not characters. Such text is
cleaned rather than refused: the user cannot see what to remove (decision 0907).

Every door cleans with `clean_text`: form posts (`CleanTextInputMiddleware`), the API's JSON
(`api.parsers.CleanJSONParser`), the Excel import and the JSON file imports; writers of files
clean again for text stored before (spreadsheets.export).
"""

from __future__ import annotations

import re
from typing import Any

# A vertical tab or form feed separates words: a space keeps them apart without making a line
# break in a single-line field (a title with a line break would break an e-mail subject).
_SEPARATORS = re.compile("[\x0b\x0c]")
_FORBIDDEN = re.compile("[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def clean_text(value: str) -> str:
    """The text without control characters other than tab and line breaks (see module doc)."""
    if _SEPARATORS.search(value):
        value = _SEPARATORS.sub(" ", value)
    return _FORBIDDEN.sub("", value)


def needs_cleaning(value: str) -> bool:
    """Whether `clean_text` would change the text."""
    return bool(_SEPARATORS.search(value) or _FORBIDDEN.search(value))


def clean_strings(data: Any) -> Any:
    """Every string in decoded JSON (objects, arrays, keys and values) cleaned."""
    if isinstance(data, str):
        return clean_text(data)
    if isinstance(data, list):
        return [clean_strings(item) for item in data]
    if isinstance(data, dict):
        return {clean_strings(key): clean_strings(value) for key, value in data.items()}
    return data
