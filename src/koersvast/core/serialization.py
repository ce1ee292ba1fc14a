"""Django's JSON fixture format, with timestamps to the microsecond (format `koersvast-json`).

Django's own JSON encoder cuts datetimes and times to milliseconds, so a backup would not bring
back a timestamp exactly, and one between .000001 and .000999 would come back as a different
string (".000" before, none after): the restore's check then fails on a row that is fine. This
encoder writes the shortest exact form: whole seconds and whole milliseconds as Django does (so
backups made before it still compare equal, unless they hold a timestamp of 1–999 µs, which
never restored), anything finer with all six digits. The output is ordinary `json` fixture data
that `loaddata` reads.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.serializers.json import Deserializer, DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer

__all__ = ["Deserializer", "ExactJSONEncoder", "Serializer"]


def _fraction(microsecond: int) -> str:
    if microsecond == 0:
        return ""
    if microsecond % 1000 == 0:
        return f".{microsecond // 1000:03d}"
    return f".{microsecond:06d}"


class ExactJSONEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder without the cut to milliseconds."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.time):
            text = o.replace(microsecond=0).isoformat() if o.microsecond else o.isoformat()
            # isoformat puts the offset (if any) after the seconds: the fraction goes before it.
            seconds = 19 if isinstance(o, datetime.datetime) else 8
            text = text[:seconds] + _fraction(o.microsecond) + text[seconds:]
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class Serializer(JSONSerializer):
    """Django's JSON serializer with `ExactJSONEncoder`."""

    def _init_options(self) -> None:
        super()._init_options()  # type: ignore[misc]  # a private hook the stubs leave out
        self.json_kwargs["cls"] = ExactJSONEncoder
