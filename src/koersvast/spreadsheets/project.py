"""Reading a Microsoft Project XML export (MSPDI) as a table for the portfolio import.

Project (desktop, and Project Online until its retirement) saves a plan as XML: File › Save As
› "XML-indeling" (namespace http://schemas.microsoft.com/project). Each task at the chosen
outline level (1: the top-level summary tasks) becomes a row; its start and finish give the
start quarter and the duration in quarters; the resources assigned to it or to its subtasks,
its notes and cost, and every extended attribute (Project's custom fields, by their alias)
become columns that the usual mapping step links to Koersvast fields and own intake fields.
The rows then go through the Excel import's service: dry run, per-row errors, all or nothing.

The XML is parsed with defusedxml and refuses any DOCTYPE: no entity expansion ("billion
laughs"), no external entities or DTDs. `.mpp` files are not read (docs/excel/README.md,
"Microsoft Project").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.utils.translation import gettext as _

from . import constants as limits
from .reading import Issue, Table, WorkbookRejected

NS = "http://schemas.microsoft.com/project"
Q = f"{{{NS}}}"

# The columns every Project file gives (the headers the mapping step suggests fields for).
TITLE = "Titel"
START = "Start"
FINISH = "Einde"
DURATION = "Duur (kwartalen)"
RESOURCES = "Resources"
NOTES = "Notities"
COST = "Kosten (€)"
WBS = "WBS"
DOMAIN = "Domein"
MAX_QUARTERS = 40


class ProjectTable(Table):
    """A table read from Project: a column is named by its header (there are no letters)."""

    def column_name(self, index: int) -> str:
        return self.headers[index] if index < len(self.headers) else str(index + 1)


@dataclass(frozen=True)
class _Task:
    uid: str
    id: int
    name: str
    level: int
    element: Element


def _text(element: Element | None, tag: str) -> str:
    child = element.find(Q + tag) if element is not None else None
    return (child.text or "").strip() if child is not None else ""


def _date(text: str) -> dt.date | None:
    try:
        return dt.datetime.fromisoformat(text).date() if text else None
    except ValueError:
        return None


def _quarters(start: dt.date | None, finish: dt.date | None) -> int | None:
    """The quarters from the start's quarter through the finish's, inclusive (1 … 40)."""
    if start is None or finish is None or finish < start:
        return None
    first = start.year * 4 + (start.month - 1) // 3
    last = finish.year * 4 + (finish.month - 1) // 3
    return max(1, min(MAX_QUARTERS, last - first + 1))


def _cost(text: str) -> Decimal | None:
    """Project writes costs in cents (hundredths of the currency)."""
    try:
        return (Decimal(text) / 100).quantize(Decimal("0.01")) if text else None
    except InvalidOperation:
        return None


def parse_project(content: bytes) -> Element:
    """The root <Project> element; WorkbookRejected with a Dutch reason otherwise."""
    if len(content) > limits.MAX_UPLOAD_BYTES:
        raise WorkbookRejected(
            _("Het bestand is groter dan %(mb)s MB.") % {"mb": limits.MAX_UPLOAD_BYTES // 2**20}
        )
    try:
        root = fromstring(content, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise WorkbookRejected(
            _(
                "Dit XML-bestand bevat een DOCTYPE of entiteiten en wordt om veiligheidsredenen "
                "niet gelezen. Sla het plan in Project opnieuw op als XML."
            )
        ) from None
    except (ParseError, ValueError):
        raise WorkbookRejected(
            _(
                "Dit is geen leesbaar XML-bestand. Kies in Microsoft Project Bestand › Opslaan "
                "als › XML-indeling (*.xml)."
            )
        ) from None
    if root.tag != Q + "Project":
        raise WorkbookRejected(
            _(
                "Dit is geen Microsoft Project-XML (MSPDI): het hoofdelement is geen Project "
                "van http://schemas.microsoft.com/project."
            )
        )
    return root


def outline_levels(content: bytes) -> list[int]:
    """The outline levels that hold tasks (for the choice of level)."""
    root = parse_project(content)
    levels = {
        int(_text(task, "OutlineLevel") or 0)
        for task in root.iterfind(f"{Q}Tasks/{Q}Task")
        if _text(task, "IsNull") != "1"
    }
    return sorted(level for level in levels if level > 0)


def _extended_attributes(root: Element) -> tuple[dict[str, str], dict[str, str]]:
    """FieldID → column header (the alias, else Project's name such as Text1), and the
    lookup-table values by their GUID."""
    names: dict[str, str] = {}
    lookup: dict[str, str] = {}
    for attribute in root.iterfind(f"{Q}ExtendedAttributes/{Q}ExtendedAttribute"):
        field_id = _text(attribute, "FieldID")
        header = _text(attribute, "Alias") or _text(attribute, "FieldName")
        if field_id and header:
            names[field_id] = header
        for value in attribute.iterfind(f"{Q}ValueList/{Q}Value"):
            guid = _text(value, "Guid") or _text(value, "GUID")
            if guid:
                lookup[guid] = _text(value, "Value")
    return names, lookup


def read_project(
    content: bytes, *, level: int = 1, domain: str = "", name: str = "Project"
) -> ProjectTable:
    """The tasks at outline `level` as a table (row number: the task's ID in Project).

    `domain`, when given, fills a Domein column for every row (a Project file rarely has one);
    an extended attribute with the alias Domein wins over it.
    """
    root = parse_project(content)
    attribute_names, lookup = _extended_attributes(root)
    tasks = [
        _Task(
            uid=_text(task, "UID"),
            id=int(_text(task, "ID") or 0),
            name=_text(task, "Name"),
            level=int(_text(task, "OutlineLevel") or 0),
            element=task,
        )
        for task in root.iterfind(f"{Q}Tasks/{Q}Task")
        if _text(task, "IsNull") != "1"
    ]
    resources = {
        _text(resource, "UID"): _text(resource, "Name")
        for resource in root.iterfind(f"{Q}Resources/{Q}Resource")
        if _text(resource, "Name")
    }
    assigned: dict[str, list[str]] = {}
    for assignment in root.iterfind(f"{Q}Assignments/{Q}Assignment"):
        resource = resources.get(_text(assignment, "ResourceUID"))
        if resource:
            assigned.setdefault(_text(assignment, "TaskUID"), []).append(resource)

    custom_headers = sorted(
        {
            attribute_names[_text(value, "FieldID")]
            for task in tasks
            if task.level == level
            for value in task.element.iterfind(f"{Q}ExtendedAttribute")
            if _text(value, "FieldID") in attribute_names
        },
        key=str.lower,
    )
    has_domain_attribute = any(h.strip().lower() == DOMAIN.lower() for h in custom_headers)
    headers = [TITLE, START, FINISH, DURATION, RESOURCES, NOTES, COST, WBS]
    if domain and not has_domain_attribute:
        headers.append(DOMAIN)
    headers += custom_headers
    index = {header: i for i, header in enumerate(headers)}

    rows: list[tuple[int, list[Any]]] = []
    for position, task in enumerate(tasks):
        if task.level != level:
            continue
        if len(rows) >= limits.MAX_DATA_ROWS:
            raise WorkbookRejected(
                _("Meer dan %(n)s taken op dit niveau; splits het plan.")
                % {"n": limits.MAX_DATA_ROWS}
            )
        values: list[Any] = [None] * len(headers)
        start = _date(_text(task.element, "Start"))
        finish = _date(_text(task.element, "Finish"))
        values[index[TITLE]] = task.name
        values[index[START]] = start
        values[index[FINISH]] = finish
        values[index[DURATION]] = _quarters(start, finish)
        values[index[NOTES]] = _text(task.element, "Notes") or None
        values[index[COST]] = _cost(_text(task.element, "Cost"))
        values[index[WBS]] = _text(task.element, "WBS") or None
        # The resources of the task and of its subtasks (the tasks after it, deeper down).
        names: list[str] = list(assigned.get(task.uid, []))
        for sub in tasks[position + 1 :]:
            if sub.level <= task.level:
                break
            names += assigned.get(sub.uid, [])
        values[index[RESOURCES]] = ", ".join(dict.fromkeys(names)) or None
        if DOMAIN in index and not has_domain_attribute:
            values[index[DOMAIN]] = domain
        for value in task.element.iterfind(f"{Q}ExtendedAttribute"):
            header = attribute_names.get(_text(value, "FieldID"))
            if header in index:
                text = _text(value, "Value") or lookup.get(_text(value, "ValueGUID"), "")
                values[index[header]] = text or None
        rows.append((task.id, values))
    issues: list[Issue] = []
    if not rows:
        issues.append(
            Issue(
                _("Het plan heeft geen taken op niveau %(level)s; kies een ander niveau.")
                % {"level": level}
            )
        )
    project_name = _text(root, "Name") or _text(root, "Title") or name
    return ProjectTable(sheet=project_name[:100], headers=headers, rows=rows, issues=issues)
