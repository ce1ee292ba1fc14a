"""The report form: which report, for which P&C moment and year, with which filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koersvast.core.formfields import model_choice_field
from koersvast.portfolio.models import Domain
from koersvast.tenancy.models import Municipality

from .choices import CycleMoment, Grouping, ReportKind
from .periods import MIN_YEAR, YEARS_AHEAD
from .selectors import DEFAULT_THRESHOLD


def max_year() -> int:
    return timezone.localdate().year + YEARS_AHEAD


class ReportForm(forms.Form):
    """Parameters of a report; also the hidden fields of the publish button."""

    kind = forms.ChoiceField(
        label=_("Soort rapportage"),
        choices=ReportKind.choices,
        error_messages={
            "required": _("Kies een soort rapportage."),
            "invalid_choice": _(
                "Onbekende soort rapportage “%(value)s”: kies de portfoliorapportage of de "
                "raadsrapportage."
            ),
        },
    )
    moment = forms.ChoiceField(
        label=_("P&C-moment"),
        choices=CycleMoment.choices,
        error_messages={
            "required": _("Kies een P&C-moment."),
            "invalid_choice": _(
                "Onbekend P&C-moment “%(value)s”: kies voorjaarsnota, begroting, najaarsnota "
                "of jaarrekening."
            ),
        },
    )
    year = forms.IntegerField(
        label=_("Jaar"),
        error_messages={
            "required": _("Vul een jaar in."),
            "invalid": _("Vul een jaartal in, bijvoorbeeld 2026."),
        },
    )
    group_by = forms.ChoiceField(
        label=_("Indelen per"),
        choices=Grouping.choices,
        required=False,
        help_text=_("Alleen voor de portfoliorapportage."),
        error_messages={"invalid_choice": _("Kies taakveld of begrotingsprogramma.")},
    )
    domain = forms.ModelChoiceField(
        label=_("Domein"),
        queryset=Domain.objects.none(),
        required=False,
        empty_label=_("Alle domeinen"),
        help_text=_("Alleen voor de portfoliorapportage."),
        error_messages={"invalid_choice": _("Dit domein bestaat niet in uw gemeente.")},
    )
    threshold = forms.IntegerField(
        label=_("Drempel grote projecten (totaalbudget in €)"),
        required=False,
        min_value=0,
        max_value=10**12,
        help_text=_("Alleen voor de raadsrapportage; standaard € 1.000.000."),
        error_messages={
            "invalid": _("Vul de drempel in hele euro's in, zonder punten, bijv. 1000000."),
            "min_value": _("De drempel kan niet negatief zijn."),
            "max_value": _("De drempel is onwaarschijnlijk hoog."),
        },
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        model_choice_field(self, "domain").queryset = Domain.objects.in_municipality(
            municipality
        ).order_by("order", "name", "pk")
        year = self.fields["year"]
        year.widget.attrs.update({"min": MIN_YEAR, "max": max_year()})

    def clean_year(self) -> int:
        year: int = self.cleaned_data["year"]
        if not MIN_YEAR <= year <= max_year():
            raise forms.ValidationError(
                _("Kies een jaar van %(min)s tot en met %(max)s."),
                params={"min": MIN_YEAR, "max": max_year()},
                code="year_range",
            )
        return year

    def clean_group_by(self) -> str:
        return self.cleaned_data.get("group_by") or Grouping.TAAKVELD

    def clean_threshold(self) -> int:
        value = self.cleaned_data.get("threshold")
        return DEFAULT_THRESHOLD if value is None else value

    def parameters(self) -> dict[str, Any]:
        """The cleaned parameters as plain JSON (stored with a published report)."""
        data = self.cleaned_data
        params: dict[str, Any] = {
            "kind": data["kind"],
            "moment": data["moment"],
            "year": data["year"],
        }
        if data["kind"] == ReportKind.PORTFOLIO:
            params["group_by"] = data["group_by"]
            params["domain"] = data["domain"].pk if data["domain"] else None
        else:
            params["threshold"] = data["threshold"]
        return params


def initial_parameters() -> dict[str, Any]:
    return {
        "kind": ReportKind.PORTFOLIO,
        "moment": CycleMoment.VOORJAARSNOTA,
        "year": timezone.localdate().year,
        "group_by": Grouping.TAAKVELD,
        "threshold": DEFAULT_THRESHOLD,
    }
