"""The demo municipality for tests: loaded once per test process, then restored from a copy.

`demo_load()` writes thousands of rows through the ORM, each with its audit event: seconds per
call, and browser and crawl tests need a fresh demo in every test because their database is
emptied after each one. `load_demo()` runs the real `demo_load()` the first time it meets a
database in a given state, copies every table, and afterwards restores that copy in one
transaction when it meets the same state again (PostgreSQL's sequences moved past the restored
keys). The state is the row count of every table before loading, so a test that created data of
its own first gets the real `demo_load()`, which completes what is there. Tests of the demo
itself (tests/demo/) call `demo_load()` directly.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction

from koersvast.demo.services import DemoLogin, demo_load
from koersvast.tenancy.models import Municipality

Rows = dict[str, tuple[list[str], list[tuple[Any, ...]]]]
_copies: dict[tuple[str, tuple[int, ...]], tuple[Rows, int, list[DemoLogin]]] = {}


def load_demo() -> tuple[Municipality, list[DemoLogin]]:
    """The demo municipality and its logins, as `demo_load()` would leave them."""
    tables = _tables()
    key = (connection.vendor, _counts(tables))
    if key in _copies:
        rows, municipality_pk, logins = _copies[key]
        _restore(tables, rows)
        return Municipality.objects.get(pk=municipality_pk), logins
    municipality, logins = demo_load()
    _copies[key] = (_copy(tables), municipality.pk, logins)
    return municipality, logins


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True))


def _counts(tables: list[str]) -> tuple[int, ...]:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        counts = []
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 (table names)
            counts.append(cursor.fetchone()[0])
    return tuple(counts)


def _copy(tables: list[str]) -> Rows:
    """Every table's stored columns (generated ones are computed again on insert)."""
    quote = connection.ops.quote_name
    generated: dict[str, set[str]] = {}
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if getattr(field, "generated", False):
                generated.setdefault(model._meta.db_table, set()).add(field.column)
    rows: Rows = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608
            columns = [c[0] for c in cursor.description]
            keep = [i for i, c in enumerate(columns) if c not in generated.get(table, ())]
            rows[table] = (
                [columns[i] for i in keep],
                [tuple(row[i] for i in keep) for row in cursor.fetchall()],
            )
    return rows


def _restore(tables: list[str], rows: Rows) -> None:
    """Every table as in the copy. Foreign keys are checked at commit (Django makes them
    deferrable on both databases), so the order of the tables does not matter."""
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608
        for table, (columns, values) in rows.items():
            if values:
                names = ", ".join(quote(c) for c in columns)
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(
                    f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})",  # noqa: S608
                    values,
                )
        models = apps.get_models(include_auto_created=True)
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
    ContentType.objects.clear_cache()
