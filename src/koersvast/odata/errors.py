"""OData JSON errors: `{"error": {"code": ..., "message": ...}}` with the right status."""

from __future__ import annotations


class ODataError(Exception):
    """A request the feed refuses; rendered as an OData error body (400 unless told)."""

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
