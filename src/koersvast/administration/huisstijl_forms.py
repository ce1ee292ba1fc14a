"""The forms of Beheer › Huisstijl: colours, a token file, a logo."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from . import tokens as design_tokens


def _colour(value: str) -> str:
    try:
        return design_tokens.hex_of(design_tokens.parse_colour(value))
    except ValueError as exc:
        raise forms.ValidationError(
            _("'%(value)s' is geen kleur; gebruik #rrggbb, bijv. #c8102e."),
            params={"value": value[:40]},
        ) from exc


class ColoursForm(forms.Form):
    """One to three colours, from which the theme's tokens are made."""

    primary = forms.CharField(
        label=_("Hoofdkleur"),
        max_length=40,
        help_text=_("Voor de menubalk en de knoppen. Een kleur als #rrggbb, bijv. #c8102e."),
    )
    secondary = forms.CharField(
        label=_("Tweede kleur (optioneel)"),
        max_length=40,
        required=False,
        help_text=_("Voor de kopbalk; leeg: de hoofdkleur, donkerder."),
    )
    link = forms.CharField(
        label=_("Kleur van links (optioneel)"),
        max_length=40,
        required=False,
        help_text=_("Leeg: de tweede kleur."),
    )

    def clean_primary(self) -> str:
        return _colour(self.cleaned_data["primary"])

    def clean_secondary(self) -> str:
        value = self.cleaned_data["secondary"].strip()
        return _colour(value) if value else ""

    def clean_link(self) -> str:
        value = self.cleaned_data["link"].strip()
        return _colour(value) if value else ""


class TokenFileForm(forms.Form):
    """A token file: Style Dictionary / Design Tokens JSON, or CSS custom properties."""

    file = forms.FileField(
        label=_("Tokenbestand (JSON of CSS)"),
        help_text=_(
            "De design tokens van uw gemeente in de namen van NL Design System, bijv. "
            "--basis-color-default-bg-document. Alleen kleuren en lengtes; andere tokens worden "
            "overgeslagen. Hoogstens 3 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,.css,application/json,text/css"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > design_tokens.MAX_FILE_BYTES:
            raise forms.ValidationError(_("Het tokenbestand is groter dan 3 MB."))
        name = upload.name.lower()
        if not name.endswith((".json", ".css")):
            raise forms.ValidationError(_("Kies een .json- of .css-bestand."))
        return upload


class LogoForm(forms.Form):
    """The municipality's logo (PNG, JPEG or WebP; see huisstijl.logo_prepare)."""

    logo = forms.FileField(
        label=_("Logo (PNG, JPEG of WebP)"),
        help_text=_(
            "Hoogstens 1 MB. Het logo staat in de kopbalk op een witte achtergrond, 40 pixels "
            "hoog. Een SVG wordt niet aangenomen: sla het logo eerst op als PNG."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
