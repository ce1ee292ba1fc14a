"""The project meeting form with its action items."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koersvast.intake.forms.initiative import PersonChoiceField, members_of
from koersvast.tenancy.models import Municipality

from ..choices import MeetingKind

MEETING_AGENDAS = {
    "projectstart": _(
        "1. Aanleiding, doel en scope\n2. Driehoek en rollen\n3. Planning en mijlpalen\n"
        "4. Risico's en afhankelijkheden\n5. Afspraken over rapportage en besluitvorming"
    ),
    "koersvast": _(
        "1. Voortgang per aspect (tijd, geld, scope, kwaliteit, risico's, capaciteit, draagvlak)\n"
        "2. Acties van het vorige gesprek\n3. Risico's en issues\n4. Benodigde besluiten\n"
        "5. Nieuwe acties"
    ),
}


ACTION_ROWS = 3


class ProjectMeetingForm(forms.Form):
    """A project start-up or koersvast-gesprek with up to three new action items."""

    kind = forms.ChoiceField(label=_("Soort gesprek"), choices=MeetingKind.choices)
    held_on = forms.DateField(
        label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    notes = forms.CharField(
        label=_("Notities (agenda als checklist)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = members_of(municipality)
        for n in range(ACTION_ROWS):
            self.fields[f"action_{n}"] = forms.CharField(
                label=_("Actie %(n)s") % {"n": n + 1}, required=False, max_length=300
            )
            self.fields[f"owner_{n}"] = PersonChoiceField(
                people, required=False, label=_("Eigenaar actie %(n)s") % {"n": n + 1}
            )
            self.fields[f"due_{n}"] = forms.DateField(
                label=_("Deadline actie %(n)s") % {"n": n + 1},
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            )

    def actions(self) -> list[tuple[str, Any, Any]]:
        data = self.cleaned_data
        return [
            (data[f"action_{n}"], data[f"owner_{n}"], data[f"due_{n}"])
            for n in range(ACTION_ROWS)
            if data.get(f"action_{n}", "").strip()
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for n in range(ACTION_ROWS):
            if (data.get(f"owner_{n}") or data.get(f"due_{n}")) and not data.get(f"action_{n}"):
                self.add_error(
                    f"action_{n}", _("Beschrijf de actie, of laat eigenaar en deadline leeg.")
                )
        return data
