"""The lesson form (geleerde les)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koersvast.core.formfields import model_choice_field
from koersvast.portfolio.models import Domain


class LessonForm(forms.Form):
    title = forms.CharField(label=_("Les (kort)"), max_length=200)
    what_happened = forms.CharField(
        label=_("Wat gebeurde er?"), widget=forms.Textarea(attrs={"rows": 4}), max_length=8000
    )
    to_repeat = forms.CharField(
        label=_("Wat herhalen we?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )
    to_avoid = forms.CharField(
        label=_("Wat vermijden we?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )
    tags = forms.CharField(
        label=_("Trefwoorden"),
        required=False,
        max_length=500,
        help_text=_("Gescheiden door komma's, bijvoorbeeld: aanbesteding, communicatie."),
    )
    domain: forms.ModelChoiceField[Domain] = forms.ModelChoiceField(
        label=_("Domein"), queryset=None, required=False, empty_label=_("Geen (hele portfolio)")
    )

    def __init__(self, *args: Any, municipality: Any, with_domain: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if with_domain:
            model_choice_field(self, "domain").queryset = Domain.objects.in_municipality(
                municipality
            ).active()
        else:
            del self.fields["domain"]


def lesson_initial(lesson: Any) -> dict[str, Any]:
    return {
        "title": lesson.title,
        "what_happened": lesson.what_happened,
        "to_repeat": lesson.to_repeat,
        "to_avoid": lesson.to_avoid,
        "tags": ", ".join(lesson.tag_list),
        "domain": lesson.domain_id,
    }
