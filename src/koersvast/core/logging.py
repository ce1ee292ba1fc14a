"""Structured logs: one JSON object per line, for a log collector (LOG_FORMAT=json)."""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any

# Attributes every LogRecord has; anything else was passed in `extra` and goes into the JSON.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """timestamp, level, logger, message, the `extra` fields and, on errors, the traceback."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "timestamp": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry |= {k: v for k, v in vars(record).items() if k not in _STANDARD}
        request: Any = entry.get("request")
        if hasattr(request, "method") and hasattr(request, "path"):
            # Django's request loggers pass the request itself: its method and path, not its repr.
            entry["request"] = {"method": request.method, "path": request.path}
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
            if record.exc_info[0] is not None:
                entry["exception_type"] = record.exc_info[0].__name__
        return json.dumps(entry, default=str, ensure_ascii=False)
