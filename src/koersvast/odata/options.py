"""The system query options other than $filter: $select, $orderby, $top, $skip, $count."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from .edm import Prop
from .errors import ODataError
from .filters import Node, parse_filter

SUPPORTED = {"$select", "$filter", "$orderby", "$top", "$skip", "$count", "$skiptoken", "$format"}
MAX_TOP = 1_000_000
_ORDER_ITEM = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)(?:\s+(asc|desc))?$")


@dataclass
class Options:
    select: list[Prop]
    filter: Node | None = None
    orderby: list[tuple[Prop, bool]] = field(default_factory=list)  # (property, descending)
    top: int | None = None
    skip: int = 0
    count: bool = False
    skiptoken: int = 0


def _bad(code: str, message: str) -> ODataError:
    return ODataError(code, message)


def _non_negative(name: str, raw: str, maximum: int = MAX_TOP) -> int:
    if not raw.isdigit() or int(raw) > maximum:
        raise _bad("InvalidQueryOption", f"{name} moet een geheel getal van 0 tot {maximum} zijn.")
    return int(raw)


def _props(names: str, props: Mapping[str, Prop], option: str) -> list[str]:
    items = [item.strip() for item in names.split(",")]
    if not all(items):
        raise _bad("InvalidQueryOption", f"{option} bevat een lege naam.")
    return items


def parse_select(raw: str | None, props: Mapping[str, Prop]) -> list[Prop]:
    if raw is None or raw.strip() == "*":
        return list(props.values())
    chosen: list[Prop] = []
    for name in _props(raw, props, "$select"):
        if name not in props:
            raise _bad("InvalidSelect", f"Onbekende eigenschap {name!r} in $select.")
        if props[name] not in chosen:
            chosen.append(props[name])
    return chosen


def parse_orderby(raw: str | None, props: Mapping[str, Prop]) -> list[tuple[Prop, bool]]:
    if raw is None:
        return []
    order: list[tuple[Prop, bool]] = []
    for item in _props(raw, props, "$orderby"):
        match = _ORDER_ITEM.match(item)
        if match is None or match.group(1) not in props:
            raise _bad("InvalidOrderBy", f"Ongeldige sortering {item!r} in $orderby.")
        order.append((props[match.group(1)], match.group(2) == "desc"))
    return order


def parse_count(raw: str | None) -> bool:
    if raw is None:
        return False
    if raw not in ("true", "false"):
        raise _bad("InvalidQueryOption", "$count is true of false.")
    return raw == "true"


def parse_options(params: Mapping[str, str], props: Mapping[str, Prop]) -> Options:
    """Parse and validate the query string; unknown $-options are a 400 (OData §11.2.1)."""
    for name in params:
        if name.startswith("$") and name not in SUPPORTED:
            raise _bad("NotSupported", f"Queryoptie {name} wordt niet ondersteund.")
    if params.get("$format", "json") not in ("json", "application/json"):
        raise _bad("NotSupported", "Alleen $format=json wordt ondersteund.")
    raw_filter = params.get("$filter")
    return Options(
        select=parse_select(params.get("$select"), props),
        filter=parse_filter(raw_filter, props) if raw_filter is not None else None,
        orderby=parse_orderby(params.get("$orderby"), props),
        top=_non_negative("$top", params["$top"]) if "$top" in params else None,
        skip=_non_negative("$skip", params["$skip"]) if "$skip" in params else 0,
        count=parse_count(params.get("$count")),
        skiptoken=(
            _non_negative("$skiptoken", params["$skiptoken"]) if "$skiptoken" in params else 0
        ),
    )
