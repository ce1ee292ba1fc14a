"""Huisstijl of a municipality: selectors and services (decision 1003).

Only a beheerder (settings.manage) changes it; every change is a create, update or delete of the
`Huisstijl` row, so the audit trail records it with the tokens before and after. The logo is a
PNG Koersvast wrote itself from the upload (never the uploaded bytes), kept in Django's storage.
"""

from __future__ import annotations

import io
import secrets
import warnings
from functools import partial
from typing import Any

from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from koersvast.tenancy.models import Municipality
from koersvast.tenancy.policy import Action, require

from . import tokens as design_tokens
from .models import Huisstijl

LOGO_MAX_BYTES = 1024 * 1024
LOGO_MAX_PIXELS = 4000 * 4000
LOGO_BOX = (600, 160)  # the header shows it 40 px high; room for screens with 4x pixels
LOGO_FORMATS = {"PNG", "JPEG", "WEBP"}
VOORBEELD_THEME = "vendor/voorbeeld-theme.css"


class HuisstijlError(ValueError):
    """A logo or theme Koersvast does not accept; `messages` are for the beheerder."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


# --- selectors ---------------------------------------------------------------------------------


def huisstijl_of(municipality: Municipality | None) -> Huisstijl | None:
    """The municipality's own look, or None when it uses Koersvast's default."""
    if not municipality:  # also the lazy "no active municipality"
        return None
    return Huisstijl.objects.filter(municipality=municipality).first()


def theme_of(huisstijl: Huisstijl | None) -> dict[str, str]:
    """Every known token with the value in force: the default completed with the own tokens."""
    own = huisstijl.tokens if huisstijl else {}
    return {**design_tokens.DEFAULT_TOKENS, **own}


def voorbeeld_tokens() -> dict[str, str]:
    """The known tokens of NL Design System's Voorbeeld theme (vendored by `make static`)."""
    path = finders.find(VOORBEELD_THEME)
    if not path:
        raise HuisstijlError(
            [_("Het Voorbeeld-thema is niet geïnstalleerd (make static); kies zelf kleuren.")]
        )
    with open(path, encoding="utf-8") as file:
        return design_tokens.read_token_file(file.read(), filename="theme.css").tokens


# --- logo ------------------------------------------------------------------------------------


def logo_prepare(data: bytes) -> bytes:
    """The logo as a PNG Koersvast writes itself, at most LOGO_BOX: only PNG, JPEG and WebP are
    read (an SVG can carry script: it is refused, see decision 1003), and nothing of the upload
    but its pixels is kept (no metadata, no trailing bytes)."""
    from PIL import Image, UnidentifiedImageError

    if len(data) > LOGO_MAX_BYTES:
        raise HuisstijlError([_("Het logo is groter dan 1 MB.")])
    refused = _(
        "Kies een PNG-, JPEG- of WebP-afbeelding. Een SVG wordt niet aangenomen (die kan een "
        "script bevatten); sla het logo eerst op als PNG."
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image: Image.Image = Image.open(io.BytesIO(data))
            if image.format not in LOGO_FORMATS:
                raise HuisstijlError([refused])
            if image.width * image.height > LOGO_MAX_PIXELS:
                raise HuisstijlError([_("Het logo is groter dan 4000 × 4000 pixels.")])
            image.load()
    except HuisstijlError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise HuisstijlError([refused]) from exc
    except Image.DecompressionBombWarning as exc:
        raise HuisstijlError([_("Het logo is groter dan 4000 × 4000 pixels.")]) from exc
    image = image.convert("RGBA")
    image.thumbnail(LOGO_BOX)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


# --- services --------------------------------------------------------------------------------


def _delete_file_later(storage: Any, name: str | None) -> None:
    if name:
        transaction.on_commit(partial(storage.delete, name))


@transaction.atomic
def huisstijl_tokens_save(
    *,
    municipality: Municipality,
    by: Any,
    tokens: dict[str, str],
    source: str,
    source_name: str = "",
) -> Huisstijl:
    """Make `tokens` the municipality's theme (replacing its earlier tokens; the logo stays).
    Refused when a name is unknown, a value is no colour or length, or a text/background pair
    stays below WCAG AA."""
    require(by, municipality.pk, Action.SETTINGS_MANAGE)
    try:
        design_tokens.check_names(tokens)
        checked = {name: design_tokens.normalise(name, value) for name, value in tokens.items()}
    except ValueError as exc:
        messages = getattr(exc, "messages", [_("Een token heeft geen geldige waarde.")])
        raise HuisstijlError(messages) from exc
    problems = design_tokens.contrast_problems(checked)
    if problems:
        raise HuisstijlError(problems)
    huisstijl = Huisstijl.objects.select_for_update().filter(municipality=municipality).first()
    if huisstijl is None:
        huisstijl = Huisstijl(municipality=municipality)
    huisstijl.tokens = checked
    huisstijl.source = source
    huisstijl.source_name = source_name[:200]
    huisstijl.version = secrets.token_hex(6)
    huisstijl.save()
    return huisstijl


@transaction.atomic
def huisstijl_logo_save(*, municipality: Municipality, by: Any, data: bytes) -> Huisstijl:
    """Give the municipality this logo (checked and rewritten as PNG by `logo_prepare`)."""
    require(by, municipality.pk, Action.SETTINGS_MANAGE)
    png = logo_prepare(data)
    huisstijl = Huisstijl.objects.select_for_update().filter(municipality=municipality).first()
    if huisstijl is None:
        huisstijl = Huisstijl(municipality=municipality)
    old = huisstijl.logo.name if huisstijl.logo else ""
    huisstijl.version = secrets.token_hex(6)
    huisstijl.logo.save("logo.png", ContentFile(png), save=False)
    huisstijl.save()
    _delete_file_later(huisstijl.logo.storage, old)
    return huisstijl


@transaction.atomic
def huisstijl_reset(*, municipality: Municipality, by: Any) -> None:
    """Terug naar standaard: Koersvast's own colours again, and no logo."""
    require(by, municipality.pk, Action.SETTINGS_MANAGE)
    huisstijl = Huisstijl.objects.select_for_update().filter(municipality=municipality).first()
    if huisstijl is None:
        return
    name = huisstijl.logo.name if huisstijl.logo else ""
    storage = huisstijl.logo.storage
    huisstijl.delete()
    _delete_file_later(storage, name)


@transaction.atomic
def huisstijl_logo_remove(*, municipality: Municipality, by: Any) -> None:
    """Remove the logo only (the colours stay)."""
    require(by, municipality.pk, Action.SETTINGS_MANAGE)
    huisstijl = Huisstijl.objects.select_for_update().filter(municipality=municipality).first()
    if huisstijl is None or not huisstijl.logo:
        return
    if not huisstijl.tokens:
        huisstijl_reset(municipality=municipality, by=by)
        return
    name = huisstijl.logo.name
    huisstijl.logo = ""
    huisstijl.version = secrets.token_hex(6)
    huisstijl.save()
    _delete_file_later(huisstijl.logo.storage, name)
