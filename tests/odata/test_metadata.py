"""$metadata: valid CSDL XML whose types match every value the feed returns."""

from __future__ import annotations

import datetime
import re
from typing import Any
from xml.etree import ElementTree as ET

import pytest

from koersvast.odata.entities import ENTITY_SETS

from .conftest import Feed

pytestmark = pytest.mark.django_db

NS = {
    "edmx": "http://docs.oasis-open.org/odata/ns/edmx",
    "edm": "http://docs.oasis-open.org/odata/ns/edm",
}
TYPES = {
    "Edm.Int32",
    "Edm.Int64",
    "Edm.String",
    "Edm.Decimal",
    "Edm.Date",
    "Edm.DateTimeOffset",
    "Edm.Boolean",
}


def _schema(feed: Feed) -> tuple[ET.Element, Any]:
    response = feed.get("$metadata")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert response["OData-Version"] == "4.0"
    root = ET.fromstring(response.content)  # noqa: S314 - our own document, in a test
    assert root.tag == f"{{{NS['edmx']}}}Edmx"
    assert root.get("Version") == "4.0"
    schema = root.find("edmx:DataServices/edm:Schema", NS)
    assert schema is not None
    return root, schema


def _types(schema: ET.Element) -> dict[str, dict[str, ET.Element]]:
    return {
        t.get("Name", ""): {p.get("Name", ""): p for p in t.findall("edm:Property", NS)}
        for t in schema.findall("edm:EntityType", NS)
    }


def test_metadata_is_valid_csdl(feed_a: Feed) -> None:
    _root, schema = _schema(feed_a)
    namespace = schema.get("Namespace")
    types = _types(schema)
    container = schema.find("edm:EntityContainer", NS)
    assert container is not None
    sets = {s.get("Name"): s.get("EntityType") for s in container.findall("edm:EntitySet", NS)}
    assert set(sets) == {s.name for s in ENTITY_SETS}
    for entity_type in schema.findall("edm:EntityType", NS):
        refs = entity_type.findall("edm:Key/edm:PropertyRef", NS)
        assert len(refs) == 1
        key = types[entity_type.get("Name", "")][refs[0].get("Name", "")]
        assert key.get("Nullable") == "false"
    for type_name in sets.values():
        assert type_name.startswith(f"{namespace}.")
        assert type_name.split(".", 1)[1] in types
    for props in types.values():
        for prop in props.values():
            assert prop.get("Type") in TYPES
            if prop.get("Type") == "Edm.Decimal":
                precision, scale = int(prop.get("Precision", 0)), int(prop.get("Scale", -1))
                assert 0 <= scale <= precision


def test_ids_are_int64_and_money_has_precision(feed_a: Feed) -> None:
    types = _types(_schema(feed_a)[1])
    initiative = types["Initiative"]
    assert initiative["Id"].get("Type") == "Edm.Int64"
    assert initiative["StartYear"].get("Type") == "Edm.Int32"
    assert initiative["StartYear"].get("Nullable") is None  # nullable is the default
    capital = initiative["BudgetCapital"]
    assert (capital.get("Type"), capital.get("Precision"), capital.get("Scale")) == (
        "Edm.Decimal",
        "14",
        "2",
    )
    assert types["Risk"]["ReviewDate"].get("Type") == "Edm.Date"
    assert types["Initiative"]["CreatedAt"].get("Type") == "Edm.DateTimeOffset"
    assert types["Initiative"]["CreatedAt"].get("Precision") == "6"  # as stored, not seconds
    assert types["Initiative"]["IsStatutory"].get("Type") == "Edm.Boolean"
    assert types["PlanLine"]["Id"].get("Type") == "Edm.String"


def _fits(edm: str, value: Any, prop: ET.Element) -> bool:
    if value is None:
        return prop.get("Nullable") != "false"
    if edm == "Edm.Int32":
        return isinstance(value, int) and not isinstance(value, bool) and -(2**31) <= value < 2**31
    if edm == "Edm.Int64":
        return isinstance(value, int) and not isinstance(value, bool)
    if edm == "Edm.Decimal":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if edm == "Edm.Boolean":
        return isinstance(value, bool)
    if edm == "Edm.Date":
        return datetime.date.fromisoformat(value) is not None
    if edm == "Edm.DateTimeOffset":
        precision = int(prop.get("Precision", "0"))
        fraction = rf"\.\d{{{precision}}}" if precision else ""
        return re.fullmatch(rf"\d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\d{fraction}Z", value) is not None
    max_length = prop.get("MaxLength")
    return isinstance(value, str) and (max_length is None or len(value) <= int(max_length))


def test_every_json_property_is_declared_with_its_type(feed_a: Feed, data_a: Any) -> None:
    schema = _schema(feed_a)[1]
    types = _types(schema)
    container = schema.find("edm:EntityContainer", NS)
    assert container is not None
    for entity_set in container.findall("edm:EntitySet", NS):
        props = types[entity_set.get("EntityType", "").split(".", 1)[1]]
        rows = feed_a.all(entity_set.get("Name", ""))
        assert rows
        for row in rows:
            assert set(row) == set(props)
            for name, value in row.items():
                assert _fits(props[name].get("Type", ""), value, props[name]), (name, value)
