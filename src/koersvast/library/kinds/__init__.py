"""The kinds of template, as a registry: one module per kind in this package.

A kind knows how to export its content from a municipality (in its own exchange format),
validate it, write it into a municipality, cut it into items for comparing versions, and
render a preview. Every module in this package that calls `register()` is picked up at
import time, so adding a kind (a phase model, say) is one new module here and nothing else:
the models, views and file format use the registry, never a fixed list.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.db import models
from django.utils.functional import Promise

from koersvast.tenancy.models import Municipality


class ContentError(ValueError):
    """Template content that cannot be used; `problems` are Dutch messages (with a path)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class Source:
    """Something of a municipality that can be published as a template of this kind."""

    key: str
    label: str


@dataclass
class Item:
    """One comparable part of a template (an objective, a criterion, a colour)."""

    section: str
    label: str
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class WriteResult:
    """What adopting or merging wrote: the object to link to (if one) and a summary."""

    obj: models.Model | None
    label: str
    summary: str
    url: str = ""


class TemplateKind:
    """Base class of a kind; subclasses fill in every method that raises here."""

    key: ClassVar[str]
    label: ClassVar[Promise | str]
    #: Position in filters and menus.
    order: ClassVar[int] = 100
    #: Template that renders `preview()`'s context (library/kinds/<key>.html).
    preview_template: ClassVar[str]
    section_labels: ClassVar[dict[str, Promise | str]] = {}
    #: Fields that identify an item or only order it: not compared, not shown as changes.
    quiet_fields: ClassVar[frozenset[str]] = frozenset({"code", "order"})
    field_labels: ClassVar[dict[str, Promise | str]] = {}
    #: What adopting does, in one sentence for the confirmation page.
    adopt_explanation: ClassVar[Promise | str] = ""

    def sources(self, municipality: Municipality) -> list[Source]:
        raise NotImplementedError

    def export(self, municipality: Municipality, source_key: str) -> dict[str, Any]:
        """The content to freeze in a template version (the kind's own exchange format)."""
        raise NotImplementedError

    def validate(self, content: Any, municipality: Municipality | None = None) -> None:
        """Raise ContentError unless `content` is usable (in `municipality`, when given)."""
        raise NotImplementedError

    def write(
        self,
        municipality: Municipality,
        content: dict[str, Any],
        *,
        merge: bool,
        target: models.Model | None = None,
    ) -> WriteResult:
        """Write `content` into the municipality (inside the caller's transaction).

        `merge` is False when adopting a version, True when writing the result of merging a
        newer version into `target` (the adopted object, if any)."""
        raise NotImplementedError

    def items(self, content: dict[str, Any]) -> dict[str, Item]:
        raise NotImplementedError

    def rebuild(self, base: dict[str, Any], items: dict[str, Item]) -> dict[str, Any]:
        """Content with `base`'s frame and these items (the inverse of `items`)."""
        raise NotImplementedError

    def current(self, municipality: Municipality, target: models.Model | None) -> dict | None:
        """The municipality's present state as content: what a merge starts from."""
        raise NotImplementedError

    def remove(self, items: dict[str, Item], key: str) -> None:
        """Apply "the newer version removed this item" (kinds may soften it)."""
        items.pop(key, None)

    def preview(self, content: dict[str, Any]) -> dict[str, Any]:
        raise NotImplementedError

    def adopt_notes(self, municipality: Municipality, content: dict[str, Any]) -> list[str]:
        """What adopting this content would do in the municipality (added/replaced)."""
        return []

    def summary(self, content: dict[str, Any]) -> str:
        """A short description of the content for the list ("12 doelstellingen, 4 assen")."""
        return ""


KINDS: dict[str, TemplateKind] = {}


def register(kind: TemplateKind) -> TemplateKind:
    KINDS[kind.key] = kind
    return kind


def get_kind(key: str) -> TemplateKind:
    """The registered kind, or ContentError for an unknown one."""
    try:
        return KINDS[key]
    except KeyError:
        raise ContentError([f"kind: onbekende soort sjabloon {key!r}."]) from None


def kind_label(key: str) -> str:
    kind = KINDS.get(key)
    return str(kind.label) if kind else key


def kind_choices() -> list[tuple[str, str]]:
    ordered = sorted(KINDS.values(), key=lambda kind: (kind.order, kind.key))
    return [(kind.key, str(kind.label)) for kind in ordered]


def _discover() -> None:
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not module.name.startswith("_"):
            importlib.import_module(f"{__name__}.{module.name}")


_discover()
