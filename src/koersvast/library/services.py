"""Writes of the template library: publish, withdraw, adopt, merge a newer version, import.

Keyword-only and atomic. Every function takes `by`, the acting user, and refuses with
`PermissionDenied` unless that user holds `TEMPLATE_PUBLISH` in the municipality concerned
(`by=None` is for system actions: the demo loader). Content problems raise `ContentError`
(a list of Dutch messages) before anything is written; every row written is audited through
its model.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koersvast.tenancy.models import Municipality
from koersvast.tenancy.policy import Action, require

from . import differences, fileformat
from .choices import AdoptionMode
from .kinds import ContentError, WriteResult, get_kind
from .models import Adoption, Template, TemplateVersion


def _check_right(by: Any, municipality_id: int) -> None:
    if by is not None:  # None: the demo and commands, acting for the operator
        require(
            by,
            municipality_id,
            Action.TEMPLATE_PUBLISH,
            message=_(
                "Alleen een beheerder of portfoliomanager mag sjablonen publiceren en overnemen."
            ),
        )


def _user(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


def _new_version(
    *, template: Template, content: dict[str, Any], note: str, by: Any
) -> TemplateVersion:
    template = Template.objects.select_for_update().get(pk=template.pk)
    number = template.latest_number + 1
    version = TemplateVersion.objects.create(
        municipality_id=template.municipality_id,
        template=template,
        number=number,
        content=content,
        note=note,
        published_by=_user(by),
    )
    template.latest_number = number
    template.last_published_at = version.created_at
    template.save()
    return version


@transaction.atomic
def template_publish(
    *,
    municipality: Municipality,
    kind: str,
    source_key: str,
    title: str,
    description: str,
    by: Any,
    note: str = "",
    template: Template | None = None,
) -> TemplateVersion:
    """Publish a framework version, criteria set or RAG set as (a new version of) a template.

    The content is exported in the kind's own format and frozen in the new version; later
    changes to the source do not touch it. `template` (one of the municipality's own) makes
    this its next version number; otherwise a new template with version 1 is created.
    """
    _check_right(by, municipality.pk)
    handler = get_kind(kind)
    content = handler.export(municipality, source_key)
    handler.validate(content)
    title, description = title.strip(), description.strip()
    if not title:
        raise ValidationError({"title": _("Geef het sjabloon een titel.")})
    if template is None:
        template = Template.objects.create(
            municipality=municipality, kind=kind, title=title, description=description
        )
    else:
        if template.municipality_id != municipality.pk or template.kind != kind:
            raise ValidationError(
                _("Een nieuwe versie hoort bij een sjabloon van dezelfde soort van uw gemeente.")
            )
        if template.is_withdrawn:
            raise ValidationError(_("Dit sjabloon is ingetrokken; publiceer een nieuw sjabloon."))
        template.title, template.description = title, description
        template.save()
    return _new_version(template=template, content=content, note=note.strip(), by=by)


@transaction.atomic
def template_withdraw(*, template: Template, by: Any) -> Template:
    """Withdraw a template from the library: other municipalities no longer see or adopt it.

    Copies already adopted stay (they belong to the adopters); adopters keep read access to
    the versions they adopted.
    """
    _check_right(by, template.municipality_id)
    if template.withdrawn_at is None:
        template.withdrawn_at = timezone.now()
        template.withdrawn_by = _user(by)
        template.save()
    return template


def _record(
    *,
    municipality: Municipality,
    version: TemplateVersion,
    mode: str,
    result: WriteResult,
    by: Any,
) -> Adoption:
    obj = result.obj
    return Adoption.objects.create(
        municipality=municipality,
        template=version.template,
        version=version,
        mode=mode,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=obj.pk if obj is not None else None,
        object_label=result.label[:255],
        summary=result.summary[:500],
        adopted_by=_user(by),
    )


@transaction.atomic
def template_adopt(
    *, version: TemplateVersion, municipality: Municipality, by: Any
) -> tuple[Adoption, WriteResult]:
    """Copy a template version into the municipality and record the link to it.

    A framework becomes a new draft version; criteria are added or replaced by code; RAG
    colours take the template's meaning (see each kind). One transaction: a problem (say, a
    criterion for a domain the municipality lacks) writes nothing.
    """
    _check_right(by, municipality.pk)
    if version.template.is_withdrawn:
        raise ValidationError(_("Dit sjabloon is ingetrokken en kan niet meer worden overgenomen."))
    handler = get_kind(version.template.kind)
    handler.validate(version.content, municipality)
    result = handler.write(municipality, version.content, merge=False)
    adoption = _record(
        municipality=municipality, version=version, mode=AdoptionMode.ADOPT, result=result, by=by
    )
    return adoption, result


def newest_version(template: Template) -> TemplateVersion | None:
    return template.versions.order_by("-number").first()


def merge_changes(adoption: Adoption) -> tuple[TemplateVersion | None, list[differences.Change]]:
    """The newest version of the adopted template and what changed since the adopted one."""
    newer = newest_version(adoption.template)
    if newer is None or newer.number <= adoption.version.number:
        return None, []
    handler = get_kind(adoption.template.kind)
    return newer, differences.compare(handler, adoption.version.content, newer.content)


@transaction.atomic
def adoption_merge(*, adoption: Adoption, keys: list[str], by: Any) -> tuple[Adoption, WriteResult]:
    """Take the selected changes of the newest version into the municipality.

    The changes are applied to the municipality's present state (its adopted framework, its
    criteria, its colours), so its own adaptations elsewhere stay; a framework becomes a new
    draft version. Recorded as a new adoption of the newer version.
    """
    municipality = adoption.municipality
    _check_right(by, municipality.pk)
    if adoption.template.is_withdrawn:
        raise ValidationError(_("Dit sjabloon is ingetrokken; er valt niets meer samen te voegen."))
    newer, changes = merge_changes(adoption)
    if newer is None:
        raise ValidationError(_("Er is geen nieuwere versie van dit sjabloon."))
    selected = [change for change in changes if change.key in set(keys)]
    if not selected:
        raise ValidationError(_("Kies ten minste één wijziging om over te nemen."))
    handler = get_kind(adoption.template.kind)
    target = adoption.adopted_object()
    base = handler.current(municipality, target) or adoption.version.content
    merged = differences.apply(handler, base, selected)
    handler.validate(merged, municipality)
    result = handler.write(municipality, merged, merge=True, target=target)
    record = _record(
        municipality=municipality, version=newer, mode=AdoptionMode.MERGE, result=result, by=by
    )
    return record, result


@transaction.atomic
def template_import(*, municipality: Municipality, raw: bytes, by: Any) -> TemplateVersion:
    """Import a ``koersvast.template/1`` file into this instance's library.

    The template is published by the importing municipality with the original author noted.
    Importing a file of a template the municipality imported before (same kind, title and
    original author) adds a new version to it.
    """
    _check_right(by, municipality.pk)
    parsed = fileformat.parse(raw)
    if not parsed.author:
        raise ContentError(["author: " + _("is verplicht.")])
    template = (
        Template.objects.in_municipality(municipality)
        .filter(
            kind=parsed.kind,
            title=parsed.title,
            original_author=parsed.author,
            withdrawn_at__isnull=True,
        )
        .order_by("pk")
        .first()
    )
    if template is None:
        template = Template.objects.create(
            municipality=municipality,
            kind=parsed.kind,
            title=parsed.title,
            description=parsed.description,
            original_author=parsed.author,
        )
    note = parsed.note or _("Geïmporteerd: versie %(number)s van %(author)s.") % {
        "number": parsed.version,
        "author": parsed.author,
    }
    return _new_version(template=template, content=parsed.content, note=note, by=by)
