"""Run a parsed query against one entity set of one municipality: filter, order, page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import F, QuerySet

from koersvast.tenancy.models import Municipality

from .edm import Edm, Prop, python_value, to_json
from .entities import EntitySet
from .errors import ODataError
from .filters import evaluate, text_value, to_q
from .options import Options


@dataclass
class Page:
    rows: list[dict[str, Any]]
    count: int | None
    next_skiptoken: int | None


def _window(options: Options, page_size: int) -> tuple[int, int, int]:
    """(start, stop, page_size): rows [start, stop) are fetched; one extra tells 'more'."""
    start = options.skip + options.skiptoken
    stop = start + page_size + 1
    if options.top is not None:
        stop = min(stop, options.skip + options.top)
    return start, max(start, stop), page_size


def _ordering(entity_set: EntitySet, options: Options) -> list[tuple[Prop, bool]]:
    # The key is always the last sort key, so every page boundary is deterministic.
    order = list(options.orderby)
    if all(prop.name != entity_set.key_name for prop, _desc in order):
        order.append((entity_set.key_prop, False))
    return order


def _serialise(props: list[Prop], raw: dict[str, Any], source_of: dict[str, str]) -> dict:
    return {prop.name: to_json(prop, raw[source_of[prop.name]]) for prop in props}


def _from_queryset(
    entity_set: EntitySet, queryset: QuerySet, options: Options, page_size: int
) -> Page:
    assert entity_set.queryset is not None
    if options.filter is not None:
        queryset = queryset.filter(to_q(options.filter))
    count = queryset.count() if options.count else None
    # OData: null sorts before any value ascending, after any value descending.
    queryset = queryset.order_by(
        *(
            F(prop.lookup).desc(nulls_last=True) if desc else F(prop.lookup).asc(nulls_first=True)
            for prop, desc in _ordering(entity_set, options)
        )
    )
    start, stop, size = _window(options, page_size)
    source_of = {prop.name: prop.lookup for prop in options.select}
    raw = list(queryset.values(*dict.fromkeys(source_of.values()))[start:stop])
    rows = [_serialise(options.select, r, source_of) for r in raw[:size]]
    return Page(rows, count, options.skiptoken + size if len(raw) > size else None)


def _sort_rows(rows: list[dict[str, Any]], order: list[tuple[Prop, bool]]) -> None:
    for prop, desc in reversed(order):  # stable sorts, least significant key first

        def sort_key(row: dict[str, Any], prop: Prop = prop) -> tuple:
            value = python_value(prop, row.get(prop.name))
            return (0, 0) if value is None else (1, value)

        rows.sort(key=sort_key, reverse=desc)


def _from_rows(entity_set: EntitySet, rows: list[dict], options: Options, page_size: int) -> Page:
    if options.filter is not None:
        rows = [row for row in rows if evaluate(options.filter, row)]
    count = len(rows) if options.count else None
    _sort_rows(rows, _ordering(entity_set, options))
    start, stop, size = _window(options, page_size)
    chunk = rows[start:stop]
    source_of = {prop.name: prop.name for prop in options.select}
    out = [_serialise(options.select, row, source_of) for row in chunk[:size]]
    return Page(out, count, options.skiptoken + size if len(chunk) > size else None)


def read_collection(
    entity_set: EntitySet, municipality: Municipality, options: Options, page_size: int
) -> Page:
    if entity_set.queryset is not None:
        return _from_queryset(entity_set, entity_set.queryset(municipality), options, page_size)
    assert entity_set.rows is not None
    return _from_rows(entity_set, entity_set.rows(municipality), options, page_size)


def parse_key(entity_set: EntitySet, raw: str) -> Any:
    """The key value from `Set(42)` or `Set('3-REF')`; 400 when it does not fit the type."""
    prop = entity_set.key_prop
    if prop.type == Edm.STRING:
        if len(raw) >= 2 and raw[0] == raw[-1] == "'":
            return text_value(raw[1:-1].replace("''", "'"))
    elif raw.isdigit():
        return int(raw)
    raise ODataError("InvalidKey", f"Ongeldige sleutel {raw!r} voor {entity_set.name}.")


def read_entity(
    entity_set: EntitySet, municipality: Municipality, key: Any, select: list[Prop]
) -> dict[str, Any] | None:
    """One entity of the municipality by key, or None (also for another municipality's id)."""
    if entity_set.queryset is not None:
        source_of = {prop.name: prop.lookup for prop in select}
        raw = (
            entity_set.queryset(municipality)
            .filter(**{entity_set.key_prop.lookup: key})
            .values(*dict.fromkeys(source_of.values()))
            .first()
        )
        return _serialise(select, raw, source_of) if raw else None
    assert entity_set.rows is not None
    for row in entity_set.rows(municipality):
        if row[entity_set.key_name] == key:
            return _serialise(select, row, {prop.name: prop.name for prop in select})
    return None
