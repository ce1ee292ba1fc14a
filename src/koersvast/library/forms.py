"""Forms of the template library (validation only; the services write)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koersvast.core.formfields import choice_field
from koersvast.tenancy.models import Municipality

from .kinds import KINDS, kind_choices
from .selectors import own_templates


class PublishForm(forms.Form):
    source = forms.ChoiceField(label=_("Wat publiceert u?"))
    template = forms.ChoiceField(
        label=_("Als"),
        required=False,
        help_text=_("Een nieuw sjabloon, of een nieuwe versie van een sjabloon van uw gemeente."),
    )
    title = forms.CharField(label=_("Titel"), max_length=200)
    description = forms.CharField(
        label=_("Beschrijving"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Voor wie is het bedoeld en hoe wordt het gebruikt?"),
    )
    note = forms.CharField(
        label=_("Wat is er veranderd"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Alleen bij een nieuwe versie."),
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        groups: list[tuple[str, list[tuple[str, str]]]] = []
        for key, label in kind_choices():
            sources = KINDS[key].sources(municipality)
            if sources:
                groups.append((label, [(f"{key}:{s.key}", s.label) for s in sources]))
        choice_field(self, "source").choices = [("", _("— kies —")), *groups]
        self.templates = {str(t.pk): t for t in own_templates(municipality=municipality)}
        choice_field(self, "template").choices = [
            ("", _("Nieuw sjabloon")),
            *[
                (
                    pk,
                    _("Nieuwe versie van ‘%(title)s’ (%(kind)s, nu versie %(number)s)")
                    % {"title": t.title, "kind": t.kind_label, "number": t.latest_number},
                )
                for pk, t in self.templates.items()
            ],
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        source = data.get("source") or ""
        data["kind"], _sep, data["source_key"] = source.partition(":")
        chosen = self.templates.get(data.get("template") or "")
        if chosen is not None and data["kind"] and chosen.kind != data["kind"]:
            self.add_error(
                "template",
                _("Dit sjabloon is een %(kind)s; kies een bron van dezelfde soort.")
                % {"kind": chosen.kind_label},
            )
        data["template_obj"] = chosen
        return data


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Sjabloonbestand (JSON)"),
        help_text=_("Een bestand in het formaat koersvast.template/1, hoogstens 1 MB."),
    )
