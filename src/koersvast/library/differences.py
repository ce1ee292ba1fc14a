"""Differences between two versions of a template, and applying a selection of them.

Works for every kind through its `items()`/`rebuild()`: an item is added, removed or changed
(per field). Merging applies the selected changes to the municipality's *present* state, so
its own adaptations of fields the newer version did not touch are kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from .kinds import Item, TemplateKind

ADDED, REMOVED, CHANGED = "added", "removed", "changed"
OP_LABELS = {ADDED: _("toegevoegd"), REMOVED: _("verwijderd"), CHANGED: _("gewijzigd")}


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    before: Any
    after: Any


@dataclass
class Change:
    """One item that differs between the adopted version and the newer one."""

    key: str
    op: str
    section: str
    section_label: str
    label: str
    after: dict[str, Any] | None
    fields: list[FieldChange] = field(default_factory=list)

    @property
    def op_label(self) -> str:
        return str(OP_LABELS[self.op])


def _same(a: Any, b: Any) -> bool:
    # 0.5 and 0.50 and "0.5" are one weight; compare numbers as numbers.
    if isinstance(a, int | float) and isinstance(b, int | float):
        return abs(float(a) - float(b)) < 1e-9
    return a == b


def compare(kind: TemplateKind, old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """The changes from `old` to `new`, in the new version's order (removed items last)."""
    before, after = kind.items(old), kind.items(new)
    changes: list[Change] = []

    def make(key: str, op: str, item: Item, fields: list[FieldChange]) -> Change:
        return Change(
            key=key,
            op=op,
            section=item.section,
            section_label=str(kind.section_labels.get(item.section, item.section)),
            label=item.label,
            after=dict(after[key].fields) if key in after else None,
            fields=fields,
        )

    for key, item in after.items():
        old_item = before.get(key)
        names = [n for n in item.fields if n not in kind.quiet_fields]
        if old_item is None:
            changes.append(make(key, ADDED, item, []))
            continue
        fields = [
            FieldChange(n, str(kind.field_labels.get(n, n)), old_item.fields.get(n), item.fields[n])
            for n in names
            if not _same(old_item.fields.get(n), item.fields[n])
        ]
        if fields:
            changes.append(make(key, CHANGED, item, fields))
    for key, item in before.items():
        if key not in after:
            changes.append(make(key, REMOVED, item, []))
    return changes


def apply(kind: TemplateKind, target: dict[str, Any], changes: list[Change]) -> dict[str, Any]:
    """`target` with the given changes applied (field by field for a changed item)."""
    items = kind.items(target)
    for change in changes:
        if change.op == REMOVED:
            kind.remove(items, change.key)
        elif change.op == ADDED:
            items[change.key] = Item(change.section, change.label, dict(change.after or {}))
        else:
            current = items.get(change.key)
            if current is None:  # the municipality removed it; the newer version still has it
                items[change.key] = Item(change.section, change.label, dict(change.after or {}))
                continue
            for field_change in change.fields:
                current.fields[field_change.name] = field_change.after
    return kind.rebuild(target, items)
