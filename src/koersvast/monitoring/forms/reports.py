"""The progress report form and the meaning of the RAG colours."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koersvast.core.concurrency import VersionedFormMixin

from ..choices import Rag
from ..models import ProgressReport

QUARTERS = [(q, f"Q{q}") for q in range(1, 5)]


class ReportForm(VersionedFormMixin, forms.ModelForm):
    """Voortgangsrapportage: een kleur per aspect, toelichting, prognose, gevraagde besluiten."""

    quarter = forms.TypedChoiceField(label=_("Kwartaal"), choices=QUARTERS, coerce=int)
    expected_end_quarter = forms.TypedChoiceField(
        label=_("Verwacht einde: kwartaal"),
        choices=[("", "—"), *QUARTERS],
        coerce=int,
        empty_value=None,
        required=False,
    )

    class Meta:
        model = ProgressReport
        fields = [
            "year",
            "quarter",
            "rag_time",
            "rag_money",
            "rag_scope",
            "rag_quality",
            "rag_risks",
            "rag_capacity",
            "rag_support",
            "narrative",
            "forecast",
            "expected_end_year",
            "expected_end_quarter",
            "decisions_needed",
        ]
        widgets = {
            "narrative": forms.Textarea(attrs={"rows": 5}),
            "forecast": forms.Textarea(attrs={"rows": 3}),
            "decisions_needed": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "narrative": {"required": _("Licht de voortgang toe.")},
            **{
                f: {"required": _("Kies een kleur voor dit aspect.")}
                for f in (
                    "rag_time",
                    "rag_money",
                    "rag_scope",
                    "rag_quality",
                    "rag_risks",
                    "rag_capacity",
                    "rag_support",
                )
            },
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The period of an existing report is fixed (a correction keeps its quarter).
            self.fields["year"].disabled = True
            self.fields["quarter"].disabled = True

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        colours = [data.get(name) for name in self.Meta.fields if name.startswith("rag_")]
        explained = (data.get("decisions_needed") or "").strip() or (
            data.get("forecast") or ""
        ).strip()
        if (data.get("expected_end_year") is None) != (data.get("expected_end_quarter") is None):
            self.add_error(
                "expected_end_quarter", _("Geef van het verwachte einde jaar en kwartaal.")
            )
        if Rag.RED in colours and not explained:
            self.add_error(
                "forecast", _("Bij een rood aspect hoort een prognose of een gevraagd besluit.")
            )
        return data


class RagDefinitionForm(forms.Form):
    groen = forms.CharField(label=_("Groen betekent"), max_length=300)
    oranje = forms.CharField(label=_("Oranje betekent"), max_length=300)
    rood = forms.CharField(label=_("Rood betekent"), max_length=300)
