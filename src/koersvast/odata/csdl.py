"""The $metadata document (CSDL XML, OData v4.0) generated from the entity sets."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from .edm import DATETIME_PRECISION, Edm, Prop
from .entities import ENTITY_SETS, EntitySet

NAMESPACE = "Koersvast"
EDMX = "http://docs.oasis-open.org/odata/ns/edmx"
EDM = "http://docs.oasis-open.org/odata/ns/edm"


def _property(parent: ET.Element, prop: Prop) -> None:
    attrs = {"Name": prop.name, "Type": str(prop.type)}
    if not prop.nullable:
        attrs["Nullable"] = "false"
    if prop.type == Edm.DECIMAL:
        attrs["Precision"] = str(prop.precision)
        attrs["Scale"] = str(prop.scale)
    if prop.type == Edm.DATETIME:
        attrs["Precision"] = str(DATETIME_PRECISION)  # CSDL's default is 0: whole seconds
    if prop.type == Edm.STRING and prop.max_length:
        attrs["MaxLength"] = str(prop.max_length)
    ET.SubElement(parent, "Property", attrs)


def _entity_type(schema: ET.Element, entity_set: EntitySet) -> None:
    entity_type = ET.SubElement(schema, "EntityType", {"Name": entity_set.type_name})
    key = ET.SubElement(entity_type, "Key")
    ET.SubElement(key, "PropertyRef", {"Name": entity_set.key_name})
    for prop in entity_set.props:
        _property(entity_type, prop)


def metadata_document() -> bytes:
    root = ET.Element("edmx:Edmx", {"xmlns:edmx": EDMX, "Version": "4.0"})
    services = ET.SubElement(root, "edmx:DataServices")
    schema = ET.SubElement(services, "Schema", {"xmlns": EDM, "Namespace": NAMESPACE})
    for entity_set in ENTITY_SETS:
        _entity_type(schema, entity_set)
    container = ET.SubElement(schema, "EntityContainer", {"Name": "Container"})
    for entity_set in ENTITY_SETS:
        ET.SubElement(
            container,
            "EntitySet",
            {"Name": entity_set.name, "EntityType": f"{NAMESPACE}.{entity_set.type_name}"},
        )
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
