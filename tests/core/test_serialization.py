"""The backup's JSON format keeps timestamps to the microsecond, and reads back as `json`."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.dateparse import parse_datetime, parse_time
from hypothesis import given
from hypothesis import strategies as st

from koersvast.core.serialization import ExactJSONEncoder

aware = st.datetimes(
    min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1), timezones=st.just(UTC)
)


@given(aware)
def test_every_datetime_comes_back_exactly(stamp):
    text = json.loads(json.dumps(stamp, cls=ExactJSONEncoder))
    assert parse_datetime(text) == stamp


@given(st.times())
def test_every_time_comes_back_exactly(moment):
    assert parse_time(json.loads(json.dumps(moment, cls=ExactJSONEncoder))) == moment


@given(aware, st.integers(0, 999))
def test_whole_milliseconds_are_written_as_django_writes_them(stamp, millisecond):
    # Backups made with Django's encoder (milliseconds) still compare equal after a restore.
    stamp = stamp.replace(microsecond=millisecond * 1000)
    assert json.dumps(stamp, cls=ExactJSONEncoder) == json.dumps(stamp, cls=DjangoJSONEncoder)


def test_finer_than_a_millisecond_keeps_six_digits():
    stamp = datetime(2026, 12, 6, 2, 55, 54, 123, tzinfo=UTC)
    assert json.dumps(stamp, cls=ExactJSONEncoder) == '"2026-12-06T02:55:54.000123Z"'
    assert json.dumps(time(9, 30, 0, 5), cls=ExactJSONEncoder) == '"09:30:00.000005"'
